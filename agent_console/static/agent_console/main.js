// Wiring: screens, the agent's actions, and the /agent socket that keeps every console in step.

import { get, post } from "/static/common/api.js";
import { byId as $, pageData, show } from "/static/common/dom.js";
import { connectLive } from "/static/common/live.js";
import { refreshFollowup } from "./followup.js";
import { createIdleGuard } from "./idle.js";
import { CONFLICT, DONE_MESSAGES, explain } from "./messages.js";
import { loadForecast } from "./forecast.js";
import { createSheets } from "./sheets.js";
import { loadSync, setupSync } from "./sync.js";
import { openSignIn, setupSignIn } from "./signin.js";
import {
  STATUS_LABELS, confirmFirst, labelled, placeLabel, renderAgents, renderCounters, renderPeak,
  renderPrinters, renderQueue, renderToday, renderVisit, renderWaitingList,
} from "./view.js";

const settings = pageData("console-settings");
const PLACE = "accueil.console.place";
const state = {
  agent: null, place: null, counters: [], services: [], visit: null, snapshot: null, receivedAt: 0,
  agents: [], printers: null, peak: null, acting: false,
};
let live = null;
let todayTimer = null;
// Answers about the visit in hand can come back out of order: a "whom am I serving?" asked
// when the console opened may land after the call that followed it. Each request takes a
// number when it leaves; an answer older than the one last shown is dropped.
let visitAsked = 0;
let visitShown = 0;
const askVisit = () => { visitAsked += 1; return visitAsked; };

const say = (text) => { $("status").textContent = text; };
const alertText = (text) => {
  $("alert").replaceChildren(...(text ? labelled("⚠", text) : []));
  show($("alert"), Boolean(text));
};
const themeOf = (code) => {
  const service = state.services.find((s) => s.code === code);
  return service ? service.theme_label : "";
};

function showScreen(name) {
  for (const screen of ["signin", "place", "work"]) show($(`screen-${screen}`), screen === name);
  show($("topbar-agent"), name !== "signin");
}

// One way to handle a failed request everywhere: expired session, colleague first, the rest.
async function handleFailure(error, errorTarget) {
  if (error.status === 401) {
    signOut("Votre session a expiré : reconnectez-vous.", false);
    return { retry: false };
  }
  if (error.status === 409) {
    for (const dialog of document.querySelectorAll("dialog[open]")) dialog.close();
    const status = STATUS_LABELS[error.details.status] || error.details.status || "inconnu";
    alertText(`${CONFLICT} (statut actuel : ${status}). La console est mise à jour.`);
    await refreshCurrent();
    return { retry: false };
  }
  if (error.status === 403 && state.place && state.place.posture === "desk") {
    await loadCounters();
    showPlace();
  }
  const text = explain(error);
  if (errorTarget) {
    $(errorTarget).textContent = text;
    show($(errorTarget), true);
  } else {
    alertText(text);
  }
  return { retry: true };
}

function setVisit(ticket, asked = askVisit()) {
  if (asked < visitShown) return;
  visitShown = asked;
  state.visit = ticket && ["called", "serving"].includes(ticket.status) ? ticket : null;
  renderVisit(state.visit, { posture: state.place && state.place.posture, actions: settings.actions });
  renderDesk();
  renderFloor();
}

function renderDesk() {
  const paused = state.agent && state.agent.paused;
  const busy = Boolean(state.visit);
  $("call-next").disabled = paused;
  show($("call-next"), !busy);
  // One visitor in hand at a time, as "Appeler le suivant" and "Je prends": a walk-in recorded
  // over it left that visit « en cours » for ever, out of the console's sight.
  $("open-walk-in").disabled = busy;
  show($("floor-hint"), busy);
  const waiting = state.snapshot ? state.snapshot.waiting_count : 0;
  $("desk-hint").textContent = paused ? "Vous êtes en pause : reprenez pour appeler."
    : busy ? "Terminez la visite en cours pour appeler la personne suivante."
      : waiting === 0 ? "Personne n'attend." : `${waiting} personne${waiting > 1 ? "s" : ""} en attente.`;
}

