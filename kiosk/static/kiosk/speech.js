// "Lire à voix haute": the browser's own offline voices; silently nothing if there are none.
const VOICE_LANGUAGES = { fr: "fr", falc: "fr", bg: "bg", tr: "tr", ar: "ar", es: "es", pt: "pt", en: "en" };

// Only with a voice of the visitor's language on this machine: without one the button did
// nothing (no voice at all) or read Arabic with a French voice.
export function canSpeak(language) {
  if (!("speechSynthesis" in window && "SpeechSynthesisUtterance" in window)) return false;
  const prefix = VOICE_LANGUAGES[language] || "fr";
  return window.speechSynthesis.getVoices().some((v) => v.lang.toLowerCase().startsWith(prefix));
}

// The browser lists its voices a moment after the page opens, and again when they change.
export function onVoicesChanged(callback) {
  window.speechSynthesis?.addEventListener?.("voiceschanged", callback);
}

export function speak(text, language) {
  if (!canSpeak()) return;
  const prefix = VOICE_LANGUAGES[language] || "fr";
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = prefix;
  const voice = window.speechSynthesis.getVoices().find((v) => v.lang.toLowerCase().startsWith(prefix));
  if (voice) utterance.voice = voice;
  window.speechSynthesis.cancel();
  window.speechSynthesis.speak(utterance);
}
