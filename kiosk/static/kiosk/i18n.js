// The same words about a ticket on the kiosk and on the phone page (t is the kit's translator).

export function aheadText(t, count) {
  if (count <= 0) return t("ticket.ahead_none");
  return count === 1 ? t("ticket.ahead_one") : t("ticket.ahead_many", { count });
}

export function waitText(t, minutes) {
  return minutes > 0 ? t("ticket.wait", { minutes }) : t("ticket.wait_none");
}
