// What the agenda adds to the waiting-room screen's information rotation: the partners'
// permanences of the coming days and the map of the itinerant tour. Kept apart from the display's
// own files; display/info.js only asks for these sections.

import { rooted } from "/static/common/api.js";
import { h } from "/static/common/dom.js";

function dayLabel(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString("fr-FR", {
    weekday: "short", day: "numeric", month: "long", timeZone: "UTC",
  });
}

const hours = (opens, closes) => `${opens.replace(":", " h ").replace(" h 00", " h")} – ${closes.replace(":", " h ").replace(" h 00", " h")}`;

// The page's own site comes from its address (/s/<site>/display): requests go under its root.
export async function loadAgendaInfo() {
  const json = async (path, fallback) => {
    try {
      const response = await fetch(rooted(path));
      return response.ok ? await response.json() : fallback;
    } catch {
      return fallback;
    }
  };
  const [upcoming, legend] = await Promise.all([
    json("/api/v1/permanences/upcoming?days=14", { permanences: [] }),
    json("/api/v1/itinerant/map-legend", { communes: [] }),
  ]);
  return {
    permanences: upcoming.permanences,
    communes: legend.communes,
    mapUrl: legend.communes.length ? rooted("/itinerance/carte.svg") : null,
  };
}

export function agendaSections(agenda) {
  if (!agenda) return [];
  const sections = [];
  if (agenda.permanences.length) {
    sections.push({
      key: "permanences",
      title: "Permanences des partenaires",
      intro: h("p", { class: "slide-intro" }, "Sur rendez-vous : demandez à l'accueil."),
      items: agenda.permanences.map((p) => h("li", { class: "stop", "data-date": p.date },
        h("span", { class: "stop-when" }, `${dayLabel(p.date)} · ${hours(p.opens, p.closes)}`),
        h("span", { class: "stop-where" }, p.partner && !p.label.includes(p.partner.split(" ")[0]) ? `${p.partner} — ${p.label}` : p.label,
          p.remote ? h("span", { class: "tag" }, "en visio") : ""))),
    });
  }
  if (agenda.mapUrl) {
    sections.push({
      key: "itinerant-map",
      title: "Les arrêts de l'itinérant",
      intro: h("img", {
        class: "itinerant-map-image", src: agenda.mapUrl,
        alt: "Carte des communes où s'arrête le France Services itinérant, autour de Castelsarrasin",
      }), // sized by display.css (no inline style: the Content-Security-Policy forbids it)
      items: [],
    });
  }
  return sections;
}
