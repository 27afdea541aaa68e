// The admin's editor of the itinerant tour: fifth week, stops, half-days, single-date changes.
import { request as api } from "/static/common/api.js";
import { h } from "/static/common/dom.js";
const $ = (id) => document.getElementById(id);
const WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
const HALF_DAYS = { morning: "matin", afternoon: "après-midi", day: "journée" };
let setup = null;
let counter = 0;



const say = (text) => { $("agenda-status").textContent = text; $("agenda-alert").hidden = true; };
const fail = (error) => {
  const field = error.details && error.details.field ? ` (${error.details.field})` : "";
  $("agenda-alert").textContent = `${error.message}${field}`;
  $("agenda-alert").hidden = false;
};

function field(label, input) {
  const id = `f${counter += 1}`;
  input.id = id;
  return h("label", { for: id, class: input.type === "checkbox" ? "check" : null },
    ...(input.type === "checkbox" ? [input, label] : [label, input]));
}

const input = (attrs) => h("input", attrs);
function select(options, value, attrs = {}) {
  const node = h("select", attrs, options.map(([v, label]) => h("option", { value: v }, label)));
  node.value = value === null || value === undefined ? "" : String(value);
  return node;
}

const stopName = (id) => {
  const stop = setup.stops.find((s) => s.id === id);
  return stop ? `${stop.commune} — ${stop.place}` : "";
};
const stopOptions = (empty) => [["", empty], ...setup.stops.map((s) => [String(s.id), `${s.commune} — ${s.place}`])];
const slotLabel = (s) => `Circuit ${s.pattern} · ${WEEKDAYS[s.weekday]} ${HALF_DAYS[s.half_day]} · ${s.public ? stopName(s.stop) : s.label || "interne"}`;

function stopRow(stop) {
  const form = h("form", { class: "tour-row", "data-stop": stop ? stop.id : "new", "data-commune": stop ? stop.commune : null });
  const values = stop || { commune: "", place: "", address: "", latitude: null, longitude: null, notes: "", to_confirm: false };
  const inputs = {
    commune: input({ value: values.commune, required: true, maxlength: 100 }),
    place: input({ value: values.place, required: true, maxlength: 200, class: "wide" }),
    address: input({ value: values.address, maxlength: 300, class: "wide" }),
    latitude: input({ value: values.latitude ?? "", inputmode: "decimal", class: "narrow" }),
    longitude: input({ value: values.longitude ?? "", inputmode: "decimal", class: "narrow" }),
    notes: input({ value: values.notes, maxlength: 2000, class: "wide", placeholder: "salle à l'étage, accès à confirmer" }),
    to_confirm: input({ type: "checkbox" }),
  };
  inputs.to_confirm.checked = values.to_confirm;
  const name = stop ? `${stop.commune}` : "nouvel arrêt";
  form.append(...[
    field("Commune", inputs.commune), field("Lieu", inputs.place), field("Adresse", inputs.address),
    field("Latitude", inputs.latitude), field("Longitude", inputs.longitude), field("Remarques", inputs.notes),
    field("À confirmer (affiché au public)", inputs.to_confirm),
    h("button", { type: "submit", "aria-label": stop ? `Enregistrer l'arrêt ${name}` : "Ajouter l'arrêt" }, stop ? "Enregistrer" : "Ajouter l'arrêt"),
    stop ? h("button", { type: "button", class: "secondary", "aria-label": `Retirer l'arrêt ${name}`, onclick: async () => {
      try { await api("DELETE", `/itinerant/stops/${stop.id}`); await load(); say(`Arrêt ${name} retiré.`); } catch (error) { fail(error); }
    } }, "Retirer") : null,
  ].filter(Boolean)); // a new row has no "Retirer": DOM append would write null as text
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const number = (v) => (v.trim() === "" ? null : Number(v.replace(",", ".")));
    const body = {
      commune: inputs.commune.value.trim(), place: inputs.place.value.trim(), address: inputs.address.value.trim(),
      latitude: number(inputs.latitude.value), longitude: number(inputs.longitude.value),
      notes: inputs.notes.value.trim(), to_confirm: inputs.to_confirm.checked,
    };
    try {
      if (stop) await api("PATCH", `/itinerant/stops/${stop.id}`, body);
      else await api("POST", "/itinerant/stops", body);
      await load();
      say(`Arrêt ${body.commune} enregistré.`);
    } catch (error) { fail(error); }
  });
  return form;
}

