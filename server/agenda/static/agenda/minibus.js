// The minibus to the Moissac permanences: book a seat a week ahead, the driver's list, trips.
import { request as api } from "/static/common/api.js";
import { h } from "/static/common/dom.js";

const $ = (id) => document.getElementById(id);
let me = null;

const say = (text) => { $("agenda-status").textContent = text; $("agenda-alert").hidden = true; };
const fail = (text) => { $("agenda-alert").textContent = text; $("agenda-alert").hidden = false; };

function frenchDay(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString("fr-FR", { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" });
}

function explain(error, daysAhead) {
  const field = error.details && error.details.field;
  if (error.code === "full") return "Plus de place sur ce trajet.";
  if (field === "trip") return `Trop tard : une place se réserve au moins ${daysAhead} jours avant le trajet.`;
  if (field === "consent") return "Cochez l'accord de la personne pour garder son numéro, ou effacez le numéro.";
  if (field === "phone") return "Numéro attendu : 06 12 34 56 78 ou +33 6 12 34 56 78.";
  if (field === "name") return "Indiquez un prénom ou des initiales pour le chauffeur.";
  return error.message;
}

function seatForm(trip, daysAhead, firstDay) {
  const id = (name) => `${name}-${trip.id}`;
  const open = !trip.cancelled && trip.left > 0 && trip.day >= firstDay;
  if (!open) {
    return h("p", { class: "hint" }, trip.cancelled ? "Trajet annulé." : trip.left === 0 ? "Complet."
      : `Réservations closes (au moins ${daysAhead} jours avant).`);
  }
  const form = h("form", { class: "tour-row", novalidate: true },
    h("label", { for: id("pickup") }, "Ramassage",
      h("select", { id: id("pickup") }, trip.stops.map((s, n) => h("option", { value: String(n) }, `${s.time} ${s.place}`)))),
    h("label", { for: id("name") }, "Prénom ou initiales", h("input", { id: id("name"), maxlength: 40, autocomplete: "off" })),
    h("label", { for: id("phone") }, "Téléphone (facultatif)", h("input", { id: id("phone"), type: "tel", autocomplete: "off" })),
    h("label", { class: "check", for: id("consent") }, h("input", { id: id("consent"), type: "checkbox" }), "Accepte d'être appelée"),
    h("button", { type: "submit" }, "Réserver une place"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await api("POST", `/minibus/trips/${trip.id}/seats`, {
        pickup: Number($(id("pickup")).value), name: $(id("name")).value.trim(),
        phone: $(id("phone")).value.trim() || null, consent: $(id("consent")).checked,
      });
      await load();
      say(`Place réservée pour le ${frenchDay(trip.day)}.`);
    } catch (error) { fail(explain(error, daysAhead)); }
  });
  return form;
}

function renderTrip(trip, daysAhead, firstDay) {
  return h("article", { class: "agenda-day", "data-trip": trip.id },
    h("h3", {}, `${frenchDay(trip.day)} — ${trip.left} place(s) libre(s) sur ${trip.seats}`),
    h("p", { class: "appt-meta" }, trip.stops.map((s) => `${s.time} ${s.place}`).join(" · ")),
    h("ul", { class: "agenda-items" }, trip.bookings.map((b) => h("li", { class: "appt" },
      h("p", { class: "appt-time" }, b.pickup_time),
      h("div", {}, h("p", { class: "appt-what" }, b.name || "—"), h("p", { class: "appt-meta" }, [b.pickup_place, b.phone].filter(Boolean).join(" · "))),
      h("div", { class: "appt-actions" }, h("button", { type: "button", class: "secondary",
        "aria-label": `Annuler la place de ${b.name || "cette personne"}`, onclick: async () => {
          try { await api("DELETE", `/minibus/seats/${b.id}`); await load(); say("Place annulée."); } catch (error) { fail(error.message); }
        } }, "Annuler"))))),
    seatForm(trip, daysAhead, firstDay),
    h("p", {}, h("a", { href: `/console/minibus/${trip.id}/liste`, target: "_blank", rel: "noopener" }, `Liste du chauffeur (${frenchDay(trip.day)})`)));
}

async function load() {
  const data = await api("GET", "/minibus/trips");
  $("rule").textContent = `Une place se réserve au moins ${data.days_ahead} jours à l'avance (à partir du ${frenchDay(data.first_bookable_day)}). Prénom et numéro sont effacés après le trajet.`;
  $("no-trip").hidden = data.trips.length > 0;
  $("trips").replaceChildren(...data.trips.map((t) => renderTrip(t, data.days_ahead, data.first_bookable_day)));
}

async function start() {
  try { me = await api("GET", "/auth/me"); } catch { me = null; }
  if (!me) { $("agenda-signin").hidden = false; return; }
  $("agenda-who").textContent = me.name;
  $("agenda-work").hidden = false;
  $("new-trip-panel").hidden = !me.is_admin;
  await load();
  $("trip-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    $("trip-error").hidden = true;
    const stops = $("trip-stops").value.split("\n").map((line) => line.trim()).filter(Boolean).map((line) => {
      const match = line.match(/^(\d{1,2})[:h](\d{2})\s+(.+)$/);
      return match ? { time: `${match[1].padStart(2, "0")}:${match[2]}`, place: match[3] } : { time: "", place: line };
    });
    try {
      await api("POST", "/minibus/trips", { day: $("trip-day").value, seats: Number($("trip-seats").value) || 8, stops, notes: $("trip-notes").value.trim() });
      $("trip-form").reset();
      await load();
      say("Trajet ajouté.");
    } catch (error) {
      $("trip-error").textContent = error.details && error.details.field === "stops"
        ? "Une ligne par point de ramassage : « 08:30 Saint-Agnan, La Poste »." : error.message;
      $("trip-error").hidden = false;
    }
  });
}

start();
