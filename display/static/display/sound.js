// The sound of a call: a two-tone chime (Web Audio, no file) then the French voice.
import { spokenText } from "./format.js";

const CHIME = [
  { frequency: 659.25, start: 0, length: 0.55 }, // E5
  { frequency: 523.25, start: 0.35, length: 0.75 }, // C5
];
const CHIME_MS = 1150;
const UNLOCK_CHECK_MS = 400;

// Browsers keep audio blocked until someone touches the page; a kiosk-mode Chromium started
// with --autoplay-policy=no-user-gesture-required never is.
export class Sound {
  constructor(volume, onBlocked) {
    this.volume = volume;
    this.onBlocked = onBlocked;
    this.context = null;
    this.voice = null;
  }

  get enabled() {
    return this.volume > 0;
  }

  start() {
    if (!this.enabled) return;
    const Context = window.AudioContext || window.webkitAudioContext;
    if (Context) {
      this.context = new Context();
      this.context.addEventListener("statechange", () => this.#reportBlocked());
      this.context.resume().catch(() => {});
      setTimeout(() => this.#reportBlocked(), UNLOCK_CHECK_MS);
    }
    if ("speechSynthesis" in window) {
      this.#pickVoice();
      speechSynthesis.addEventListener("voiceschanged", () => this.#pickVoice());
    }
  }

  get blocked() {
    return Boolean(this.context) && this.context.state !== "running";
  }

  // Called by the "Activer le son" button: a user gesture unlocks both audio and speech.
  async unlock() {
    if (this.context) await this.context.resume().catch(() => {});
    if ("speechSynthesis" in window) speechSynthesis.speak(new SpeechSynthesisUtterance(""));
    this.#reportBlocked();
  }

  // Resolves when the chime and the voice are over (or failed, or there is no voice).
  async play(call) {
    if (!this.enabled) return;
    await this.#chime();
    await this.#speak(spokenText(call));
  }

  stop() {
    if ("speechSynthesis" in window) speechSynthesis.cancel();
  }

  #reportBlocked() {
    this.onBlocked(this.blocked);
  }

  #pickVoice() {
    const voices = speechSynthesis.getVoices();
    this.voice = voices.find((v) => v.lang === "fr-FR")
      || voices.find((v) => v.lang.toLowerCase().startsWith("fr")) || null;
  }

  #chime() {
    const context = this.context;
    if (!context || context.state !== "running") return Promise.resolve();
    const now = context.currentTime;
    for (const note of CHIME) {
      const oscillator = new OscillatorNode(context, { type: "sine", frequency: note.frequency });
      const gain = new GainNode(context, { gain: 0 });
      const begin = now + note.start;
      // A soft attack and a long decay: a bell, not a beep.
      gain.gain.setValueAtTime(0, begin);
      gain.gain.linearRampToValueAtTime(0.35 * this.volume, begin + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.001, begin + note.length);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(begin);
      oscillator.stop(begin + note.length + 0.05);
    }
    return new Promise((resolve) => setTimeout(resolve, CHIME_MS));
  }

  #speak(text) {
    if (!("speechSynthesis" in window) || !this.voice) return Promise.resolve();
    return new Promise((resolve) => {
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = "fr-FR";
      utterance.voice = this.voice;
      utterance.volume = this.volume;
      utterance.rate = 1.1; // the whole call stays around 3 seconds
      utterance.onend = resolve;
      utterance.onerror = resolve;
      speechSynthesis.speak(utterance);
    });
  }
}
