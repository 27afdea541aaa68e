// The same words about a ticket on the kiosk and on the phone page (t is the kit's translator).

export function aheadText(t, count) {
  if (count <= 0) return t("ticket.ahead_none");
  return t("ticket.ahead", { count }); // a plural: Intl.PluralRules picks the form
}

// The server announces one wait (a range) for every screen; only its words are translated here.
export function waitWords(t, wait) {
  if (!wait || wait.kind === "unknown") return t("wait.unknown");
  if (wait.kind === "soon") return t("wait.soon");
  if (wait.kind === "upto") return t("wait.upto", { high: wait.high });
  return t("wait.range", { low: wait.low, high: wait.high });
}

export function waitText(t, wait) {
  return t("ticket.wait", { wait: waitWords(t, wait) });
}