function renderFloor() {
  renderWaitingList(state.snapshot, {
    receivedAt: state.receivedAt, themeOf, busy: Boolean(state.visit),
    // Reprinting makes sense only while the printers are out (peak mode on).
    printers: Boolean(state.printers && state.printers.length && state.peak && state.peak.on),
    onTake: take, onReprint: reprint,
  });
}

function renderTopbar() {
  $("agent-name").textContent = state.agent.name;
  // An agent of several sites sees where this session works (chosen at sign-in).
  const several = state.agent.site && (state.agent.sites || []).length > 1;
  $("agent-site").textContent = several ? state.agent.site.name : "";
  $("agent-place").textContent = placeLabel(state.place, state.counters);
  // The pause first: it is what a colleague glancing at the tablet must see.
  $("agent-duty").replaceChildren(...(state.agent.paused ? [...labelled("‖", "En pause"), " · "] : []));
  $("pause").setAttribute("aria-pressed", String(state.agent.paused));
  $("pause").replaceChildren(...(state.agent.paused ? labelled("▶", "Reprendre") : labelled("‖", "Pause")));
}

async function refreshCurrent() {
  try {
    const asked = askVisit();
    setVisit(await get("/agent/current"), asked);
  } catch (error) {
    await handleFailure(error);
  }
}

function scheduleToday() {
  clearTimeout(todayTimer);
  todayTimer = setTimeout(async () => {
    try {
      renderToday(await get("/agent/today"));
    } catch {
      // figures are a convenience: the next queue change tries again
    }
  }, 300);
}

async function optional(path) {
  try {
    return await get(path);
  } catch (error) {
    return error.status === 404 ? null : undefined;  // 404: not deployed on this server (yet)
  }
}

async function loadDevices() {
  const [peak, printers] = await Promise.all([optional("/peak"), optional("/printers")]);
  state.peak = peak === undefined ? state.peak : peak;
  state.printers = printers === undefined ? state.printers : printers;
  renderPeak(state.peak, togglePeak);
  renderPrinters(state.printers);
  renderFloor();
  loadForecast();
  loadSync();
}

async function togglePeak(on) {
  try {
    state.peak = await post("/peak", { on });
    renderPeak(state.peak, togglePeak);
    renderFloor();
    say(on ? "Mode affluence activé." : "Mode affluence désactivé.");
  } catch (error) {
    await handleFailure(error);
  }
}

async function loadCounters() {
  state.counters = await get("/counters");
}

function showPlace() {
  renderCounters($("counter-list"), state.counters, chooseDesk);
  showScreen("place");
  $("place-title").focus();
}

function savePlace(place) {
  state.place = place;
  sessionStorage.setItem(PLACE, JSON.stringify(place));
}

async function chooseDesk(counter) {
  try {
    const duty = await post("/agent/duty", { posture: "desk", counter: counter.code });
    state.agent = { ...state.agent, ...duty };
    savePlace({ posture: "desk", counter: counter.code });
    enterWork();
  } catch (error) {
    await handleFailure(error);
  }
}

async function chooseFloor() {
  try {
    state.agent = { ...state.agent, ...(await post("/agent/duty", { posture: "floor" })) };
    savePlace({ posture: "floor" });
    enterWork();
  } catch (error) {
    await handleFailure(error);
  }
}

function enterWork() {
  const desk = state.place.posture === "desk";
  show($("desk"), desk);
  show($("floor"), !desk);
  $("work-title").textContent = desk ? "Console — accueil" : "Console — va-vers";
  showScreen("work");
  renderTopbar();
  alertText("");
  refreshCurrent();
  scheduleToday();
  loadDevices();
  (desk ? $("call-next") : $("open-walk-in")).focus();
}

