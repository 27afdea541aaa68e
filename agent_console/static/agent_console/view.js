// Rendering only: state in, DOM out. Every state has words (and an icon), never colour alone.
import { byId as $, h, pageData, show } from "/static/common/dom.js";

export const STATUS_LABELS = {
  waiting: "en attente", called: "appelé", serving: "en cours", done: "terminé",
  no_show: "absent", cancelled: "annulé", transferred: "transféré",
};

export const PRINTER_STATES = {
  ready: ["✓", "Prête"],
  paper_near_end: ["⚠", "Bientôt plus de papier"],
  paper_out: ["✕", "Plus de papier"],
  cover_open: ["⚠", "Capot ouvert"],
  offline: ["✕", "Hors ligne"],
  unknown: ["?", "État inconnu"],
  absent: ["–", "Non branchée"],
};


// A pictogram beside the words: seen, not read aloud (the words say it all).
export function icon(symbol) {
  return h("span", { class: "icon", "aria-hidden": "true" }, symbol);
}

export function labelled(symbol, text) {
  return [icon(symbol), ` ${text}`];
}

export function minutes(count) {
  if (count === null || count === undefined) return "—";
  if (count < 1) return "moins d'1 min";
  if (count < 60) return `${count} min`;
  return `${Math.floor(count / 60)} h ${String(count % 60).padStart(2, "0")}`;
}

const SITE_TIMEZONE = pageData("console-settings").timezone;

export function clockTime(iso) {
  return new Date(iso).toLocaleTimeString("fr-FR",
    { hour: "2-digit", minute: "2-digit", timeZone: SITE_TIMEZONE });
}

export function renderCounters(list, counters, onChoose) {
  list.replaceChildren(...counters.map((counter) => {
    const takenByOther = counter.held_by && !counter.mine;
    const note = takenByOther ? ` — occupé par ${counter.held_by}` : counter.mine ? " — le vôtre" : "";
    return h("li", {}, h("button", {
      type: "button", class: "big secondary", "data-counter": counter.code,
      disabled: takenByOther, onclick: () => onChoose(counter),
    }, `${counter.label}${note}`));
  }));
}

// Irreversible actions (no-show, cancel) ask for a second tap within 5 seconds.
export function confirmFirst(button, run) {
  if (!button.dataset.confirm || button.dataset.armed) {
    if (button.dataset.armed) button.disarm();
    run();
    return;
  }
  const original = [...button.childNodes];
  button.dataset.armed = "1";
  button.replaceChildren(...labelled("⚠", button.dataset.confirm));
  const disarm = () => {
    delete button.dataset.armed;
    button.replaceChildren(...original);
  };
  button.disarm = disarm;
  setTimeout(() => button.dataset.armed && disarm(), 5000);
}

export function placeLabel(place, counters) {
  if (!place) return "";
  if (place.posture === "floor") return "Va-vers (debout)";
  const counter = counters.find((c) => c.code === place.counter);
  return counter ? counter.label : place.counter;
}

// "09:30" -> "9 h 30", as on the kiosk and the waiting-room screen.
function hourText(hhmm) {
  const [hours, mins] = hhmm.split(":").map(Number);
  return mins ? `${hours} h ${String(mins).padStart(2, "0")}` : `${hours} h`;
}

export function renderVisit(ticket, { posture, actions }) {
  show($("visit"), Boolean(ticket));
  if (!ticket) return;
  $("visit-number").textContent = ticket.number;
  $("visit-service").replaceChildren(ticket.service_label,
    ...(ticket.priority ? [" · ", ...labelled("★", "prioritaire")] : []));
  const where = ticket.counter_label ? ` — ${ticket.counter_label}` : "";
  $("visit-state").replaceChildren(...(ticket.status === "called"
    ? labelled("➜", `Appelé à ${clockTime(ticket.called_at)}${where}`)
    : labelled("●", `En cours${ticket.coming_to_you ? " (sur place)" : ""}${where}`)));
  // How long the visitor waited (from the ticket to the call), and their appointment's time.
  const called = ticket.called_at ? new Date(ticket.called_at) : new Date();
  const waited = Math.max(0, Math.floor((called - new Date(ticket.issued_at)) / 60000));
  $("visit-waited").replaceChildren(...labelled("◔", `A attendu ${minutes(waited)}`));
  $("visit-appointment").replaceChildren(...(ticket.appointment_time
    ? labelled("▦", `Rendez-vous à ${hourText(ticket.appointment_time)}`) : []));
  show($("visit-appointment"), Boolean(ticket.appointment_time));
  const allowed = new Set(actions[ticket.status] || []);
  if (ticket.status === "serving" && posture === "floor") allowed.add("workstation");
  for (const button of $("visit-actions").querySelectorAll("[data-action]")) {
    show(button, allowed.has(button.dataset.action));
  }
}

