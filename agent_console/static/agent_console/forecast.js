// The forecast's next peaks ("demain mardi 9 h – 11 h : forte affluence prévue"), so the team
// knows when to bring the ticket printers out. A convenience: silent when unavailable.
import { h } from "/static/common/dom.js";

export async function loadForecast() {
  const list = document.getElementById("forecast");
  if (!list) return;
  let forecast;
  try {
    const response = await fetch("/stats/forecast.json", { credentials: "same-origin" });
    if (!response.ok) return;
    forecast = await response.json();
  } catch {
    return;
  }
  const soon = forecast.peaks.slice(0, 3);
  list.replaceChildren(...(soon.length
    ? soon.map((peak) => h("li", {}, peak.message))
    : [h("li", {}, "Pas de forte affluence prévue dans les prochains jours.")]));
}
