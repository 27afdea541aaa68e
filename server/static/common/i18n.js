// Texts come from the server's catalogues; a missing text falls back to French, never to a key.

const NARROW_NBSP = "\u202f";
const FRENCH = new Set(["fr", "falc"]);

// French typography: a non-breaking space before ? ! : ; and inside codes like "RDV-1234",
// so a line never starts with a lone "?" and a code is never cut at its hyphen; a number and its
// unit ("30 min") stay together.
export function typeset(text, language = "fr") {
  let result = text.replace(/\b([A-Z]{2,4})-(\d)/g, "$1\u2011$2")
    .replace(/(\d) (min|h|s|sn|сек)(?![\p{L}])/gu, "$1\u00a0$2"); // "30 min" stays on one line
  if (FRENCH.has(language)) {
    result = result.replace(/[ \u00a0]+([?!:;»])/g, `${NARROW_NBSP}$1`).replace(/« /g, `«${NARROW_NBSP}`);
  }
  return result;
}

// FALC is French: its plural rules are French ones.
const pluralLocale = (language) => (FRENCH.has(language) ? "fr" : language);

// A plural arrives as its forms by CLDR category ({one, few, many, other …}, from the server's
// gettext catalogue); the browser's Intl.PluralRules picks the category of params.count.
function pick(text, language, params) {
  if (typeof text !== "object" || text === null) return text;
  const category = new Intl.PluralRules(pluralLocale(language)).select(Number(params.count ?? 0));
  return text[category] ?? text.other;
}

// translator(texts)(language)(key, params) -> the text, with {placeholders} filled in.
export function translator(texts, fallback = "fr") {
  return (language) => (key, params = {}) => {
    const own = texts[language]?.[key];
    const used = own !== undefined ? language : fallback;
    const text = pick(own ?? texts[fallback]?.[key] ?? key, used, params);
    const filled = text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
    return typeset(filled, used);
  };
}

// The server announces one wait (a range) for every screen; only its words are translated here.
export function waitWords(t, wait) {
  if (!wait || wait.kind === "unknown") return t("wait.unknown");
  if (wait.kind === "soon") return t("wait.soon");
  if (wait.kind === "upto") return t("wait.upto", { high: wait.high });
  return t("wait.range", { low: wait.low, high: wait.high });
}

// "09:30" -> "9 h 30", "12:00" -> "12 h": hours as the French write them, on every screen.
export function hourText(hhmm) {
  const [hours, minutes] = hhmm.split(":").map(Number);
  return minutes ? `${hours}\u00a0h\u00a0${String(minutes).padStart(2, "0")}` : `${hours}\u00a0h`;
}

// The same hour inside a sentence of the visitor's language: in a right-to-left one (Arabic) it is
// isolated as one left-to-right piece, which the bidi algorithm left alone drew as "h 30 10".
export function hourIn(hhmm, direction = "ltr") {
  const text = hourText(hhmm);
  return direction === "rtl" ? `\u2066${text}\u2069` : text;
}
