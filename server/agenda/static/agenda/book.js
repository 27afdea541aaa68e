// The appointment book: book, see a day or a week, move, cancel. Talks to /api/v1 only.
import { request as api } from "/static/common/api.js";
import { h } from "/static/common/dom.js";

const settings = JSON.parse(document.getElementById("agenda-settings").textContent);
const $ = (id) => document.getElementById(id);
const state = {
  view: "day", start: null, today: null, places: [], services: [], editing: null, data: null, permanence: null,
};



const MESSAGES = {
  slot_taken: (d) => `Ce lieu est déjà réservé de ${d.starts_at} à ${d.ends_at}. Choisissez une autre heure ou un autre lieu.`,
  phone: () => "Numéro attendu : 06 12 34 56 78 ou +33 6 12 34 56 78.",
  consent: () => "Cochez l'accord de la personne pour garder son numéro, ou effacez le numéro.",
  time: () => "Vérifiez l'heure : entre 07:00 et 21:00, et pas déjà passée.",
  date: () => "Vérifiez la date (au plus un an à l'avance).",
  minutes: () => "Durée entre 5 minutes et 4 heures.",
  capacity: () => "Cette permanence est complète : choisissez un autre créneau.",
};

function explain(error) {
  if (error.status === 0) return "Réseau injoignable : réessayez dans un instant.";
  if (error.status === 401) return "Votre session a expiré : reconnectez-vous à la console.";
  const details = error.details || {};
  if (error.code && MESSAGES[error.code]) return MESSAGES[error.code](details);
  if (details.field && MESSAGES[details.field]) return MESSAGES[details.field](details);
  if (error.status === 409) return "Ce rendez-vous a changé entre-temps (annulé ou déjà arrivé). L'agenda est mis à jour.";
  return error.message;
}

const say = (text) => { $("agenda-status").textContent = text; };
function alertText(text) {
  $("agenda-alert").textContent = text || "";
  $("agenda-alert").hidden = !text;
}

const STATES = {
  late: ["En retard", "badge-late"],
  missed: ["Absent", "badge-missed"],
  cancelled: ["Annulé", "badge-cancelled"],
  arrived: ["Arrivé", "badge-arrived"],
  arrived_late: ["Arrivé en retard", "badge-late"],
};

function frenchDay(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString("fr-FR", {
    weekday: "long", day: "numeric", month: "long", timeZone: "UTC",
  });
}

function addDays(iso, days) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function placeLabel(appt) {
  return appt.counter_label || "Accueil (sans bureau)";
}

function renderAppointment(appt, today = false) {
  const [label, badgeClass] = STATES[appt.state] || [null, null];
  const open = ["booked", "late"].includes(appt.state);
  return h("li", { class: `appt state-${appt.state}`, "data-code": appt.code },
    h("p", { class: "appt-time" }, `${appt.time}–${appt.ends}`),
    h("div", {},
      h("p", { class: "appt-what" }, appt.service_label,
        label ? h("span", { class: `badge ${badgeClass}` }, label) : null),
      h("p", { class: "appt-meta" }, [placeLabel(appt), `code ${appt.code}`,
        appt.phone ? `rappel : ${appt.phone}` : null].filter(Boolean).join(" · "))),
    h("div", { class: "appt-actions" },
      // A visitor without their code is checked in here, by the agent who found them.
      open && today ? h("button", { type: "button", onclick: () => checkIn(appt),
        "aria-label": `Enregistrer l'arrivée du rendez-vous de ${appt.time} (${appt.code})` }, "Arrivée") : null,
      appt.visitor_url ? h("a", { class: "button secondary", href: appt.visitor_url, target: "_blank", rel: "noopener",
        "aria-label": `Convocation du rendez-vous ${appt.code}` }, "Convocation") : null,
      open ? h("button", { type: "button", class: "secondary", onclick: () => startMove(appt),
        "aria-label": `Déplacer le rendez-vous de ${appt.time} (${appt.code})` }, "Déplacer") : null,
      open ? h("button", { type: "button", class: "secondary", onclick: (event) => cancelAppointment(appt, event.currentTarget),
        "aria-label": `Annuler le rendez-vous de ${appt.time} (${appt.code})` }, "Annuler") : null));
}

function renderPermanences(day) {
  const items = day.permanences || [];
  return items.map((p) => h("li", { class: "appt perm" },
    h("p", { class: "appt-time" }, `${p.opens}–${p.closes}`),
    h("div", {},
      h("p", { class: "appt-what" }, `Permanence ${p.partner} : ${p.label}`),
      h("p", { class: "appt-meta" }, [p.place_label, `${p.booked}/${p.capacity} réservés`].filter(Boolean).join(" · "))),
    h("div", {})));
}

