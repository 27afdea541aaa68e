// The call-backs due: the number to dial, the request and the checklist given, then one tap for
// what the call gave. A closed call-back's number is erased by the server at once.
import { get, post } from "/static/common/api.js";
import { byId, h, show } from "/static/common/dom.js";
import { alertText, explain, frenchDate, say, signedIn } from "./common.js";

const OUTCOMES = [
  ["done", "Joint — démarche terminée", ""],
  ["in_progress", "Joint — démarche en cours", ""],
  ["stuck", "Joint — démarche bloquée", ""],
  ["no_answer", "Pas de réponse", "secondary"],
  ["wrong_number", "Mauvais numéro", "secondary"],
];
const SAID = {
  done: "Rappel clos : démarche terminée. Le numéro est effacé.",
  in_progress: "Rappel clos : démarche en cours. Le numéro est effacé.",
  stuck: "Rappel clos : démarche bloquée. Le numéro est effacé.",
  wrong_number: "Rappel clos : mauvais numéro. Le numéro est effacé.",
  unreachable: "Pas de réponse au dernier essai : rappel clos, le numéro est effacé.",
};

export function displayPhone(e164) {
  return `0${e164.slice(3)}`.replace(/(\d{2})(?=\d)/g, "$1 ");
}

async function record(callback, outcome) {
  alertText("");
  try {
    const result = await post(`/callbacks/${callback.id}/outcome`, { outcome });
    say(result.closed ? SAID[result.outcome]
      : `Pas de réponse : nouvel essai demain (${result.attempts} sur ${callback.max_attempts}).`);
    await load();
  } catch (error) {
    alertText(error.status === 409 ? "Ce rappel a déjà été clos par un collègue." : explain(error));
    await load();
  }
}

function item(callback) {
  const phone = displayPhone(callback.phone);
  return h("li", { class: "callback", "data-callback": callback.id },
    h("p", { class: "callback-phone" }, h("a", { href: `tel:${callback.phone}`, class: "button" }, `☎ ${phone}`)),
    h("p", {}, h("strong", {}, callback.service_label), callback.partner ? ` (${callback.partner})` : ""),
    h("p", { class: "callback-meta" },
      `Visite du ${frenchDate(callback.visit_on)} (ticket ${callback.number}) · à rappeler depuis le `
      + `${frenchDate(callback.due_on)} · essai ${callback.attempts + 1} sur ${callback.max_attempts}`
      + ` · numéro effacé après le ${frenchDate(callback.last_day)}`),
    callback.checklist
      ? h("p", {}, "Liste donnée : ", h("a", { href: callback.checklist.url, target: "_blank" },
        callback.checklist.title))
      : h("p", { class: "callback-meta" }, "Pas de liste d'étapes donnée."),
    h("div", { class: "callback-buttons", role: "group", "aria-label": `Résultat de l'appel au ${phone}` },
      OUTCOMES.map(([code, label, kind]) => h("button", {
        type: "button", class: kind, "data-outcome": code, onclick: () => record(callback, code),
      }, label))));
}

async function load() {
  try {
    const due = await get("/callbacks/due");
    byId("due").replaceChildren(...due.map(item));
    byId("due-count").textContent = due.length ? `(${due.length})` : "";
    show(byId("due-empty"), !due.length);
  } catch (error) {
    alertText(explain(error));
  }
}

if (await signedIn()) await load();
