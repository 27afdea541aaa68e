// Idle timeout (RGAA 13.1): after a quiet spell a visible countdown warns; any tap extends.
//   watchIdle({ idleSeconds, warningSeconds, isResting, onWarn(seconds), onCalm, onTimeout,
//     onActivity, started })  -> { touch, start, stop }
// isResting() true means there is nothing to protect (the start screen): the clock stays at zero.
export function watchIdle({
  idleSeconds, warningSeconds, isResting = () => false, onWarn, onCalm = () => {}, onTimeout,
  onActivity = () => {}, started = true,
}) {
  let lastActivity = Date.now();
  let warning = false;
  let running = started;

  const touch = () => {
    lastActivity = Date.now();
    if (warning) {
      warning = false;
      onCalm();
    }
  };
  const activity = () => {
    if (!running) return;
    touch();
    onActivity();
  };
  const tick = () => {
    if (!running) return;
    if (isResting()) {
      lastActivity = Date.now();
      return;
    }
    const quiet = (Date.now() - lastActivity) / 1000;
    if (quiet < idleSeconds) return;
    const remaining = Math.ceil(idleSeconds + warningSeconds - quiet);
    if (remaining <= 0) {
      warning = false;
      lastActivity = Date.now();
      onTimeout();
    } else {
      warning = true;
      onWarn(remaining);
    }
  };

  for (const type of ["pointerdown", "keydown", "touchstart"]) {
    document.addEventListener(type, activity, { capture: true, passive: true });
  }
  setInterval(tick, 250);
  return {
    touch,
    start() { running = true; touch(); },
    stop() { running = false; if (warning) { warning = false; onCalm(); } },
  };
}