function render() {
  const data = state.data;
  $("late-rule").textContent = `Un rendez-vous est signalé « en retard » ${data.late_minutes} minutes après l'heure prévue ; arrivée plus tard, la personne attend sans priorité.`;
  $("agenda-date").value = data.start;
  $("view-day").setAttribute("aria-pressed", String(state.view === "day"));
  $("view-week").setAttribute("aria-pressed", String(state.view === "week"));
  $("agenda-days").replaceChildren(...data.days.map((day) => {
    const timed = [
      ...(day.permanences || []).map((p) => [p.opens, 0, renderPermanences({ permanences: [p] })[0]]),
      ...day.appointments.map((a) => [a.time, 1, renderAppointment(a, day.date === data.today)]),
    ].sort((x, y) => x[0].localeCompare(y[0]) || x[1] - y[1]);
    const items = timed.map((entry) => entry[2]);
    return h("section", { class: "agenda-day", "aria-label": frenchDay(day.date) },
      h("h3", {}, frenchDay(day.date), day.date === data.today ? " (aujourd'hui)" : ""),
      items.length ? h("ul", { class: "agenda-items" }, items)
        : h("p", { class: "agenda-empty" }, "Aucun rendez-vous."));
  }));
}

async function load(announce) {
  const days = state.view === "week" ? 7 : 1;
  const query = `?days=${days}${state.start ? `&start=${state.start}` : ""}`;
  try {
    state.data = await api("GET", `/agenda${query}`);
  } catch (error) {
    if (error.status === 401) return showSignIn();
    alertText(explain(error));
    return;
  }
  state.start = state.data.start;
  state.today = state.data.today;
  fillPlaces(state.data.places);
  render();
  if (announce) {
    const count = state.data.days.reduce((n, d) => n + d.appointments.filter((a) => a.state !== "cancelled").length, 0);
    say(`${state.view === "week" ? "Semaine du" : "Journée du"} ${frenchDay(state.start)} : ${count} rendez-vous.`);
  }
  showPermanencesFor();
}

function fillPlaces(places) {
  if (state.places.length) return;
  state.places = places;
  $("book-counter").replaceChildren(
    h("option", { value: "" }, "Accueil (sans bureau)"),
    ...places.map((p) => h("option", { value: p.code }, p.kind === "video" ? `${p.label} (permanence en visio)` : p.label)));
}

async function showPermanencesFor() {
  const box = $("book-permanences");
  const date = $("book-date").value;
  if (!date || !state.data) { box.replaceChildren(); return; }
  let perms = [];
  const day = state.data.days.find((d) => d.date === date);
  if (day) perms = day.permanences || [];
  else {
    try { perms = ((await api("GET", `/agenda?days=1&start=${date}`)).days[0] || {}).permanences || []; } catch { perms = []; }
  }
  const chosen = state.permanence;
  box.replaceChildren(...(perms.length ? [
    h("p", {}, h("strong", {}, "Permanences ce jour :")),
    h("ul", {}, perms.map((p) => {
      const free = Math.max(0, p.capacity - p.booked);
      return h("li", {}, `${p.opens}–${p.closes} ${p.partner} — ${p.label} (${p.place_label || "sur place"}) : ${free} place(s) libre(s) `,
        state.editing ? null : h("button", { type: "button", class: "secondary", disabled: free === 0,
          "aria-pressed": String(chosen === p.id), onclick: () => choosePermanence(p) },
        chosen === p.id ? "Choisie" : "Réserver dans cette permanence"));
    })),
  ] : []));
}

function choosePermanence(p) {
  state.permanence = state.permanence === p.id ? null : p.id;
  if (state.permanence) {
    if (!$("book-time").value || $("book-time").value < p.opens || $("book-time").value >= p.closes) $("book-time").value = p.opens;
    if (p.counter) $("book-counter").value = p.counter;
    if (p.service) $("book-service").value = p.service;
    say(`Permanence ${p.label} choisie.`);
  }
  showPermanencesFor();
}

function resetForm() {
  state.editing = null;
  state.permanence = null;
  $("book-form").reset();
  $("book-id").value = "";
  $("form-title").textContent = "Nouveau rendez-vous";
  $("book-submit").textContent = "Réserver";
  $("book-reset").hidden = true;
  $("book-phone-fields").hidden = false;
  $("book-date").value = state.start || state.today || "";
  $("book-error").hidden = true;
  showPermanencesFor();
}

function startMove(appt) {
  state.editing = appt;
  $("form-title").textContent = `Déplacer le rendez-vous ${appt.code}`;
  $("book-service").value = appt.service;
  $("book-date").value = appt.date;
  $("book-time").value = appt.time;
  $("book-minutes").value = String(appt.minutes);
  if (![...$("book-minutes").options].some((o) => o.value === String(appt.minutes))) {
    $("book-minutes").append(h("option", { value: String(appt.minutes) }, `${appt.minutes} min`));
    $("book-minutes").value = String(appt.minutes);
  }
  $("book-counter").value = appt.counter || "";
  $("book-phone-fields").hidden = true;
  $("book-submit").textContent = "Enregistrer le déplacement";
  $("book-reset").hidden = false;
  $("book-service").focus();
  showPermanencesFor();
}

