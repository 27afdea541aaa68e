// Rendering of the queue: the current call, the last calls, the waits. Numbers only, no names.
import { h } from "/static/common/dom.js";
import { minutesText, placeText, writtenText } from "./format.js";

function callPlace(call) {
  if (call.coming_to_you) return [h("span", { class: "call-link" }, "— "), placeText(call)];
  return [h("span", { class: "call-link", "aria-hidden": "true" }, "→ "),
    h("span", { class: "visually-hidden" }, ", "), placeText(call)];
}

// The short form for the list: "— vers vous" on screen, the whole sentence for screen readers.
function listPlace(call) {
  if (!call.coming_to_you) return callPlace(call);
  return [h("span", { "aria-hidden": "true" }, "— vers vous"),
    h("span", { class: "visually-hidden" }, `, ${placeText(call)}`)];
}

// Each ticket once, newest first: a recall replaces the earlier call of the same number.
export function renderLastCalls(list, calls) {
  const seen = new Set();
  const latest = calls.filter((call) => !seen.has(call.number) && seen.add(call.number));
  list.replaceChildren(...latest.map((call) => h("li", { class: "last-call" },
    h("span", { class: "last-number" }, call.number),
    h("span", { class: "last-place" }, ...listPlace(call)),
    call.recall ? h("span", { class: "tag" }, "Rappel") : "",
  )));
  if (!calls.length) list.append(h("li", { class: "last-call empty" }, "Aucun appel pour l'instant."));
}

export function renderThemes(rows, total, snapshot) {
  total.textContent = String(snapshot.waiting_count);
  rows.replaceChildren(...snapshot.themes.map((theme) => h("tr", {
    class: theme.waiting ? "theme busy" : "theme",
  }, h("th", { scope: "row", class: "theme-label" }, theme.label),
  h("td", { class: "theme-count" }, String(theme.waiting)),
  h("td", { class: "theme-wait" }, minutesText(theme),
    theme.waiting ? "" : h("span", { class: "visually-hidden" }, "pas d'attente")))));
}

export class DisplayView {
  constructor(root) {
    this.panel = root.getElementById("call-panel");
    this.label = root.getElementById("call-label");
    this.number = root.getElementById("call-number");
    this.place = root.getElementById("call-place");
    this.recall = root.getElementById("call-recall");
    this.live = root.getElementById("call-live");
    this.lastCalls = root.getElementById("last-calls");
    this.themes = root.getElementById("themes");
    this.total = root.getElementById("waiting-total");
    this.soundButton = root.getElementById("enable-sound");
    this.shownCall = false;
  }

  // The call being announced: big on screen and in the live region (for deaf visitors and
  // screen readers alike, the same words the voice says).
  showCall(call, { announced = true } = {}) {
    this.shownCall = true;
    this.label.textContent = announced ? "Appel en cours" : "Dernier appel";
    this.number.textContent = call.number;
    this.place.replaceChildren(...callPlace(call));
    this.recall.hidden = !call.recall;
    this.panel.dataset.number = call.number;
    this.panel.classList.toggle("coming-to-you", Boolean(call.coming_to_you));
    if (announced) this.live.textContent = writtenText(call);
  }

  showSnapshot(snapshot) {
    renderLastCalls(this.lastCalls, snapshot.last_calls);
    // Long counter names may wrap: the oldest calls give way rather than being cut in half.
    const section = this.lastCalls.parentElement;
    while (this.lastCalls.children.length > 3 && section.scrollHeight > section.clientHeight + 1) {
      this.lastCalls.lastElementChild.remove();
    }
    renderThemes(this.themes, this.total, snapshot);
    // After a (re)load the screen shows the latest call rather than an empty panel.
    if (!this.shownCall && snapshot.last_calls.length) {
      this.showCall(snapshot.last_calls[0], { announced: false });
    }
  }

  showBusy(busy) {
    this.panel.dataset.state = busy ? "announcing" : "idle";
  }

  showSoundBlocked(blocked) {
    this.soundButton.hidden = !blocked;
    document.body.dataset.audio = blocked ? "blocked" : "running";
  }
}
