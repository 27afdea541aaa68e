// Automatic sign-out after inactivity: a warning with a countdown first, one tap to stay.
// The server forgets idle sessions after the same delay, so activity here is reported to it.

import { get } from "./api.js";
import { $ } from "./view.js";

const KEEPALIVE_MS = 5 * 60 * 1000;
const ACTIVITY = ["pointerdown", "keydown"];

export function createIdleGuard({ idleMinutes, warningSeconds, onTimeout }) {
  const dialog = $("idle-warning");
  const quietMs = Math.max(idleMinutes * 60 - warningSeconds, 30) * 1000;
  let quietTimer = null;
  let tickTimer = null;
  let lastKeepalive = 0;
  let running = false;

  const keepalive = () => {
    if (Date.now() - lastKeepalive < KEEPALIVE_MS) return;
    lastKeepalive = Date.now();
    get("/auth/me").catch(() => {});  // a 401 here is found by the next real action
  };

  const warn = () => {
    let left = warningSeconds;
    $("idle-seconds").textContent = String(left);
    dialog.showModal();
    tickTimer = setInterval(() => {
      left -= 1;
      $("idle-seconds").textContent = String(left);
      if (left <= 0) {
        stop();
        onTimeout();
      }
    }, 1000);
  };

  const restart = () => {
    if (!running || dialog.open) return;
    clearTimeout(quietTimer);
    quietTimer = setTimeout(warn, quietMs);
    keepalive();
  };

  function stop() {
    running = false;
    clearTimeout(quietTimer);
    clearInterval(tickTimer);
    if (dialog.open) dialog.close();
  }

  $("idle-stay").addEventListener("click", () => {
    clearInterval(tickTimer);
    dialog.close();
    lastKeepalive = 0;
    restart();
  });
  dialog.addEventListener("cancel", (event) => event.preventDefault());
  for (const type of ACTIVITY) document.addEventListener(type, restart, { passive: true });

  return {
    start() {
      running = true;
      lastKeepalive = Date.now();
      restart();
    },
    stop,
  };
}
