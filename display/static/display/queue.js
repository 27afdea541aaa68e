// The phone view of the queue (/queue): read-only, live, no sound, no personal data.
import { waitingTotalText, writtenText } from "./format.js";
import { connectLive } from "./live.js";
import { renderLastCalls, renderThemes } from "./view.js";

const settings = JSON.parse(document.getElementById("display-settings").textContent);
const lastCalls = document.getElementById("last-calls");
const themes = document.getElementById("themes");
const total = document.getElementById("waiting-total");
const summary = document.getElementById("waiting-summary");
const latest = document.getElementById("call-live");
const connection = document.getElementById("connection");

function showSnapshot(snapshot) {
  renderLastCalls(lastCalls, snapshot.last_calls);
  renderThemes(themes, total, snapshot);
  summary.textContent = waitingTotalText(snapshot.waiting_count);
}

connectLive({
  namespace: settings.namespace,
  site: settings.site,
  onSnapshot: showSnapshot,
  // Announced once to screen readers; the list itself follows from the next snapshot.
  onCall: (call) => { latest.textContent = `Appel : ${writtenText(call)}`; },
  onStatus: (connected) => {
    connection.hidden = connected;
    document.body.dataset.connected = String(connected);
  },
});