export function renderWaitingList(snapshot, { receivedAt, themeOf, busy, printers, onTake, onReprint }) {
  const elapsed = Math.floor((Date.now() - receivedAt) / 60000);
  const waiting = snapshot ? snapshot.waiting : [];
  show($("floor-empty"), waiting.length === 0);
  $("waiting-list").replaceChildren(...waiting.map((ticket) => {
    const badges = [ticket.priority && "prioritaire", ticket.appointment && (ticket.appointment_late ? "rendez-vous (en retard)" : "rendez-vous")]
      .filter(Boolean).join(" · ");
    return h("li", { class: "waiting-ticket", "data-ticket": ticket.number },
      h("p", { class: "waiting-number" }, ticket.number),
      h("div", { class: "waiting-need" },
        h("p", { class: "waiting-service" }, ticket.service_label),
        h("p", { class: "waiting-meta" },
          [themeOf(ticket.service), `attend depuis ${minutes(ticket.minutes_waited + elapsed)}`, badges]
            .filter(Boolean).join(" · "))),
      h("div", { class: "waiting-actions" },
        h("button", { type: "button", disabled: busy, onclick: () => onTake(ticket),
          "aria-label": `Je prends le ticket ${ticket.number}` }, labelled("☞", "Je prends")),
        printers && h("button", { type: "button", class: "secondary", onclick: () => onReprint(ticket),
          "aria-label": `Réimprimer le ticket ${ticket.number}` }, labelled("↻", "Réimprimer"))));
  }));
}

export function renderQueue(snapshot) {
  const count = snapshot.waiting_count;
  $("queue-total").textContent = count === 0 ? "Personne n'attend."
    : `${count} personne${count > 1 ? "s" : ""} attend${count > 1 ? "ent" : ""}.`;
  $("queue-themes").replaceChildren(...snapshot.themes.filter((t) => t.waiting > 0).map((theme) =>
    h("li", {}, h("span", {}, theme.label),
      h("span", { class: "queue-figure" },
        `${theme.waiting} · ${theme.wait ? theme.wait.text : ""}`))));
}

export function renderToday(figures) {
  const rows = [
    ["Servis", figures.served], ["Absents", figures.no_shows], ["En attente", figures.waiting],
    ["Attente moyenne", minutes(figures.average_wait_minutes)],
    ["Durée moyenne", minutes(figures.average_service_minutes)],
  ];
  $("today").replaceChildren(...rows.flatMap(([label, value]) =>
    [h("dt", {}, label), h("dd", {}, String(value))]));
}

// A desk agent who has not yet chosen a counter is not "available": nobody can be called there.
const hasPlace = (agent) => agent.posture === "floor" || Boolean(agent.counter);

function agentState(agent) {
  if (!agent.on_duty) return labelled("○", "Hors service");
  if (agent.paused) return labelled("‖", "En pause");
  if (agent.current_ticket) {
    return labelled("●", `Avec ${agent.current_ticket} (${STATUS_LABELS[agent.current_status]})`);
  }
  if (!hasPlace(agent)) return labelled("…", "Connecté·e, sans poste");
  return labelled("✓", "Disponible");
}

export function renderAgents(agents, meId) {
  $("agents").replaceChildren(...agents.map((agent) => {
    const place = agent.posture === "floor" ? "va-vers" : agent.counter_label;
    return h("li", { "data-agent": agent.id }, h("span", { class: "agent-name" },
      `${agent.name}${agent.id === meId ? " (vous)" : ""}`),
      h("span", { class: "agent-state" }, agentState(agent), agent.on_duty && place ? ` · ${place}` : ""));
  }));
}

export function renderPeak(peak, onToggle) {
  const box = $("peak");
  if (!peak) {
    box.replaceChildren(h("p", {}, "Mode affluence : non disponible"));
    return;
  }
  // The state in words, then the button says what it does (an action, not a state).
  box.replaceChildren(...[
    h("p", { class: "peak-state", "data-on": String(peak.on) },
      peak.on ? labelled("⚡", "Mode affluence activé : les bornes impriment les tickets.")
        : labelled("○", "Mode affluence désactivé : pas de ticket papier.")),
    h("button", { type: "button", class: peak.on ? "secondary" : "", onclick: () => onToggle(!peak.on) },
      peak.on ? "Désactiver le mode affluence" : "Activer le mode affluence"),
    peak.suggested && !peak.on
      ? h("p", { class: "peak-suggestion" }, labelled("⚐", `Suggéré${peak.reason ? ` : ${peak.reason}` : ""}`))
      : null,
  ].filter(Boolean));
}

export function renderPrinters(printers) {
  const list = $("printers");
  if (!printers) {
    list.replaceChildren(h("li", {}, "Imprimantes : non configurées"));
    return;
  }
  if (printers.length === 0) {
    list.replaceChildren(h("li", {}, "Aucune imprimante déclarée"));
    return;
  }
  list.replaceChildren(...printers.map((printer) => {
    const [symbol, label] = PRINTER_STATES[printer.state] || PRINTER_STATES.unknown;
    return h("li", { class: `printer printer-${printer.state}`, "data-printer": printer.name },
      h("span", { class: "printer-name" }, `${printer.name}${printer.deployed === false ? " (rangée)" : ""}`,
        printer.location ? h("span", { class: "printer-location" }, ` · ${printer.location}`) : ""),
      h("span", { class: "printer-state" }, labelled(symbol, label)));
  }));
}
