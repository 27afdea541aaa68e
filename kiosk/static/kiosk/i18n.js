// Texts come from the server's catalogues; a missing text falls back to French, never to a key.
export function translator(texts, fallback = "fr") {
  return (language) => (key, params = {}) => {
    const text = texts[language]?.[key] ?? texts[fallback]?.[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
  };
}

export function aheadText(t, count) {
  if (count <= 0) return t("ticket.ahead_none");
  return count === 1 ? t("ticket.ahead_one") : t("ticket.ahead_many", { count });
}

export function waitText(t, minutes) {
  return minutes > 0 ? t("ticket.wait", { minutes }) : t("ticket.wait_none");
}
