// The kiosk: state, server calls and the live link. Rendering lives in view.js.
import { get, newKey, post } from "/static/common/api.js";
import { applyLanguage, pageData } from "/static/common/dom.js";
import { watchIdle } from "/static/common/idle.js";
import { hourText, translator, typeset } from "/static/common/i18n.js";
import { connectLive } from "/static/common/live.js";
import { aheadText, waitText } from "./i18n.js";
import { icon } from "./icons.js";
import { MAX_LENGTH, remainingText, renderIdea } from "./ideas.js";
import { canSpeak, onVoicesChanged, speak } from "./speech.js";
import * as view from "./view.js";

const data = pageData("kiosk-data");
const translate = translator(data.texts);
const screenRoot = document.getElementById("screen");
const announcer = document.getElementById("announcer");
const idleRoot = document.getElementById("idle");
const HOURS_REFRESH_MS = 30000;

const state = {
  language: data.language,
  languages: data.languages,
  themes: data.themes,
  services: data.services,
  hours: data.hours,
  screen: "home",
  theme: null,
  priority: false,
  ticket: null,
  snapshot: null,
  code: "",
  idea: emptyIdea(),
  message: "",
  busy: false,
  canSpeak: () => canSpeak(state.language),
  siteName: data.site_name,
  ticketSeconds: data.timing.ticket_seconds,
  // "lundi 7 décembre à 9 h 30": hours written as on the waiting-room screen (in French).
  formatMoment: (iso) => {
    const lang = currentLanguage().html_lang;
    const moment = new Date(iso);
    if (lang !== "fr") {
      return new Intl.DateTimeFormat(lang, { weekday: "long", day: "numeric", month: "long",
        hour: "2-digit", minute: "2-digit", timeZone: data.timezone }).format(moment);
    }
    const day = new Intl.DateTimeFormat("fr-FR", { weekday: "long", day: "numeric", month: "long",
      timeZone: data.timezone }).format(moment);
    const parts = new Intl.DateTimeFormat("fr-FR", { hour: "numeric", minute: "2-digit", hourCycle: "h23",
      timeZone: data.timezone }).formatToParts(moment);
    const part = (type) => parts.find((p) => p.type === type).value;
    return `${day} à ${hourText(`${part("hour")}:${part("minute")}`)}`;
  },
  // Monday = 0, in the visitor's language (the timetable of the closed screen).
  weekday: (index) => new Intl.DateTimeFormat(currentLanguage().html_lang, { weekday: "long", timeZone: "UTC" })
    .format(new Date(Date.UTC(2024, 0, 1 + index))),
  todayIndex: () => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(
    new Intl.DateTimeFormat("en-US", { timeZone: data.timezone, weekday: "short" }).format(new Date())),
  // The site's own wording in the visitor's language, then the kiosk's catalogue, then French.
  serviceLabel: (service) => {
    const own = service.labels?.[state.language];
    if (own) return { text: own, lang: currentLanguage()?.html_lang || state.language };
    const key = `service.${service.code}`;
    return data.texts[state.language]?.[key]
      ? { text: t(key), lang: null }
      : { text: typeset(service.label), lang: "fr" }; // procedure names stay French
  },
};

function emptyIdea() {
  return { text: "", category: null, shift: false, message: "" };
}

const t = (key, params) => translate(state.language)(key, params);
const currentLanguage = () => state.languages.find((l) => l.code === state.language);
const isClosed = () => !state.hours.always_open && !state.hours.open_now;

const actions = {
  language: (code) => { state.language = code; render({ keepFocus: `[data-language="${code}"]` }); },
  home: () => reset(),
  theme: (theme) => go("services", { theme }),
  priority: () => { state.priority = !state.priority; render({ keepFocus: ".toggle" }); },
  ticket: (service) => takeTicket(service),
  appointment: () => go("appointment", { code: "", message: "" }),
  code: (value) => {
    state.code = value.replace(/\D/g, "").slice(0, 8);
    render({ keepFocus: document.activeElement?.id === "code" ? "#code" : ".keypad" });
  },
  checkIn: () => checkIn({ code: state.code }),
  noCode: () => go("no_code"),
  reading: () => comeToRead(),
  idea: () => go("idea", { idea: emptyIdea() }),
  ideaCategory: (category) => {
    state.idea.category = category;
    render({ keepFocus: `[data-category="${category}"]` });
  },
  ideaType: (text) => setIdeaText(state.idea.text + text),
  ideaErase: () => setIdeaText([...state.idea.text].slice(0, -1).join("")),
  ideaInput: (text) => setIdeaText(text),
  ideaShift: () => { state.idea.shift = !state.idea.shift; render({ keepFocus: ".idea-keyboard [aria-pressed]" }); },
  ideaSend: () => sendIdea(),
  speak: () => speak(ticketSentence(), state.language),
  extend: () => idle.touch(),
};

function go(screen, patch = {}) {
  if (screen !== "ticket") stopTicketCountdown();
  Object.assign(state, { message: "", busy: false }, patch, { screen });
  render({ focusTitle: true });
}