async function callNext() {
  alertText("");
  const asked = askVisit();
  try {
    const ticket = await post("/agent/call-next", { counter: state.place.counter });
    if (!ticket) {
      say("Personne n'attend pour ce guichet.");
      return;
    }
    setVisit(ticket, asked);
    say(`${ticket.number} appelé.`);
  } catch (error) {
    await handleFailure(error);
  }
}

async function act(action, body = {}, errorTarget = null) {
  const ticket = state.visit;
  if (!ticket) return { ticket: null, retry: false };
  state.acting = true;
  const asked = askVisit();
  try {
    const result = await post(`/tickets/${ticket.id}/${action}`, { ...body, version: ticket.version });
    alertText("");
    setVisit(result, asked);
    if (DONE_MESSAGES[action]) say(`${result.number} : ${DONE_MESSAGES[action]}`);
    // Another visit may still be in this agent's hands (called from a second tablet): it comes
    // back into view rather than being left « appelé » behind "Appeler le suivant".
    if (!state.visit) refreshCurrent();
    scheduleToday();
    return { ticket: result, retry: false };
  } catch (error) {
    return { ticket: null, ...(await handleFailure(error, errorTarget)) };
  } finally {
    state.acting = false;
  }
}

async function take(waiting) {
  alertText("");
  state.acting = true;
  const asked = askVisit();
  try {
    const ticket = await post(`/tickets/${waiting.id}/take`, {});
    setVisit(ticket, asked);
    say(`Vous prenez ${ticket.number} : l'écran annonce que vous venez vers cette personne.`);
  } catch (error) {
    await handleFailure(error);
  } finally {
    state.acting = false;
  }
}

async function reprint(waiting) {
  try {
    await post(`/tickets/${waiting.id}/reprint`);
    say(`Ticket ${waiting.number} réimprimé.`);
  } catch (error) {
    alertText(error.status === 404 ? "L'impression n'est pas disponible." : "L'imprimante ne répond pas.");
  }
}

async function walkIn(service, errorTarget) {
  state.acting = true;
  const asked = askVisit();
  try {
    const body = { service };
    if (state.place.posture === "desk") body.counter = state.place.counter;
    const ticket = await post("/agent/walk-in", body);
    setVisit(ticket, asked);
    say(`Visiteur enregistré : ticket ${ticket.number}, en cours.`);
    scheduleToday();
    return ticket;
  } catch (error) {
    await handleFailure(error, errorTarget);
    return null;
  } finally {
    state.acting = false;
  }
}

async function togglePause() {
  try {
    const duty = await post("/agent/duty", { paused: !state.agent.paused });
    state.agent = { ...state.agent, ...duty };
    renderTopbar();
    renderDesk();
    say(duty.paused ? "Vous êtes en pause." : "Vous êtes de nouveau disponible.");
  } catch (error) {
    await handleFailure(error);
  }
}

