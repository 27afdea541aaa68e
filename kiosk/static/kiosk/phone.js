// The phone page at /t/<token>: follows one ticket live, no login, no personal data.
import { get, post } from "/static/common/api.js";
import { applyLanguage, h, pageData } from "/static/common/dom.js";
import { translator } from "/static/common/i18n.js";
import { connectLive } from "/static/common/live.js";
import { isYourTurn, renderTicket } from "./phone-view.js";

const data = pageData("phone-data");
const translate = translator(data.texts);
const root = document.getElementById("ticket");
const select = document.getElementById("language");
const byToken = `/tickets/by-token/${encodeURIComponent(data.token)}`;

const state = { language: data.language, ticket: data.ticket, confirming: false, message: "" };
// Where the visitor stands, and "C'est à vous !": one live region for the page's whole life. A
// screen reader reads a change inside a region it already knows; a new region put in the old
// one's place (the page drawn again) is often not read at all.
const region = h("section", { className: "status", role: "status", "aria-live": "polite" });
const t = (key, params) => translate(state.language)(key, params);

const on = {
  askGiveUp: () => { state.confirming = true; render(); root.querySelector(".confirm button")?.focus(); },
  keep: () => { state.confirming = false; render(); },
  giveUp: async () => {
    state.confirming = false;
    try {
      state.ticket = { ...state.ticket, ...(await post(`${byToken}/cancel`, {})) };
    } catch {
      state.message = t("phone.give_up_failed");
    }
    render();
  },
};

function render() {
  const language = data.languages.find((l) => l.code === state.language);
  applyLanguage(language);
  state.direction = language.direction;
  document.title = isYourTurn(state.ticket) ? `${t("phone.your_turn")} — ${state.ticket.number}` : t("phone.title");
  document.getElementById("language-label").textContent = t("language.label");
  live.setTexts(bannerTexts());
  const { head, status, after } = renderTicket(state, t, on);
  if (!region.isConnected) root.replaceChildren(region);
  for (const child of [...root.children]) if (child !== region) child.remove();
  region.before(...head);
  region.after(...after);
  region.className = `status status-${status.state}`;
  region.dataset.status = status.state;
  // Written again only when its words change: the same words are not read out again each time
  // somebody else's ticket moves the line.
  const words = h("div", {}, status.children);
  if (words.textContent !== region.textContent) region.replaceChildren(...words.childNodes);
  const ideas = document.getElementById("ideas-link"); // the idea wall, in the same language
  ideas.textContent = t("ideas.title");
  ideas.href = `/idees?lang=${encodeURIComponent(state.language)}`;
  const queue = document.getElementById("queue-link"); // the live queue, in the same language
  queue.textContent = t("phone.queue_link");
  queue.href = `${data.queue_url}?lang=${encodeURIComponent(state.language)}`;
}

function update(ticket) {
  const called = isYourTurn(ticket) && !isYourTurn(state.ticket);
  state.ticket = { ...state.ticket, ...ticket };
  render();
  if (called && "vibrate" in navigator) navigator.vibrate([400, 150, 400, 150, 400]);
}

select.replaceChildren(...data.languages.map((language) =>
  h("option", { value: language.code, lang: language.html_lang, selected: language.code === state.language },
    language.name)));
select.addEventListener("change", () => {
  state.language = select.value;
  const url = new URL(window.location.href);
  url.searchParams.set("lang", state.language); // a reload keeps the visitor's language
  history.replaceState(null, "", url);
  render();
});

// The ticket arrives with the page, then live: its own changes, and the line moving ahead of it.
const bannerTexts = () => ({ connecting: t("common.connecting"), lost: t("common.connection_lost") });
const live = connectLive({
  namespace: "/ticket",
  auth: { token: data.token },
  banner: document.getElementById("connection"),
  texts: bannerTexts(),
  snapshotEvent: "ticket_updated",
  onSnapshot: update,
  on: { queue_changed: () => get(byToken).then(update).catch(() => {}) },
});

render();
