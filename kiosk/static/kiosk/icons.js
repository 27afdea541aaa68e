// Stroke pictograms (24×24), drawn in the text colour. Our own constants, not data.
import { pictogram } from "/static/common/dom.js";

const ICONS = {
  emploi: "M3 8h18v12H3z M9 8V5h6v3 M3 13h18",
  justice: "M12 3v18 M7 21h10 M5 7h14 M5 7l-3 7h6z M19 7l-3 7h6z",
  sante: "M12 20s-8-5-8-11a4 4 0 0 1 8-1 4 4 0 0 1 8 1c0 6-8 11-8 11z M12 9v6 M9 12h6",
  budget: "M12 3a9 9 0 1 0 0.01 0z M15 9a4 4 0 1 0 0 6 M7.5 11h6 M7.5 13h6",
  famille: "M8 4a3 3 0 1 0 0.01 0z M17 6a2.5 2.5 0 1 0 0.01 0z M2 21v-2a6 6 0 0 1 12 0v2 M14 21v-2a4 4 0 0 1 8 0v2",
  logement: "M3 11l9-8 9 8 M5 10v11h14V10 M10 21v-6h4v6",
  appointment: "M3 5h18v16H3z M3 10h18 M8 3v4 M16 3v4 M9 15l2 2 4-4",
  reading: "M4 9h13v5a6 6 0 0 1-6 6h-1a6 6 0 0 1-6-6z M17 11h1a3 3 0 0 1 0 6h-1 M8 3v3 M12 3v3",
  idea: "M9 18h6 M10 21h4 M12 3a6 6 0 0 0-4 10.5c1 1 1 1.5 1 2.5h6c0-1 0-1.5 1-2.5A6 6 0 0 0 12 3z",
  priority: "M10 2.5a2 2 0 1 0 0.01 0z M10 7v6l-2.5 8.5 M10 13l3 8 M10 8.5l4.5 3 M15.5 10.5v10.5 M15.5 10.5c0-1.2 1.8-1.2 1.8 0",
  back: "M15 5l-7 7 7 7",
  speaker: "M4 9h4l5-4v14l-5-4H4z M16 9a4 4 0 0 1 0 6 M19 6a8 8 0 0 1 0 12",
  clock: "M12 3a9 9 0 1 0 0.01 0z M12 7v5l3 2",
  warning: "M12 3l10 18H2z M12 10v4 M12 17v1",
  phone: "M7 2h10v20H7z M11 18h2",
  check: "M5 12l5 5 9-10",
  box: "M4 4h16v16H4z",
  language: "M12 3a9 9 0 1 0 0.01 0z M3 12h18 M12 3c3 3 3 15 0 18 M12 3c-3 3-3 15 0 18",
  dot: "M12 10a2 2 0 1 0 0.01 0z",
};

// A kiosk pictogram by name, beside its words (hidden from screen readers).
export function icon(name) {
  return pictogram(ICONS[name] || ICONS.dot, name);
}
