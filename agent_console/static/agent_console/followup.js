// The topbar's follow-through links show what waits for the team: ideas to moderate, call-backs
// due today. Re-read on each (re)connection and whenever an idea or a call-back changes.
import { get } from "/static/common/api.js";
import { byId } from "/static/common/dom.js";

function badge(id, count, one, many) {
  const link = byId(id);
  if (!link) return;
  link.querySelector(".badge").textContent = count ? String(count) : "";
  link.setAttribute("aria-label", `${link.dataset.label}${count ? ` : ${count} ${count > 1 ? many : one}` : ""}`);
}

export async function refreshFollowup() {
  try {
    const counts = await get("/followup/counts");
    badge("open-ideas", counts.ideas_pending, "à modérer", "à modérer");
    badge("open-callbacks", counts.callbacks_due, "à faire aujourd'hui", "à faire aujourd'hui");
  } catch {
    // signed out or offline: the links still work, without a count
  }
}
