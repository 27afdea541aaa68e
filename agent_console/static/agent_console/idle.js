// Automatic sign-out after inactivity: a warning with a countdown first, one tap to stay.
// The server forgets idle sessions after the same delay, so activity here is reported to it.

import { get } from "/static/common/api.js";
import { byId } from "/static/common/dom.js";
import { watchIdle } from "/static/common/idle.js";

const KEEPALIVE_MS = 5 * 60 * 1000;

export function createIdleGuard({ idleMinutes, warningSeconds, onTimeout }) {
  const dialog = byId("idle-warning");
  let lastKeepalive = 0;

  const keepalive = () => {
    if (Date.now() - lastKeepalive < KEEPALIVE_MS) return;
    lastKeepalive = Date.now();
    get("/auth/me").catch(() => {}); // a 401 here is found by the next real action
  };

  const timer = watchIdle({
    idleSeconds: Math.max(idleMinutes * 60 - warningSeconds, 30),
    warningSeconds,
    started: false,
    onWarn: (seconds) => {
      byId("idle-seconds").textContent = String(seconds);
      if (!dialog.open) dialog.showModal();
    },
    onCalm: () => { if (dialog.open) dialog.close(); },
    onTimeout: () => {
      timer.stop();
      onTimeout();
    },
    onActivity: keepalive,
  });

  byId("idle-stay").addEventListener("click", () => {
    lastKeepalive = 0;
    timer.touch();
    keepalive();
  });
  dialog.addEventListener("cancel", (event) => event.preventDefault());

  return {
    start() {
      lastKeepalive = Date.now();
      timer.start();
    },
    stop: () => timer.stop(),
  };
}