function slotRow(slot) {
  const form = h("form", { class: "tour-row", "data-slot": slot ? slot.id : "new" });
  const values = slot || { pattern: "A", weekday: 0, half_day: "morning", opens: "09:00", closes: "12:00", stop: null, label: "", public: true };
  const inputs = {
    pattern: select([["A", "A (sem. 1 et 3)"], ["B", "B (sem. 2 et 4)"]], values.pattern),
    weekday: select(WEEKDAYS.map((d, i) => [String(i), d]), values.weekday),
    half_day: select(Object.entries(HALF_DAYS), values.half_day),
    opens: input({ type: "time", value: values.opens }),
    closes: input({ type: "time", value: values.closes }),
    stop: select(stopOptions("— aucun (interne) —"), values.stop),
    label: input({ value: values.label, maxlength: 200, placeholder: "Réunion d'équipe" }),
  };
  const name = slot ? slotLabel(slot) : "nouvelle demi-journée";
  form.append(...[
    field("Circuit", inputs.pattern), field("Jour", inputs.weekday), field("Moment", inputs.half_day),
    field("De", inputs.opens), field("À", inputs.closes), field("Arrêt", inputs.stop), field("Intitulé interne", inputs.label),
    h("button", { type: "submit", "aria-label": slot ? `Enregistrer ${name}` : "Ajouter la demi-journée" }, slot ? "Enregistrer" : "Ajouter"),
    slot ? h("button", { type: "button", class: "secondary", "aria-label": `Supprimer ${name}`, onclick: async () => {
      try { await api("DELETE", `/itinerant/slots/${slot.id}`); await load(); say("Demi-journée supprimée."); } catch (error) { fail(error); }
    } }, "Supprimer") : null,
  ].filter(Boolean));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const stopId = inputs.stop.value ? Number(inputs.stop.value) : null;
    const body = {
      pattern: inputs.pattern.value, weekday: Number(inputs.weekday.value), half_day: inputs.half_day.value,
      opens: inputs.opens.value, closes: inputs.closes.value, stop: stopId, label: inputs.label.value.trim(), public: stopId !== null,
    };
    try {
      if (slot) await api("PATCH", `/itinerant/slots/${slot.id}`, body);
      else await api("POST", "/itinerant/slots", body);
      await load();
      say("Demi-journée enregistrée.");
    } catch (error) { fail(error); }
  });
  return form;
}

function render() {
  $("fifth-week").value = setup.fifth_week;
  $("stops").replaceChildren(...setup.stops.map(stopRow));
  $("new-stop").replaceWith(Object.assign(stopRow(null), { id: "new-stop" }));
  $("slots").replaceChildren(...setup.slots.map(slotRow));
  $("new-slot").replaceWith(Object.assign(slotRow(null), { id: "new-slot" }));
  $("exc-slot").replaceChildren(...setup.slots.map((s) => h("option", { value: String(s.id) }, slotLabel(s))));
  $("exc-stop").replaceChildren(...stopOptions("— même arrêt —").map(([v, label]) => h("option", { value: v }, label)));
  $("exceptions").replaceChildren(...setup.exceptions.map((e) => {
    const slot = setup.slots.find((s) => s.id === e.slot);
    const what = e.kind === "cancelled" ? "annulée" : `déplacée${e.stop ? ` à ${stopName(e.stop)}` : ""}${e.opens ? ` (${e.opens}–${e.closes || ""})` : ""}`;
    return h("li", { class: "appt perm" },
      h("p", { class: "appt-time" }, e.day),
      h("div", {}, h("p", { class: "appt-what" }, `${slot ? slotLabel(slot) : ""} : ${what}`),
        e.note ? h("p", { class: "appt-meta" }, e.note) : null),
      h("div", { class: "appt-actions" }, h("button", { type: "button", class: "secondary",
        "aria-label": `Retirer le changement du ${e.day}`, onclick: async () => {
          try { await api("DELETE", `/itinerant/exceptions/${e.id}`); await load(); say("Changement retiré."); } catch (error) { fail(error); }
        } }, "Retirer")));
  }));
}

async function load() {
  setup = await api("GET", "/itinerant/setup");
  render();
}

async function start() {
  let me;
  try { me = await api("GET", "/auth/me"); } catch { me = null; }
  if (!me || !me.is_admin) {
    $("agenda-signin").hidden = false;
    if (me) $("signin-text").textContent = "Votre compte n'est pas administrateur : demandez à un administrateur.";
    return;
  }
  $("agenda-who").textContent = me.name;
  $("agenda-work").hidden = false;
  await load();
  $("save-fifth").addEventListener("click", async () => {
    try {
      const saved = await api("PUT", "/itinerant/fifth-week", { fifth_week: $("fifth-week").value });
      say(`5e semaine : ${{ none: "pas de tournée", A: "circuit A", B: "circuit B" }[saved.fifth_week]}.`);
    } catch (error) { fail(error); }
  });
  $("new-exception").addEventListener("submit", async (event) => {
    event.preventDefault();
    $("exc-error").hidden = true;
    const body = {
      day: $("exc-day").value, slot: Number($("exc-slot").value), kind: $("exc-kind").value,
      stop: $("exc-stop").value ? Number($("exc-stop").value) : null,
      opens: $("exc-opens").value || null, closes: $("exc-closes").value || null, note: $("exc-note").value.trim(),
    };
    try {
      await api("POST", "/itinerant/exceptions", body);
      $("new-exception").reset();
      await load();
      say(`Changement du ${body.day} enregistré.`);
    } catch (error) {
      $("exc-error").textContent = error.message;
      $("exc-error").hidden = false;
    }
  });
}

start();
