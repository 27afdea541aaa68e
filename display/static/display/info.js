// The slow-changing information around the calls: opening hours, itinerant tour, highlights.
import { get, rooted } from "/static/common/api.js";
import { h } from "/static/common/dom.js";
import { dayText, momentText, spanText } from "./format.js";
import { agendaSections, loadAgendaInfo } from "/agenda/static/agenda/display-info.js";

export async function loadInfo() {
  const read = (path) => get(`/${path}`);
  const [hours, itinerant, highlights, agenda, ideas] = await Promise.all([
    read("opening-hours"), read("itinerant?weeks=2"), read("highlights"), loadAgendaInfo(),
    read("ideas").catch(() => []),
  ]);
  await pictureSizes(highlights);
  return { hours, itinerant, highlights, agenda, ideas };
}

// A highlight's picture arrives after the carousel has cut its slides: without its size the
// picture took no room when measured, then pushed the text out of the panel once loaded. Its
// size, read first, gives the <img> its box from the start.
async function pictureSizes(highlights) {
  await Promise.all(highlights.filter((item) => item.image_url).map(async (item) => {
    const picture = new Image();
    picture.src = rooted(item.image_url);
    try {
      await picture.decode();
      item.image_size = { width: picture.naturalWidth, height: picture.naturalHeight };
    } catch {
      // Not readable now: the slide is cut without it, the text stays whole.
      item.image_size = null;
    }
  }));
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

// A highlight's text, sentence by sentence: a long text (up to 400 characters) is split over
// several slides by the carousel instead of being cut.
function sentences(text) {
  return (text || "").match(/[^.!?…؟]+(?:[.!?…؟]+|$)\s*/g)?.map((part) => part.trim()).filter(Boolean) ?? [];
}

// The screen speaks French; a highlight's line in a visitors' language follows the French text,
// marked with its own lang/dir so screen readers and the direction (Arabic right to left) are
// right. Its title and sentences are list items, so a long translation moves to the next slide.
function secondLines(second) {
  if (!second) return [];
  const line = (className, text) => h("li", { class: `highlight-second ${className}`, lang: second.lang, dir: second.dir }, text);
  return [line("highlight-second-title", second.title),
    ...sentences(second.body).map((sentence) => line("highlight-second-body", sentence))];
}

function highlightSections(highlights) {
  return highlights.map((item) => ({
    key: `highlight-${item.id}`,
    title: "Ce mois-ci",
    intro: h("div", { class: "highlight" },
      item.image_url && item.image_size !== null ? h("img", {
        class: "highlight-picture", src: rooted(item.image_url), alt: item.image_alt || "",
        width: item.image_size?.width, height: item.image_size?.height, "data-shrinkable": true,
      }) : null,
      h("h3", { class: "highlight-title" }, item.title)),
    items: [...sentences(item.body).map((sentence) => h("li", { class: "highlight-body" }, sentence)),
      ...secondLines(item.second)],
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

const IDEA_CATEGORIES = { place: "Le lieu", services: "Les services", other: "Autre" };

// The idea wall: how to add one (the kiosk's tile, or this QR code from a phone), then the approved
// ideas in their author's language with the team's answer in French (and in the idea's language
// when the team wrote it), a few lines of each (the whole text is on the phone page).
function ideaSections(ideas, ideasUrl) {
  const invite = {
    key: "ideas-invite",
    title: "Le mur à idées",
    intro: h("div", { class: "idea-intro" },
      h("img", { class: "idea-qr", src: rooted("/idees/qr.svg"), width: 96, height: 96, alt: "" }),
      h("p", { class: "slide-intro" }, "Une idée pour ce lieu ? Écrivez-la à la borne ou sur ",
        h("span", { class: "idea-url" }, (ideasUrl || "").split("://").pop()), ".")),
    items: [],
  };
  const items = (ideas || []).slice(0, 12).map((idea) => h("li", { class: "idea-card", "data-idea": idea.id },
    h("p", { class: "idea-text", lang: idea.language === "falc" ? "fr" : idea.language, dir: "auto" },
      h("span", { class: "tag" }, IDEA_CATEGORIES[idea.category] || ""), ` « ${idea.text} »`),
    idea.answer ? h("p", { class: "idea-answer", lang: "fr" }, h("strong", {}, "Notre réponse : "), idea.answer)
      : null,
    // The second-language line: the same answer in the idea's own language, when given.
    idea.answer && idea.answer_translation
      ? h("p", { class: "idea-answer idea-second", lang: idea.language, dir: idea.direction || "auto" },
        idea.answer_translation)
      : null));
  return items.length
    ? [invite, { key: "ideas", title: "Vos idées, nos réponses", items }]
    : [invite];
}

export function infoSections({ hours, itinerant, highlights, agenda, ideas }, ideasUrl) {
  return [...highlightSections(highlights), ...itinerantSections(itinerant), ...agendaSections(agenda),
    ...ideaSections(ideas, ideasUrl), hoursSection(hours)];
}