// The /agent link: a snapshot on (re)connection, then every colleague's change as it happens.
function connect() {
  live = connectLive({
    namespace: "/agent",
    banner: $("link-state"),
    onRefused: () => signOut("Votre session a expiré : reconnectez-vous.", false),
    onSnapshot: (snapshot) => { showQueue(snapshot); refreshFollowup(); },
    on: {
      queue_changed: showQueue,
      // This session was ended (signed out elsewhere, new PIN, deactivated, idle).
      session_ended: () => signOut("Votre session est terminée : reconnectez-vous.", false),
      agents_changed(agents) {
        state.agents = agents;
        renderAgents(agents, state.agent && state.agent.id);
      },
      ticket_changed(change) {
        // A call left without an answer (its agent gone) went back to the line: say so.
        if (change.unanswered && change.text) say(change.text);
        if (!state.visit || change.id !== state.visit.id || state.acting) return;
        if (change.status !== state.visit.status) {
          const status = STATUS_LABELS[change.status] || change.status;
          say(`${change.number} est maintenant ${status} (action d'un·e collègue).`);
        }
        refreshCurrent();
      },
      peak_changed(peak) {
        state.peak = peak;
        renderPeak(peak, togglePeak);
        renderFloor();
      },
      async setting_changed({ key }) {
        if (key === "ideas" || key === "callbacks") refreshFollowup();
        // The back-office opened, renamed or closed a counter: the list follows, no reload.
        if (key !== "counters" || !state.agent) return;
        try {
          await loadCounters();
        } catch {
          return;
        }
        renderCounters($("counter-list"), state.counters, chooseDesk);
        $("agent-place").textContent = placeLabel(state.place, state.counters);
      },
      // A restart cut a ticket's printing: ask the visitor, reprint from the waiting list.
      print_interrupted({ text }) {
        say(text);
      },
      printer_state_changed({ name, state: printerState }) {
        if (!state.printers) return;
        state.printers = state.printers.map((p) => (p.name === name ? { ...p, state: printerState } : p));
        renderPrinters(state.printers);
      },
    },
  });
}

function showQueue(snapshot) {
  state.snapshot = snapshot;
  state.receivedAt = Date.now();
  renderQueue(snapshot);
  renderDesk();
  renderFloor();
  scheduleToday();
}

const idle = createIdleGuard({
  idleMinutes: settings.idle_minutes,
  warningSeconds: settings.idle_warning_seconds,
  onTimeout: () => signOut("Vous avez été déconnecté·e après une période sans activité.", true),
});

async function signedIn(agent, restoring) {
  state.agent = agent;
  renderTopbar();
  idle.start();
  if (!live) connect();
  else live.open();
  await loadCounters();
  const saved = restoring ? JSON.parse(sessionStorage.getItem(PLACE) || "null") : null;
  if (saved && saved.posture === agent.posture) {
    state.place = saved;
    enterWork();
  } else {
    showPlace();
  }
}

async function signOut(message, tellServer = true) {
  idle.stop();
  for (const dialog of document.querySelectorAll("dialog[open]")) dialog.close();
  if (tellServer) await post("/auth/logout").catch(() => {});
  if (live) live.close();
  sessionStorage.removeItem(PLACE);
  Object.assign(state, { agent: null, place: null, visit: null });
  alertText("");
  showScreen("signin");
  openSignIn(message);
}

async function boot() {
  const sheets = createSheets({
    settings, say, act, walkIn,
    get services() { return state.services; },
    visit: () => state.visit,
    counters: () => state.counters,
  });
  $("visit-actions").addEventListener("click", (event) => {
    const button = event.target.closest("[data-action]");
    if (!button || !state.visit) return;
    const action = button.dataset.action;
    const sheet = { finish: sheets.openFinish, transfer: sheets.openTransfer,
      workstation: sheets.openWorkstation }[action];
    if (sheet) sheet(state.visit);
    else confirmFirst(button, () => act(action));
  });
  $("call-next").addEventListener("click", callNext);
  $("open-walk-in").addEventListener("click", () => sheets.openWalkIn());
  $("choose-floor").addEventListener("click", chooseFloor);
  $("pause").addEventListener("click", togglePause);
  $("change-place").addEventListener("click", async () => {
    await loadCounters().catch(() => {});
    showPlace();
  });
  $("sign-out").addEventListener("click", () => signOut("Vous êtes déconnecté·e. À bientôt !"));
  setupSignIn((agent) => signedIn(agent, false));
  setupSync();
  setInterval(renderFloor, 30000);  // "attend depuis … min" keeps counting between snapshots

  state.services = await get("/services").catch(() => []);
  const agent = settings.has_session ? await get("/auth/me").catch(() => null) : null;
  if (agent) {
    await signedIn(agent, true);
  } else {
    showScreen("signin");
    openSignIn();
  }
}

boot();
