// Rendering the kiosk screens: one decision per screen, pictograms beside words.
import { h } from "/static/common/dom.js";
import { hourIn, hourText } from "/static/common/i18n.js";
import { icon } from "./icons.js";
import { aheadText, waitText, waitWords } from "./i18n.js";

// The visitor's reading direction ("rtl" for Arabic).
const direction = (state) => state.languages.find((l) => l.code === state.language)?.direction || "ltr";

// Built from the code, so kiosk/texts.py names these keys for the catalogues.
const themeKey = (code) => `theme.${code}`;

export const heading = (text, iconName) =>
  h("h1", { tabindex: "-1", className: "screen-title" }, iconName ? icon(iconName) : null, text);

// The top of every screen: its question (in portrait, the top third, out of a wheelchair's reach,
// holds only words; every button is below it).
export const head = (...children) => h("div", { className: "screen-head" }, ...children);
export const body = (...children) => h("div", { className: "screen-body" }, ...children);

export const backButton = (t, onclick, label = t("common.back")) =>
  h("button", { type: "button", className: "secondary back", onclick }, icon("back"), label);

export function renderLanguages(state, t, on) {
  return h("div", { className: "language-list" }, state.languages.map((language) =>
    h("button", {
      type: "button", lang: language.html_lang,
      "aria-pressed": String(language.code === state.language), className: "language",
      "data-language": language.code, onclick: () => on.language(language.code),
    }, language.name)));
}

function themeWait(state, t, theme) {
  const entry = state.snapshot?.themes?.find((item) => item.code === theme);
  return entry ? t("kiosk.wait", { wait: waitWords(t, entry.wait) }) : "";
}

// Called when the queue changes: only the wait texts move, so a tap in progress is never lost.
export function updateWaits(root, state, t) {
  for (const node of root.querySelectorAll("[data-wait-theme]")) {
    node.textContent = themeWait(state, t, node.dataset.waitTheme);
  }
}

export function renderHome(state, t, on) {
  const themes = state.themes.map((theme) => h("li", {},
    h("button", { type: "button", className: "tile", "data-theme": theme, onclick: () => on.theme(theme) },
      icon(theme), h("span", { className: "tile-label" }, t(themeKey(theme))),
      h("span", { className: "tile-detail", "data-wait-theme": theme }, themeWait(state, t, theme)))));
  return [
    head(h("p", { className: "screen-lead", lang: "fr" }, state.siteName), heading(t("kiosk.question"))),
    body(
      h("section", { className: "home-needs", "aria-labelledby": "need-heading" },
        h("h2", { id: "need-heading" }, t("kiosk.need_heading")),
        h("ul", { className: "tiles", role: "list" }, themes)),
      h("section", { className: "home-other", "aria-labelledby": "other-heading" },
        h("h2", { id: "other-heading" }, t("kiosk.other_heading")),
        h("ul", { className: "tiles", role: "list" },
          h("li", {}, h("button", { type: "button", className: "tile", "data-choice": "appointment",
            onclick: on.appointment }, icon("appointment"), h("span", { className: "tile-label" }, t("kiosk.appointment")))),
          h("li", {}, h("button", { type: "button", className: "tile", "data-choice": "reading",
            onclick: on.reading }, icon("reading"), h("span", { className: "tile-label" }, t("kiosk.reading")))),
          h("li", {}, h("button", { type: "button", className: "tile", "data-choice": "idea",
            onclick: on.idea }, icon("idea"), h("span", { className: "tile-label" }, t("kiosk.idea"))))))),
  ];
}

const GENERAL_SERVICE = "accueil-general"; // server/catalogue.py GENERAL_SERVICE

