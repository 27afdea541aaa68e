// The phone view of the queue (/queue): read-only, live, no sound, no personal data.
import { pageData } from "/static/common/dom.js";
import { connectLive } from "/static/common/live.js";
import { waitingTotalText, writtenText } from "./format.js";
import { renderLastCalls, renderThemes } from "./view.js";

const settings = pageData("display-settings");
const lastCalls = document.getElementById("last-calls");
const themes = document.getElementById("themes");
const total = document.getElementById("waiting-total");
const summary = document.getElementById("waiting-summary");
const latest = document.getElementById("call-live");

function showSnapshot(snapshot) {
  renderLastCalls(lastCalls, snapshot.last_calls);
  renderThemes(themes, total, snapshot);
  summary.textContent = waitingTotalText(snapshot.waiting_count);
}

connectLive({
  namespace: settings.namespace,
  auth: { site: settings.site },
  banner: document.getElementById("connection"),
  texts: { connecting: "connexion…", lost: "reconnexion…" },
  onSnapshot: showSnapshot,
  on: {
    queue_changed: showSnapshot,
    // Announced once to screen readers; the list itself follows from the next snapshot.
    ticket_called: (call) => { latest.textContent = `Appel : ${writtenText(call)}`; },
  },
});
