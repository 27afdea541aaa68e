// The slow-changing information around the calls: opening hours, itinerant tour, highlights.
import { get } from "/static/common/api.js";
import { h } from "/static/common/dom.js";
import { dayText, momentText, spanText } from "./format.js";
import { agendaSections, loadAgendaInfo } from "/agenda/static/agenda/display-info.js";

export async function loadInfo(site) {
  const query = `site=${encodeURIComponent(site)}`;
  const read = (path) => get(`/${path}${path.includes("?") ? "&" : "?"}${query}`);
  const [hours, itinerant, highlights, agenda] = await Promise.all([
    read("opening-hours"), read("itinerant?weeks=2"), read("highlights"), loadAgendaInfo(site),
  ]);
  return { hours, itinerant, highlights, agenda };
}

// "Ouvert jusqu'à 18 h", "Fermé · réouverture lundi à 9 h".
export function openingNowText(hours, timeZone) {
  if (hours.always_open) return "Ouvert";
  if (hours.open_now) {
    return hours.closes_at ? `Ouvert jusqu'à ${momentText(hours.closes_at, timeZone)}` : "Ouvert";
  }
  if (!hours.next_opening) return "Fermé";
  return `Fermé · réouverture ${momentText(hours.next_opening, timeZone, true)}`;
}

function highlightSections(highlights) {
  return highlights.map((item) => ({
    key: `highlight-${item.id}`,
    title: "Ce mois-ci",
    intro: h("div", { class: "highlight" },
      h("h3", { class: "highlight-title" }, item.title),
      h("p", { class: "highlight-body" }, item.body)),
    items: [],
  }));
}

function stopItem(stop) {
  return h("li", { class: "stop", "data-date": stop.date },
    h("span", { class: "stop-when" },
      `${dayText(stop.date, { weekday: "short", day: "numeric" })} · `,
      h("span", { class: "visually-hidden" }, `${stop.half_day_label}, `),
      spanText(stop.opens, stop.closes)),
    h("span", { class: "stop-where" }, `${stop.commune}, ${stop.place}`,
      stop.to_confirm ? h("span", { class: "tag" }, "à confirmer") : "",
      stop.status === "cancelled" ? h("span", { class: "tag" }, "annulé") : ""));
}

function closedItem(day) {
  return h("li", { class: "stop closed", "data-date": day.date },
    h("span", { class: "stop-when" }, dayText(day.date, { weekday: "short", day: "numeric" })),
    h("span", { class: "stop-where" }, `Pas de tournée (${day.reason})`));
}

function itinerantSections(itinerant) {
  return itinerant.weeks.map((week, n) => {
    const items = [...week.stops.map(stopItem), ...week.closed_days.map(closedItem)];
    items.sort((a, b) => a.dataset.date.localeCompare(b.dataset.date));
    const which = n === 0 ? "Cette semaine" : n === 1 ? "La semaine prochaine" : "Ensuite";
    const sameMonth = week.week_start.slice(0, 7) === week.week_end.slice(0, 7);
    const start = dayText(week.week_start, sameMonth ? { day: "numeric" }
      : { day: "numeric", month: "long" });
    const range = `du ${start} au ${dayText(week.week_end, { day: "numeric", month: "long" })}`;
    return {
      key: `itinerant-${week.week_start}`,
      title: "France Services itinérant",
      intro: h("p", { class: "slide-intro" }, `${which}, ${range}`),
      items,
      empty: h("p", { class: "slide-empty" }, "Pas de tournée cette semaine."),
    };
  });
}

function hoursSection(hours) {
  if (hours.always_open) {
    return { key: "hours", title: "Horaires d'ouverture", items: [],
      empty: h("p", { class: "slide-empty" }, "Ouvert en continu aujourd'hui.") };
  }
  const items = hours.week.map((day) => h("li", { class: "hours-day" },
    h("span", { class: "hours-name" }, day.day),
    h("span", { class: "hours-spans" }, ...(day.intervals.length ? day.intervals.map((span) =>
      h("span", { class: "hours-span" }, spanText(span.opens, span.closes),
        span.late ? h("span", { class: "tag" }, "nocturne") : "")) : ["fermé"]))));
  return { key: "hours", title: "Horaires d'ouverture", items };
}

export function infoSections({ hours, itinerant, highlights, agenda }) {
  return [...highlightSections(highlights), ...itinerantSections(itinerant), ...agendaSections(agenda),
    hoursSection(hours)];
}
