// The itinerant laptop's link to the central server: "Synchronisé il y a 5 min" or
// "3 jours non synchronisés", the last error, and "Synchroniser maintenant". Hidden on a server
// that is not a laptop of a central (the status says it is not configured).
import { get, post } from "/static/common/api.js";
import { byId as $, show } from "/static/common/dom.js";

const REFRESH_MS = 60000;
const POLL_MS = 2000;
const POLL_LIMIT = 30;
let timer = null;

function render(status) {
  const panel = $("sync-panel");
  if (!panel) return;
  show(panel, status.configured);
  if (!status.configured) return;
  const state = $("sync-state");
  state.textContent = status.running ? "Synchronisation en cours…" : status.text;
  state.dataset.level = status.running ? "running" : status.level;
  const error = $("sync-error");
  error.textContent = status.last_error ? `Dernière erreur : ${status.last_error}` : "";
  show(error, Boolean(status.last_error) && !status.running);
  $("sync-now").disabled = status.running;
}

export async function loadSync() {
  try {
    render(await get("/sync/status"));
  } catch {
    // the status is a convenience: the console works without it
  }
  clearTimeout(timer);
  timer = setTimeout(loadSync, REFRESH_MS);
}

async function runNow() {
  try {
    render(await post("/sync/run"));
  } catch (error) {
    $("sync-state").textContent = error.message;
    return;
  }
  for (let attempt = 0; attempt < POLL_LIMIT; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const status = await get("/sync/status").catch(() => null);
    if (status) render(status);
    if (status && !status.running) break;
  }
}

export function setupSync() {
  const button = $("sync-now");
  if (button) button.addEventListener("click", runNow);
}
