// Words and numbers as the waiting room reads and hears them (French, plain language).
import { hourText } from "/static/common/i18n.js";

const COMING_TO_YOU = "Un conseiller vient vers vous";

// "C012" -> "C 0 1 2": the voice reads each character, not "cent douze".
export function spokenNumber(number) {
  return Array.from(number).join(" ");
}

export function placeText(call) {
  if (call.coming_to_you) return COMING_TO_YOU;
  return call.counter_label || call.counter || "";
}

// What the voice says; the same words are written on the screen for deaf visitors.
export function spokenText(call) {
  const where = call.coming_to_you ? COMING_TO_YOU.toLowerCase() : placeText(call);
  return `${call.recall ? "Rappel. " : ""}Ticket ${spokenNumber(call.number)}, ${where}`;
}

// "C012 → Bureau 2", "C012 — Un conseiller vient vers vous" (for the live region).
export function writtenText(call) {
  const prefix = call.recall ? "Rappel : " : "";
  const link = call.coming_to_you ? " — " : ", ";
  return `${prefix}${call.number}${link}${placeText(call)}`;
}

// "09:00" -> "9 h", "12:30" -> "12 h 30" (the French way of writing hours, the kit's own,
// with no-break spaces so it is never cut inside).
export { hourText };

// "9 h – 12 h 30" on one line: no-break spaces, so a span is never cut as "9 h – 12 / h 30".
export function spanText(opens, closes) {
  return `${hourText(opens)}\u00a0– ${hourText(closes)}`;
}

// A calendar date from the API ("2026-12-07") -> "lun. 7 déc." whatever the screen's zone.
export function dayText(isoDate, options = { weekday: "short", day: "numeric", month: "short" }) {
  const date = new Date(`${isoDate}T12:00:00Z`);
  return new Intl.DateTimeFormat("fr-FR", { ...options, timeZone: "UTC" }).format(date);
}

// A moment ("2026-11-30T17:00:00+01:00") -> "18 h" or "lundi à 9 h" in the site's zone.
export function momentText(isoMoment, timeZone, withDay = false) {
  const parts = new Intl.DateTimeFormat("fr-FR", {
    weekday: "long", hour: "numeric", minute: "2-digit", hourCycle: "h23", timeZone,
  }).formatToParts(new Date(isoMoment));
  const part = (type) => parts.find((p) => p.type === type)?.value ?? "";
  const time = hourText(`${part("hour")}:${part("minute")}`);
  return withDay ? `${part("weekday")} à ${time}` : time;
}

export function clockText(date, timeZone) {
  return new Intl.DateTimeFormat("fr-FR", {
    hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone,
  }).format(date);
}

// The wait of a theme, in the server's words (the same on every screen), or "—" when nobody waits.
export function minutesText(theme) {
  if (!theme.waiting || !theme.wait) return "—";
  return theme.wait.text.replace(/ min$/, "\u00a0min"); // wraps as "moins de" / "45 min"
}

export function waitingTotalText(count) {
  if (!count) return "Personne n'attend pour le moment.";
  return count === 1 ? "1 personne attend." : `${count} personnes attendent.`;
}
