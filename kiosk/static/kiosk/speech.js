// "Lire à voix haute": the browser's own offline voices; silently nothing if there are none.
const VOICE_LANGUAGES = { fr: "fr", falc: "fr", bg: "bg", tr: "tr", ar: "ar", es: "es", pt: "pt", en: "en" };

export function canSpeak() {
  return "speechSynthesis" in window && "SpeechSynthesisUtterance" in window;
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