export function renderServices(state, t, on) {
  // "I don't know" closes every theme's list; a local request without a partner is listed too.
  const general = state.services.find((s) => s.code === GENERAL_SERVICE);
  const services = state.services.filter((s) => s.theme === state.theme && s.code !== GENERAL_SERVICE);
  const list = general ? [...services, general] : services;
  const busy = state.busy;
  return [
    head(h("p", { className: "eyebrow" }, icon(state.theme), t(themeKey(state.theme))),
      heading(t("kiosk.services_question"))),
    body(h("button", {
      type: "button", className: "toggle", "aria-pressed": String(state.priority), onclick: on.priority,
    }, icon(state.priority ? "check" : "box"), icon("priority"),
    h("span", {}, t("kiosk.priority"),
      h("span", { className: "toggle-state" }, state.priority ? t("kiosk.priority_on") : t("kiosk.priority_off")))),
    h("p", { className: "hint" }, t("kiosk.priority_hint")),
    h("div", { className: "services-list" }, h("ul", { className: "choices", role: "list" }, list.map((service) => h("li", {},
      h("button", {
        type: "button", className: "choice", "data-service": service.code, disabled: busy,
        onclick: (event) => { event.currentTarget.disabled = true; on.ticket(service.code); },
      }, service.pictogram ? icon(service.pictogram) : null,
      h("span", { className: "choice-label", lang: state.serviceLabel(service).lang },
        state.serviceLabel(service).text),
      service.partner ? h("span", { className: "choice-detail", lang: "fr" }, service.partner) : null))))),
    busy ? h("p", { className: "hint", role: "status" }, t("kiosk.taking")) : null,
    backButton(t, on.home)),
  ];
}

function printedNote(t, printed, state, printedLanguage) {
  // POST /tickets says `printed`: null = no printer here, true = printed, false = it failed.
  const lines = [];
  if (printed === true) lines.push(t("ticket.printed_yes"));
  // A script the printer cannot write (Arabic): the paper is in French, and the visitor is told.
  if (printed === true && printedLanguage && state && printedLanguage !== state.language
    && !(printedLanguage === "fr" && state.language === "falc")) lines.push(t("ticket.printed_in_french"));
  if (printed === false) lines.push(t("ticket.printed_failed"));
  if (printed === null) lines.push(t("ticket.printed_none"));
  if (printed !== true) lines.push(t("ticket.screen_is_ticket"));
  return h("div", { className: `printed printed-${String(printed)}`, "data-printed": String(printed) },
    icon(printed === true ? "check" : "phone"), h("p", {}, lines.join(" ")));
}

export function renderTicket(state, t, on) {
  const ticket = state.ticket;
  return [
    head(heading(t("ticket.heading"), "check")),
    body(h("div", { className: "ticket-layout" },
      h("div", { className: "ticket-card" },
        h("p", { className: "number-label" }, t("ticket.number_label")),
        h("p", { className: "ticket-number", "data-number": ticket.number }, ticket.number),
        h("p", { className: "ticket-service", lang: "fr" }, ticket.service_label),
        ticket.priority ? h("p", { className: "badge" }, icon("priority"), t("ticket.priority")) : null,
        ticket.appointment_time
          ? [h("p", { className: "badge" }, icon("appointment"),
            t("ticket.appointment_at", { time: hourIn(ticket.appointment_time, direction(state)) })),
          // Late by more than the set minutes: no priority any more, said kindly, never as a fault.
          h("p", { className: ticket.late ? "appointment-late" : "" },
            t(ticket.late ? "appointment.late" : "appointment.checked_in"))]
          : null,
        h("p", { className: "ticket-ahead" }, aheadText(t, ticket.people_ahead)),
        h("p", { className: "ticket-wait" }, waitText(t, ticket.wait)),
        h("p", {}, t("ticket.watch_screen")),
        "printed" in ticket ? printedNote(t, ticket.printed, state, ticket.printed_language)
          : printedNote(t, undefined)),
      h("figure", { className: "qr" },
        h("img", { src: `/kiosk/qr/${encodeURIComponent(ticket.token)}.svg`, alt: t("ticket.qr_alt"),
          "data-tracking-url": ticket.tracking_url, width: 320, height: 320 }),
        h("figcaption", {}, h("strong", {}, t("ticket.qr_heading")), t("ticket.qr_hint")))),
    // The screen goes back to the start by itself soon: the next visitor must never find this
    // number and its QR code (the link to this visitor's ticket) still on the screen.
    h("div", { className: "ticket-leave" },
      h("p", { className: "ticket-countdown", id: "ticket-countdown", "aria-live": "off" },
        t("ticket.countdown", { seconds: state.ticketSeconds })),
      state.canSpeak() ? h("button", { type: "button", className: "secondary", "data-read-aloud": "", onclick: on.speak },
        icon("speaker"), t("ticket.read_aloud")) : null,
      h("button", { type: "button", className: "done", onclick: on.home }, icon("check"), t("ticket.done")))),
  ];
}

