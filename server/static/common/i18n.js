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

// translator(texts)(language)(key, params) -> the text, with {placeholders} filled in.
export function translator(texts, fallback = "fr") {
  return (language) => (key, params = {}) => {
    const text = texts[language]?.[key] ?? texts[fallback]?.[key] ?? key;
    const filled = text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
    return typeset(filled, texts[language]?.[key] !== undefined ? language : fallback);
  };
}

// "09:30" -> "9 h 30", "12:00" -> "12 h": hours as the French write them, on every screen.
export function hourText(hhmm) {
  const [hours, minutes] = hhmm.split(":").map(Number);
  return minutes ? `${hours}\u00a0h\u00a0${String(minutes).padStart(2, "0")}` : `${hours}\u00a0h`;
}