function reset() {
  Object.assign(state, { language: data.language, priority: false, ticket: null, theme: null, code: "",
    idea: emptyIdea() }); // an idea half typed is not left for the next visitor
  announcer.textContent = ""; // the next visitor's screen reader must not find this number
  go("home");
}

function screenContent() {
  const on = actions;
  if (state.screen === "home" && isClosed()) return view.renderClosed(state, t);
  switch (state.screen) {
    case "services": return view.renderServices(state, t, on);
    case "ticket": return view.renderTicket(state, t, on);
    case "appointment": return view.renderAppointment(state, t, on);
    // Without the code, an agent checks the visitor in: a public list of today's times would
    // let anyone take somebody else's appointment.
    case "no_code": return view.renderMessage(state, t, on, {
      title: t("appointment.no_code"), iconName: "appointment", lines: [t("appointment.no_code_help")] });
    case "already": return view.renderMessage(state, t, on, {
      title: t("appointment.already", { number: state.message }), iconName: "appointment", lines: [t("ticket.watch_screen")] });
    case "idea": return renderIdea(state, t, on, { htmlLang: currentLanguage().html_lang,
      heading: view.heading, backButton: view.backButton, head: view.head, body: view.body,
      phoneUrl: data.ideas_url });
    case "idea_sent": return view.renderMessage(state, t, on, {
      title: t("ideas.title"), iconName: "idea", lines: [t("ideas.sent")] });
    case "reading": return view.renderMessage(state, t, on, {
      title: t("reading.heading"), iconName: "reading", lines: [t("reading.text"), t("reading.more")] });
    case "unavailable": return view.renderMessage(state, t, on, {
      title: t("unavailable.heading"), iconName: "warning", lines: [t("unavailable.text")], className: "unavailable" });
    default: return view.renderHome(state, t, on);
  }
}

function render({ focusTitle = false, keepFocus = null } = {}) {
  applyLanguage(currentLanguage());
  document.title = t("kiosk.title");
  document.body.dataset.screen = state.screen === "home" && isClosed() ? "closed" : state.screen;
  const languages = document.getElementById("languages");
  languages.setAttribute("aria-label", t("language.label"));
  languages.replaceChildren(icon("language"), view.renderLanguages(state, t, actions));
  document.getElementById("notice").textContent = t("kiosk.notice");
  live.setTexts(bannerTexts());
  screenRoot.replaceChildren(...screenContent().filter(Boolean));
  if (focusTitle) screenRoot.querySelector("h1")?.focus();
  else if (keepFocus) document.querySelector(keepFocus)?.focus();
}

