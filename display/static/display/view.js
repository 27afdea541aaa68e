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
export function renderLastCalls(list, calls, emptyText = "Aucun appel pour l'instant.") {
  const seen = new Set();
  const latest = calls.filter((call) => !seen.has(call.number) && seen.add(call.number));
  list.replaceChildren(...latest.map((call) => h("li", { class: "last-call" },
    h("span", { class: "last-number" }, call.number),
    h("span", { class: "last-place" }, ...listPlace(call)),
    call.recall ? h("span", { class: "tag" }, "Rappel") : "",
  )));
  if (!calls.length) list.append(h("li", { class: "last-call empty" }, emptyText));
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

// Each number once, newest first, among the calls still in progress.
function currentCalls(calls) {
  const seen = new Set();
  return calls.filter((call) => !seen.has(call.number) && seen.add(call.number)).filter((call) => call.active);
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
    this.snapshot = null;
    this.announcing = false;
  }

  // The call being announced: big on screen and in the live region (for deaf visitors and
  // screen readers alike, the same words the voice says).
  showCall(call, { announced = true } = {}) {
    this.label.textContent = "Appel en cours";
    this.number.textContent = call.number;
    this.place.replaceChildren(...callPlace(call));
    this.recall.hidden = !call.recall;
    this.panel.dataset.number = call.number;
    this.panel.dataset.current = call.number;
    this.panel.classList.toggle("coming-to-you", Boolean(call.coming_to_you));
    this.fitPlace();
    // A call that waited for the previous announcement was already listed by a snapshot: it
    // leaves « Derniers appels » the moment it is on the big panel.
    if (this.snapshot) this.#renderLastCalls();
    if (announced) this.live.textContent = writtenText(call);
  }

  // A counter named at length in the back-office, or "Un conseiller vient vers vous", may not
  // fit under the number: the place gets a smaller type (never under the screen's 3.4vh) rather
  // than the panel cutting it, or "Appel en cours" above it.
  fitPlace() {
    this.place.style.fontSize = "";
    if (this.panel.dataset.current === "none") return;
    let size = parseFloat(getComputedStyle(this.place).fontSize);
    const floor = innerHeight * 0.034;
    while (this.panel.scrollHeight > this.panel.clientHeight + 1 && size > floor) {
      size = Math.max(floor, size * 0.92);
      this.place.style.fontSize = `${size}px`;
    }
  }

  // Nobody is being called: the panel says so, with no finished visit and no "Rappel" left over.
  showNoCall() {
    this.label.textContent = "En attente du prochain appel";
    this.number.textContent = "";
    this.place.replaceChildren();
    this.recall.hidden = true;
    this.panel.dataset.current = "none";
    delete this.panel.dataset.number;
    this.panel.classList.remove("coming-to-you");
    this.place.style.fontSize = "";
  }

  // The panel follows the line: the newest call still in progress, or none. While a call is
  // being announced it stays (the next snapshot or the end of the announcement settles it).
  #syncCurrent() {
    if (this.announcing || !this.snapshot) return;
    const [current] = currentCalls(this.snapshot.last_calls);
    if (!current) this.showNoCall();
    else if (this.panel.dataset.current !== current.number || this.recall.hidden === current.recall) {
      this.showCall(current, { announced: false });
    }
  }

  // The history under "Derniers appels": the call on the big panel is not repeated there.
  #renderLastCalls() {
    const shown = this.panel.dataset.current;
    renderLastCalls(this.lastCalls, this.snapshot.last_calls.filter((call) => call.number !== shown),
      shown === "none" ? undefined : "Pas d'autre appel pour l'instant.");
    // Long counter names may wrap: the oldest calls give way rather than being cut in half.
    const section = this.lastCalls.parentElement;
    while (this.lastCalls.children.length > 1 && section.scrollHeight > section.clientHeight + 1) {
      this.lastCalls.lastElementChild.remove();
    }
  }

  showSnapshot(snapshot) {
    this.snapshot = snapshot;
    this.#syncCurrent();
    this.#renderLastCalls();
    renderThemes(this.themes, this.total, snapshot);
  }

  showBusy(busy) {
    this.announcing = busy;
    this.panel.dataset.state = busy ? "announcing" : "idle";
    if (!busy && this.snapshot) this.showSnapshot(this.snapshot);
  }

  showSoundBlocked(blocked) {
    this.soundButton.hidden = !blocked;
    document.body.dataset.audio = blocked ? "blocked" : "running";
  }
}