async function submit(event) {
  event.preventDefault();
  $("book-error").hidden = true;
  const body = {
    service: $("book-service").value,
    date: $("book-date").value,
    time: $("book-time").value,
    minutes: Number($("book-minutes").value),
    counter: $("book-counter").value || null,
  };
  if (!body.date || !body.time) {
    $("book-error").textContent = "Indiquez la date et l'heure.";
    $("book-error").hidden = false;
    return;
  }
  const button = $("book-submit");
  button.disabled = true;
  try {
    if (state.editing) {
      const moved = await api("PATCH", `/appointments/${state.editing.id}`, body);
      say(`Rendez-vous ${moved.code} déplacé au ${frenchDay(moved.date)} à ${moved.time}.`);
      state.start = state.view === "week" ? moved.date : moved.date;
    } else {
      const phone = $("book-phone").value.trim();
      const booked = await api("POST", "/appointments", {
        ...body, phone: phone || null, consent: $("book-consent").checked, permanence: state.permanence || null,
      });
      showBooked(booked);
      state.start = booked.date;
    }
    resetForm();
    await load(false);
  } catch (error) {
    if (error.status === 401) return showSignIn();
    $("book-error").textContent = explain(error);
    $("book-error").hidden = false;
    if (error.status === 409 && !error.details.field) { resetForm(); await load(false); }
  } finally {
    button.disabled = false;
  }
}

function showBooked(appt) {
  $("booked-summary").textContent = `${appt.service_label}, ${frenchDay(appt.date)} à ${appt.time} — ${placeLabel(appt)}.`;
  $("booked-code").textContent = appt.code;
  $("booked-qr").src = appt.qr_url;
  $("booked-print").href = appt.visitor_url;
  say(`Rendez-vous réservé : code ${appt.code}.`);
  $("booked").showModal();
}

async function cancelAppointment(appt, button) {
  if (button.dataset.confirm !== "1") {
    button.dataset.confirm = "1";
    button.textContent = "Confirmer l'annulation";
    return;
  }
  try {
    await api("POST", `/appointments/${appt.id}/cancel`);
    say(`Rendez-vous de ${appt.time} (${appt.code}) annulé.`);
  } catch (error) {
    if (error.status === 401) return showSignIn();
    alertText(explain(error));
  }
  await load(false);
}

async function checkIn(appt) {
  try {
    const ticket = await api("POST", "/appointments/check-in", { code: appt.code, language: "fr" });
    say(`Arrivée enregistrée pour ${appt.code} : ticket ${ticket.number}${ticket.late ? " (en retard, sans priorité)" : ""}.`);
  } catch (error) {
    if (error.status === 401) return showSignIn();
    alertText(explain(error));
  }
  await load(false);
}

function showSignIn() {
  $("agenda-work").hidden = true;
  $("agenda-signin").hidden = false;
}

async function start() {
  let me;
  try {
    me = await api("GET", "/auth/me");
  } catch (error) {
    return showSignIn();
  }
  $("agenda-who").textContent = me.name;
  $("admin-permanences").hidden = !me.is_admin;
  $("admin-itinerance").hidden = !me.is_admin;
  $("admin-home").hidden = !me.is_admin; // opened from the back-office's menu: the way back
  state.services = await api("GET", "/services");
  $("book-service").replaceChildren(...state.services.map((s) =>
    h("option", { value: s.code }, s.partner ? `${s.label} (${s.partner})` : s.label)));
  $("agenda-work").hidden = false;
  await load(true);
  resetForm();
  $("book-form").addEventListener("submit", submit);
  $("book-reset").addEventListener("click", resetForm);
  $("book-date").addEventListener("change", () => { state.permanence = null; showPermanencesFor(); });
  $("booked-close").addEventListener("click", () => $("booked").close());
  $("view-day").addEventListener("click", () => { state.view = "day"; load(true); });
  $("view-week").addEventListener("click", () => { state.view = "week"; load(true); });
  $("prev").addEventListener("click", () => { state.start = addDays(state.start, state.view === "week" ? -7 : -1); load(true); });
  $("next").addEventListener("click", () => { state.start = addDays(state.start, state.view === "week" ? 7 : 1); load(true); });
  $("today").addEventListener("click", () => { state.start = state.today; load(true); });
  $("agenda-date").addEventListener("change", (event) => { if (event.target.value) { state.start = event.target.value; load(true); } });
}

start();
