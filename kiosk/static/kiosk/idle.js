// Idle timeout (RGAA 13.1): after a quiet spell a visible countdown warns; any tap extends.
export class IdleTimer {
  constructor({ idleSeconds, warningSeconds, isResting, onWarn, onCalm, onTimeout }) {
    Object.assign(this, { idleSeconds, warningSeconds, isResting, onWarn, onCalm, onTimeout });
    this.lastActivity = Date.now();
    this.warning = false;
    for (const type of ["pointerdown", "keydown", "touchstart"]) {
      document.addEventListener(type, () => this.touch(), { capture: true, passive: true });
    }
    setInterval(() => this.tick(), 250);
  }

  touch() {
    this.lastActivity = Date.now();
    if (this.warning) {
      this.warning = false;
      this.onCalm();
    }
  }

  tick() {
    if (this.isResting()) {
      this.lastActivity = Date.now();
      return;
    }
    const quiet = (Date.now() - this.lastActivity) / 1000;
    if (quiet < this.idleSeconds) return;
    const remaining = Math.ceil(this.idleSeconds + this.warningSeconds - quiet);
    if (remaining <= 0) {
      this.warning = false;
      this.lastActivity = Date.now();
      this.onTimeout();
    } else {
      this.warning = true;
      this.onWarn(remaining);
    }
  }
}
