// Rendering the phone page: the number, where the visitor stands, and the moment it is their turn.
import { h } from "/static/common/dom.js";
import { hourIn } from "/static/common/i18n.js";
import { icon } from "./icons.js";
import { aheadText, waitText } from "./i18n.js";

function turnBlock(ticket, t) {
  if (ticket.coming_to_you) {
    return [h("p", { className: "turn" }, icon("check"), t("phone.your_turn")),
      h("p", { className: "counter" }, t("phone.coming_to_you"))];
  }
  return [h("p", { className: "turn" }, icon("check"), t("phone.your_turn")),
    h("p", { className: "counter" }, ticket.counter_label
      ? t("phone.go_to", { counter: ticket.counter_label }) : t("ticket.watch_screen"))];
}

const ENDED = {
  done: "phone.done", cancelled: "phone.cancelled", no_show: "phone.no_show", expired: "phone.expired",
};

// Called to a counter, or a floor agent is walking over (taken straight into "serving").
export const isYourTurn = (ticket) =>
  ticket.status === "called" || (ticket.status === "serving" && ticket.coming_to_you);

// { head, status, after }: the status is the words of the live region, which phone.js keeps as
// one element for the page's whole life (see there).
export function renderTicket(state, t, on) {
  const ticket = state.ticket;
  const waiting = ticket.status === "waiting";
  let status;
  if (waiting) {
    // One way of saying where the visitor stands (not also "your place in the line: 3").
    status = [h("p", { className: "ahead" }, aheadText(t, ticket.people_ahead)),
      h("p", {}, waitText(t, ticket.wait))];
  } else if (isYourTurn(ticket)) {
    status = turnBlock(ticket, t);
  } else if (ticket.status === "serving") {
    status = [h("p", {}, t("phone.serving"))];
  } else {
    status = [h("p", {}, t(ENDED[ticket.status] || "phone.done"))];
  }
  return {
    head: [
      h("h1", {}, t("ticket.number_label")),
      h("p", { className: "number", "data-number": ticket.number }, ticket.number),
      h("p", { className: "service", lang: "fr" }, ticket.service_label),
      ticket.appointment_time && ["waiting", "called"].includes(ticket.status)
        ? h("p", { className: "appointment", "data-appointment": ticket.appointment_time }, icon("appointment"),
          t("phone.appointment_at", { time: hourIn(ticket.appointment_time, state.direction) }))
        : null,
    ].filter(Boolean),
    status: { state: ticket.status, children: status },
    after: [
      waiting ? h("p", { className: "hint" }, icon("reading"), t("phone.hint")) : null,
      // Once called, giving up is no longer offered: the visitor goes to the counter.
      waiting ? giveUp(state, t, on) : null,
    ].filter(Boolean),
  };
}

function giveUp(state, t, on) {
  if (!state.confirming) {
    return h("div", { className: "give-up" },
      state.message ? h("p", { role: "alert" }, state.message) : null,
      h("button", { type: "button", className: "secondary", onclick: on.askGiveUp }, t("phone.give_up")));
  }
  return h("div", { className: "give-up confirm", role: "group", "aria-labelledby": "confirm-question" },
    h("p", { id: "confirm-question" }, t("phone.confirm_question")),
    h("button", { type: "button", className: "danger", onclick: on.giveUp }, t("phone.confirm_yes")),
    h("button", { type: "button", onclick: on.keep }, t("phone.confirm_no")));
}
