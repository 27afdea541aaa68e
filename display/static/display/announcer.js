// The announcement queue: each call is shown and heard in turn, never over another one.

const HOLD_MS = 3500; // a call stays the current one at least this long (time to read it)
const MAX_SOUND_MS = 3500; // chime + voice; a voice that never ends is cut here

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const epochNow = () => performance.timeOrigin + performance.now();

export class Announcer {
  // show(call) writes the call on screen; sound(call) resolves when the sound is over;
  // silence() stops a sound that runs too long.
  constructor({ show, sound, silence, onBusy }) {
    this.show = show;
    this.sound = sound;
    this.silence = silence;
    this.onBusy = onBusy;
    this.queue = [];
    this.running = false;
    // The log of what was announced, in order: a test and benchmark hook, never sent anywhere.
    this.log = [];
  }

  enqueue(call) {
    this.queue.push(call);
    if (!this.running) this.#drain();
  }

  async #drain() {
    this.running = true;
    this.onBusy(true);
    while (this.queue.length) {
      const call = this.queue.shift();
      const entry = {
        number: call.number, recall: call.recall, coming_to_you: call.coming_to_you,
        shown_at: 0, ended_at: null,
      };
      this.show(call);
      entry.shown_at = epochNow();
      this.log.push(entry);
      const hold = wait(HOLD_MS);
      // Speech may be missing, silent or stuck (headless browsers): the queue moves on anyway.
      const sounded = Promise.resolve().then(() => this.sound(call)).catch(() => {});
      let timer;
      const cut = new Promise((resolve) => {
        timer = setTimeout(() => resolve(this.silence()), MAX_SOUND_MS);
      });
      await Promise.race([sounded, cut]);
      clearTimeout(timer);
      await hold;
      entry.ended_at = epochNow();
    }
    this.running = false;
    this.onBusy(false);
  }
}
