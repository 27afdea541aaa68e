// What the console's follow-through pages share: the sign-in check, messages, French dates.
import { get } from "/static/common/api.js";
import { byId, show } from "/static/common/dom.js";

export const say = (text) => { byId("followup-status").textContent = text; };

export function alertText(text) {
  byId("followup-alert").textContent = text || "";
  show(byId("followup-alert"), Boolean(text));
}

export function explain(error, fallback) {
  if (error.status === 0) return "Réseau injoignable : réessayez dans un instant.";
  if (error.status === 401) return "Votre session a expiré : reconnectez-vous à la console.";
  return fallback || error.message;
}

// The agent signed in at the console, or the page says to sign in first.
export async function signedIn() {
  try {
    const me = await get("/auth/me");
    show(byId("followup-work"), true);
    return me;
  } catch (error) {
    if (error.status === 401) show(byId("followup-signin"), true);
    else alertText(explain(error));
    return null;
  }
}

export function frenchDate(iso, options = { weekday: "long", day: "numeric", month: "long" }) {
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString("fr-FR", { ...options, timeZone: "UTC" });
}
