// The same words about a ticket on the kiosk and on the phone page (t is the kit's translator).
import { waitWords } from "/static/common/i18n.js";

export { waitWords };

export function aheadText(t, count) {
  if (count <= 0) return t("ticket.ahead_none");
  return t("ticket.ahead", { count }); // a plural: Intl.PluralRules picks the form
}

export function waitText(t, wait) {
  return t("ticket.wait", { wait: waitWords(t, wait) });
}