// Each part a sentence of its own: the screen's lines have no full stop, and a voice reading
// them joined ran "…avant vous Attente estimée…" together as one sentence.
const sentence = (text) => (/[.!?؟…]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

function ticketSentence() {
  const ticket = state.ticket;
  return [t("ticket.announce", { number: ticket.number, service: ticket.service_label }),
    aheadText(t, ticket.people_ahead), waitText(t, ticket.wait)].map(sentence).join(" ");
}

// The ticket screen counts down to the start: the visitor has time to read, photograph or scan,
// and the next visitor never finds the previous number and QR code (a link to their ticket).
let ticketTimer = null;

function stopTicketCountdown() {
  clearInterval(ticketTimer);
  ticketTimer = null;
}

function startTicketCountdown() {
  stopTicketCountdown();
  state.ticketSeconds = data.timing.ticket_seconds;
  ticketTimer = setInterval(() => {
    state.ticketSeconds -= 1;
    if (state.ticketSeconds <= 0) return reset();
    const countdown = document.getElementById("ticket-countdown");
    if (countdown) countdown.textContent = t("ticket.countdown", { seconds: state.ticketSeconds });
  }, 1000);
}

function showTicket(ticket) {
  state.ticket = { ...ticket, token: ticket.tracking_url.split("/t/").pop() };
  state.ticketSeconds = data.timing.ticket_seconds;
  go("ticket");
  startTicketCountdown();
  announcer.textContent = ticketSentence(); // the live region reads the number out
}

// The kiosk closed while the visitor was choosing: back to the start, which says when it opens.
function closedNow(error) {
  if (error.status !== 409 || error.code !== "closed") return false;
  state.hours = { ...state.hours, open_now: false, next_opening: error.details.next_opening };
  reset();
  return true;
}

async function takeTicket(service) {
  if (state.busy) return; // a second tap while the first is on its way does nothing
  state.busy = true;
  render({ keepFocus: `[data-service="${service}"]` });
  const body = { service, priority: state.priority, language: state.language };
  try {
    const ticket = await post("/tickets", body, { key: newKey() });
    if (ticket?.number) showTicket(ticket);
    else go("unavailable");
  } catch (error) {
    if (!closedNow(error)) go("unavailable");
  }
}

// 423: too many wrong codes on this kiosk for now; the reception desk can help at once.
const CHECK_IN_MESSAGES = { 404: "appointment.unknown", 400: "appointment.unknown", 409: "appointment.ambiguous",
  423: "appointment.unknown" };

async function checkIn(body) {
  if (state.busy) return;
  state.busy = true;
  try {
    const ticket = await post("/appointments/check-in", { ...body, language: state.language });
    return ticket?.number ? showTicket(ticket) : go("unavailable");
  } catch (error) {
    if (closedNow(error)) return;
    if (error.status === 409 && error.code === "already_checked_in") {
      return go("already", { message: error.details.number });
    }
    if (!CHECK_IN_MESSAGES[error.status]) return go("unavailable");
    state.busy = false;
    state.message = t(CHECK_IN_MESSAGES[error.status]);
    render({ keepFocus: ".message" });
  }
}

// Typing never re-renders the screen: the key keeps the focus, the text and the count follow.
function setIdeaText(text) {
  state.idea.text = [...text].slice(0, MAX_LENGTH).join("");
  const field = document.getElementById("idea-text");
  if (field && field.value !== state.idea.text) field.value = state.idea.text;
  const remaining = document.getElementById("idea-remaining");
  if (remaining) remaining.textContent = remainingText(t, state.idea.text);
}

const IDEA_ERRORS = { text: "ideas.error_short", category: "ideas.error_short" };

async function sendIdea() {
  if (state.busy) return;
  const { text, category } = state.idea;
  if (!category || text.trim().length < 3) {
    state.idea.message = t("ideas.error_short");
    render({ keepFocus: ".idea-form .message" });
    return;
  }
  state.busy = true;
  try {
    await post("/ideas", { text, category, language: state.language, source: "kiosk" });
    go("idea_sent", { idea: emptyIdea() });
  } catch (error) {
    state.busy = false;
    const details = error.details || {};
    if (error.status === 429) state.idea.message = t("ideas.error_busy");
    else if (details.personal) state.idea.message = t("ideas.error_personal");
    else if (error.status === 400) state.idea.message = t(IDEA_ERRORS[details.field] || "ideas.error_short");
    else state.idea.message = t("ideas.error_failed");
    render({ keepFocus: ".idea-form .message" });
  }
}

function comeToRead() {
  // A count for statistics only; the welcome does not depend on it.
  post("/presences", { kind: "reading" }).catch(() => {});
  go("reading");
}

async function refreshHours() {
  const hours = await get("/opening-hours").catch(() => null);
  if (!hours) return;
  const wasClosed = isClosed();
  state.hours = hours;
  if (state.screen === "home" && wasClosed !== isClosed()) render();
}

// The back-office switched a request on or off, or added one: the next screens show it.
async function refreshCatalogue() {
  const services = await get("/services").catch(() => null);
  if (!services) return;
  state.services = services;
  if (state.screen === "home") render();
}

function onSetting({ key }) {
  if (key === "hours") refreshHours();
  if (key === "catalogue") refreshCatalogue();
  // A screen of this site was moved or revoked in /admin: perhaps this one. Reload when nobody
  // is using it (the server checks the pairing on every request anyway).
  if (key === "devices" && state.screen === "home") window.location.reload();
}

// Voices listed late: the ticket on screen offers « Lire à voix haute » as soon as it can.
onVoicesChanged(() => {
  if (state.screen !== "ticket") return;
  const offered = Boolean(screenRoot.querySelector("[data-read-aloud]"));
  if (offered === state.canSpeak()) return;
  const active = document.activeElement;
  render({ focusTitle: Boolean(active?.matches?.("h1")), keepFocus: active?.matches?.(".done") ? ".done" : null });
});

function onQueue(snapshot) {
  state.snapshot = snapshot;
  view.updateWaits(screenRoot, state, t);
}

const idle = watchIdle({
  idleSeconds: data.timing.idle_seconds,
  warningSeconds: data.timing.warning_seconds,
  isResting: () => state.screen === "home" && state.language === data.language && !state.priority,
  onWarn: (seconds) => {
    const countdown = idleRoot.querySelector(".countdown");
    if (countdown) {
      countdown.textContent = t("idle.countdown", { seconds });
      return;
    }
    idleRoot.replaceChildren(view.renderIdle(t, seconds, actions));
    idleRoot.hidden = false;
    idleRoot.querySelector("button").focus();
  },
  onCalm: () => { idleRoot.hidden = true; idleRoot.replaceChildren(); },
  onTimeout: () => { idleRoot.hidden = true; idleRoot.replaceChildren(); reset(); },
});

// The live link: a snapshot on every (re)connection, then each change; hours are re-read too.
const bannerTexts = () => ({ connecting: t("common.connecting"), lost: t("common.connection_lost") });
const live = connectLive({
  namespace: "/kiosk",
  auth: { site: data.site },
  banner: document.getElementById("connection"),
  texts: bannerTexts(),
  onSnapshot: onQueue,
  on: { queue_changed: onQueue, setting_changed: onSetting },
  onStatus: (connection) => { if (connection === "live") refreshHours(); },
});
setInterval(refreshHours, HOURS_REFRESH_MS);

render();
