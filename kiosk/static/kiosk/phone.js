// The phone page at /t/<token>: follows one ticket live, no login, no personal data.
import { io } from "/static/vendor/socket.io.esm.min.js";
import { getJSON, postJSON } from "./api.js";
import { applyLanguage, h } from "./dom.js";
import { translator } from "./i18n.js";
import { isYourTurn, renderTicket } from "./phone-view.js";

const data = JSON.parse(document.getElementById("phone-data").textContent);
const translate = translator(data.texts);
const root = document.getElementById("ticket");
const select = document.getElementById("language");
const byToken = `/api/v1/tickets/by-token/${encodeURIComponent(data.token)}`;

const state = { language: data.language, ticket: data.ticket, confirming: false, message: "" };
const t = (key, params) => translate(state.language)(key, params);

const on = {
  askGiveUp: () => { state.confirming = true; render(); root.querySelector(".confirm button")?.focus(); },
  keep: () => { state.confirming = false; render(); },
  giveUp: async () => {
    const result = await postJSON(`${byToken}/cancel`, {});
    state.confirming = false;
    if (result.ok) state.ticket = { ...state.ticket, ...result.data };
    else state.message = t("phone.give_up_failed");
    render();
  },
};

function render() {
  const language = data.languages.find((l) => l.code === state.language);
  applyLanguage(language);
  document.title = isYourTurn(state.ticket) ? `${t("phone.your_turn")} — ${state.ticket.number}` : t("phone.title");
  document.getElementById("language-label").textContent = t("language.label");
  document.getElementById("connection-text").textContent = t("common.connection_lost");
  root.replaceChildren(...renderTicket(state, t, on).filter(Boolean));
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

const banner = document.getElementById("connection");
const socket = io("/ticket", { auth: { token: data.token }, reconnectionDelay: 500, reconnectionDelayMax: 5000 });
socket.on("connect", () => { banner.hidden = true; });
socket.on("disconnect", () => { banner.hidden = false; });
socket.on("connect_error", () => { banner.hidden = false; });
socket.on("ticket_updated", update);
socket.on("queue_changed", async () => {
  const result = await getJSON(byToken);
  if (result.ok) update(result.data);
});

render();