export function renderAppointment(state, t, on) {
  const digits = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"];
  return [
    head(heading(t("appointment.heading"), "appointment")),
    body(h("form", { className: "code-form", onsubmit: (event) => { event.preventDefault(); on.checkIn(); } },
      h("label", { for: "code" }, t("appointment.code_label")),
      h("p", { id: "code-hint", className: "hint" }, t("appointment.code_hint")),
      h("div", { className: "code-entry", dir: "ltr" },
        h("span", { className: "code-prefix", "aria-hidden": "true" }, "RDV-"),
        h("input", { id: "code", name: "code", inputmode: "numeric", autocomplete: "off", maxlength: "8",
          "aria-describedby": "code-hint", value: state.code, oninput: (e) => on.code(e.target.value) })),
      h("div", { className: "keypad", dir: "ltr" },
        digits.map((digit) => h("button", { type: "button", className: "secondary key",
          onclick: () => on.code(state.code + digit) }, digit)),
        h("button", { type: "button", className: "secondary key erase", onclick: () => on.code("") },
          t("appointment.erase"))),
      state.message ? h("p", { className: "message", role: "alert" }, icon("warning"), state.message) : null,
      h("button", { type: "submit", disabled: state.busy || !state.code }, icon("check"), t("appointment.submit"))),
    h("div", { className: "actions" },
      h("button", { type: "button", className: "secondary", onclick: on.noCode }, icon("clock"), t("appointment.no_code")),
      backButton(t, on.home))),
  ];
}

export function renderMessage(state, t, on, { title, iconName, lines, className = "" }) {
  return [
    head(heading(title, iconName)),
    body(h("div", { className: `message-screen ${className}` }, lines.map((line) => h("p", {}, line))),
      h("div", { className: "actions" }, h("button", { type: "button", onclick: on.home }, t("common.home")))),
  ];
}

// Closed: when it opens next, and the week's timetable, in the display's words ("9 h 30").
export function renderClosed(state, t) {
  const next = state.hours.next_opening
    ? t("closed.next", { when: state.formatMoment(state.hours.next_opening) })
    : t("closed.unknown");
  const today = state.todayIndex();
  const rows = (state.hours.week || []).map((day, index) => h("tr", { className: index === today ? "today" : "" },
    h("th", { scope: "row" }, state.weekday(index)),
    h("td", {}, day.intervals.length
      ? day.intervals.map((span) => h("span", { className: "span", dir: "ltr" }, // "9 h – 17 h" in Arabic too
        `${hourText(span.opens)} – ${hourText(span.closes)}`))
      : t("closed.day_closed"))));
  return [
    head(heading(t("closed.heading"), "clock")),
    body(h("div", { className: "message-screen closed" },
      h("p", { className: "next-opening" }, next),
      rows.length ? h("table", { className: "timetable" },
        h("caption", { className: "visually-hidden" }, t("closed.timetable")), h("tbody", {}, rows)) : null)),
  ];
}

export function renderIdle(t, seconds, on) {
  return h("div", { className: "idle-backdrop" },
    h("div", { role: "alertdialog", "aria-modal": "true", "aria-labelledby": "idle-title",
      "aria-describedby": "idle-countdown", className: "idle-dialog" },
    h("h2", { id: "idle-title" }, icon("clock"), t("idle.heading")),
    h("p", { id: "idle-countdown", className: "countdown" }, t("idle.countdown", { seconds })),
    h("button", { type: "button", onclick: on.extend }, t("idle.extend"))));
}
