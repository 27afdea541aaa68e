// The phone view of the queue (/queue): read-only, live, no sound, no personal data, in the
// visitor's language (the texts arrive with the page; counter names stay as the site wrote them).
import { h, pageData } from "/static/common/dom.js";
import { translator, waitWords } from "/static/common/i18n.js";
import { connectLive } from "/static/common/live.js";

const settings = pageData("display-settings");
const t = translator(settings.texts)(settings.language);
const lastCalls = document.getElementById("last-calls");
const themes = document.getElementById("themes");
const total = document.getElementById("waiting-total");
const summary = document.getElementById("waiting-summary");
const latest = document.getElementById("call-live");
const themeKey = (code) => `theme.${code}`; // built from the code: kiosk/texts.py names them

// A counter's name is French (the site's own words): marked so, inside a right-to-left page too.
function place(call) {
  if (call.coming_to_you) return h("span", {}, t("phone.coming_to_you"));
  return h("span", { lang: "fr", dir: "auto" }, call.counter_label || call.counter || "");
}

function placeText(call) {
  return call.coming_to_you ? t("phone.coming_to_you") : call.counter_label || call.counter || "";
}

// Each ticket once, newest first: a recall replaces the earlier call of the same number.
function renderLastCalls(calls) {
  const seen = new Set();
  const latestCalls = calls.filter((call) => !seen.has(call.number) && seen.add(call.number));
  lastCalls.replaceChildren(...latestCalls.map((call) => h("li", { class: "last-call" },
    h("span", { class: "last-number", dir: "ltr" }, call.number),
    h("span", { class: "last-place" }, place(call)),
    call.recall ? h("span", { class: "tag" }, t("queue.recall")) : "",
  )));
  if (!calls.length) lastCalls.append(h("li", { class: "last-call empty" }, t("queue.no_calls")));
}

function renderThemes(snapshot) {
  total.textContent = String(snapshot.waiting_count);
  themes.replaceChildren(...snapshot.themes.map((theme) => h("tr", {
    class: theme.waiting ? "theme busy" : "theme",
  }, h("th", { scope: "row", class: "theme-label" }, t(themeKey(theme.code))),
  h("td", { class: "theme-count" }, String(theme.waiting)),
  h("td", { class: "theme-wait" }, theme.waiting ? waitWords(t, theme.wait) : "—",
    theme.waiting ? "" : h("span", { class: "visually-hidden" }, t("queue.no_wait"))))));
}

function showSnapshot(snapshot) {
  renderLastCalls(snapshot.last_calls);
  renderThemes(snapshot);
  const count = snapshot.waiting_count;
  summary.textContent = count ? t("queue.waiting", { count }) : t("queue.nobody");
}

connectLive({
  namespace: settings.namespace,
  auth: { site: settings.site },
  banner: document.getElementById("connection"),
  texts: { connecting: t("common.connecting"), lost: t("common.connection_lost") },
  onSnapshot: showSnapshot,
  on: {
    queue_changed: showSnapshot,
    // Announced once to screen readers; the list itself follows from the next snapshot.
    ticket_called: (call) => {
      latest.textContent = t("queue.called", { number: call.number, place: placeText(call) });
    },
  },
});
