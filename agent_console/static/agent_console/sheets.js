// The sheets that slide over the console: finish (outcome in 3 taps), self-service computer,
// transfer, walk-in, and the follow-up (checklist QR code, consented call back).

import { get, post } from "/static/common/api.js";
import { byId as $, h, show } from "/static/common/dom.js";

const FRENCH_PHONE = /^(?:0|\+33|0033)[1-9]\d{8}$/;

function fail(id, text) {
  $(id).textContent = text;
  show($(id), Boolean(text));
}

export function displayPhone(e164) {
  const national = `0${e164.slice(3)}`;
  return national.replace(/(\d{2})(?=\d)/g, "$1 ");
}

function serviceOptions(select, services, selected) {
  const groups = new Map();
  for (const service of services) {
    const partner = service.partner || "Accueil général";
    if (!groups.has(partner)) groups.set(partner, h("optgroup", { label: partner }));
    groups.get(partner).append(h("option", { value: service.code, selected: service.code === selected },
      service.partner ? `${service.partner} — ${service.label}` : service.label));
  }
  select.replaceChildren(...groups.values());
  select.value = selected;
}

const FREE_STEPS_LABEL = "Étapes, une par ligne (quoi faire, quels documents, qui voir, quand)";
const KINDS = { document: "Document à apporter", contact: "Qui voir", when: "Quand", link: "Lien utile" };

export function createSheets(ctx) {
  let followupTicket = null;
  let checklistToken = null;
  let library = null;

  for (const button of document.querySelectorAll("dialog [data-close]")) {
    button.addEventListener("click", () => button.closest("dialog").close());
  }

  function open(id, ticket) {
    const dialog = $(id);
    for (const slot of dialog.querySelectorAll("[data-ticket-number]")) slot.textContent = ticket ? ticket.number : "";
    for (const error of dialog.querySelectorAll(".form-error")) show(error, false);
    dialog.showModal();
  }

  function outcomeFor(serviceCode, fields) {
    const service = ctx.services.find((s) => s.code === serviceCode);
    const outcome = { service: serviceCode, ...fields };
    if (service && service.partner_code) outcome.partner = service.partner_code;
    return outcome;
  }

  // Finish: the request is preselected, then type and result — three taps with "Terminer".
  function openFinish(ticket) {
    const form = $("finish-form");
    form.reset();
    serviceOptions($("finish-service"), ctx.services, ticket.service);
    open("sheet-finish", ticket);
  }

  $("finish-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    const ticket = ctx.visit();
    const requestType = form.elements.request_type.value;
    const result = form.elements.result.value;
    if (!requestType || !result) {
      fail("finish-error", "Choisissez le type de demande et le résultat.");
      return;
    }
    const after = { checklist: form.elements.checklist.checked, callback: form.elements.callback.checked };
    const { ticket: done, retry } = await ctx.act("finish", {
      outcome: outcomeFor(form.elements.service.value, { request_type: requestType, result }),
    }, "finish-error");
    if (retry) return;
    $("sheet-finish").close();
    if (done && (after.checklist || after.callback)) openFollowup(done, after);
  });

  // A self-service computer: recorded as a resolved procedure with the computer's number.
  function openWorkstation(ticket) {
    serviceOptions($("workstation-service"), ctx.services, ticket.service);
    $("workstation-choices").replaceChildren(...Array.from({ length: ctx.settings.workstations }, (_, i) =>
      h("label", { class: "tile" }, h("input", { type: "radio", name: "workstation", value: String(i + 1) }),
        h("span", {}, `n° ${i + 1}`))));
    open("sheet-workstation", ticket);
  }

  $("workstation-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    const number = Number(form.elements.workstation.value);
    if (!number) {
      fail("workstation-error", "Choisissez le numéro du poste.");
      return;
    }
    const { ticket: done, retry } = await ctx.act("finish", {
      outcome: outcomeFor(form.elements.service.value,
        { request_type: "procedure", result: "resolved", workstation: number }),
    }, "workstation-error");
    if (retry) return;
    $("sheet-workstation").close();
    if (done) ctx.say(`${done.number} accompagné au poste numérique n° ${number} : visite terminée.`);
  });

  function openTransfer(ticket) {
    $("transfer-form").reset();
    serviceOptions($("transfer-service"), ctx.services, ticket.service);
    $("transfer-counters").replaceChildren(...ctx.counters()
      .filter((counter) => counter.code !== ticket.counter)
      .map((counter) => h("label", { class: "tile" },
        h("input", { type: "radio", name: "counter", value: counter.code }),
        h("span", {}, counter.label))));
    open("sheet-transfer", ticket);
  }

  $("transfer-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    const ticket = ctx.visit();
    const body = {};
    if (form.elements.counter.value) body.counter = form.elements.counter.value;
    if (form.elements.service.value !== ticket.service) body.service = form.elements.service.value;
    if (!body.counter && !body.service) {
      fail("transfer-error", "Choisissez un lieu ou une autre demande.");
      return;
    }
    const { ticket: done, retry } = await ctx.act("transfer", body, "transfer-error");
    if (retry) return;
    $("sheet-transfer").close();
    if (done) ctx.say(`${done.number} transféré : il attend de nouveau, à sa place dans la file.`);
  });

  // Walk-in: theme, then request — two taps, and the visitor is being served.
  function showThemes() {
    show($("walk-in-themes"), true);
    show($("walk-in-services"), false);
    show($("walk-in-back"), false);
    $("walk-in-step").textContent = "Choisissez le thème, puis la demande. Le visiteur est servi tout de suite.";
  }

  function showServices(theme, label) {
    $("walk-in-services").replaceChildren(...ctx.services
      .filter((service) => service.theme === theme && service.partner_code)
      .map((service) => h("button", { type: "button", class: "secondary", onclick: () => walkIn(service) },
        `${service.label} — ${service.partner}`)));
    show($("walk-in-themes"), false);
    show($("walk-in-services"), true);
    show($("walk-in-back"), true);
    $("walk-in-step").textContent = `${label} : quelle demande ?`;
    $("walk-in-services").querySelector("button").focus();
  }

  async function walkIn(service) {
    fail("walk-in-error", "");
    const ticket = await ctx.walkIn(service.code, "walk-in-error");
    if (ticket) $("sheet-walk-in").close();
  }

  function openWalkIn() {
    const general = ctx.services.find((service) => !service.partner_code);
    $("walk-in-themes").replaceChildren(
      ...Object.entries(ctx.settings.themes).map(([code, label]) =>
        h("button", { type: "button", class: "secondary", onclick: () => showServices(code, label) }, label)),
      general && h("button", { type: "button", class: "secondary", onclick: () => walkIn(general) },
        general.label),
    );
    showThemes();
    open("sheet-walk-in", null);
  }

  $("walk-in-back").addEventListener("click", showThemes);

  function openFollowup(ticket, { checklist, callback }) {
    followupTicket = ticket;
    checklistToken = null;
    $("checklist-form").reset();
    $("callback-form").reset();
    $("checklist-title-input").value = ticket.service_label;
    library = null;
    show($("checklist-library"), false);
    $("checklist-items-label").textContent = FREE_STEPS_LABEL;
    if (checklist) loadLibrary(ticket.service);
    show($("checklist-form"), true);
    show($("checklist-result"), false);
    show($("callback-form"), true);
    show($("callback-done"), false);
    show($("followup-checklist"), checklist);
    show($("followup-callback"), callback);
    open("sheet-followup", ticket);
  }

  // The request's checklist from the library: every step ticked, in order; the agent unticks,
  // reorders, adds their own lines and a note.
  async function loadLibrary(service) {
    try {
      library = await get(`/checklist-library/${encodeURIComponent(service)}`);
    } catch {
      return; // no checklist for this request yet: the free lines below, as before
    }
    $("checklist-title-input").value = library.title;
    show($("checklist-draft"), library.to_check);
    $("checklist-steps").replaceChildren(...library.steps.map(libraryStep));
    renumber();
    $("checklist-items-label").textContent = "Étapes en plus, une par ligne (facultatif)";
    show($("checklist-library"), true);
  }

  function libraryStep(step) {
    const id = `library-step-${step.key}`;
    const item = h("li", { "data-key": step.key },
      h("input", { type: "checkbox", id, checked: true }),
      h("label", { for: id }, step.kind !== "step" ? h("strong", {}, `${KINDS[step.kind] || ""} : `) : "", step.text),
      h("button", { type: "button", class: "secondary move", "data-move": "up", onclick: () => move(item, -1) }, "↑"),
      h("button", { type: "button", class: "secondary move", "data-move": "down", onclick: () => move(item, 1) }, "↓"));
    return item;
  }

  function move(item, direction) {
    const sibling = direction < 0 ? item.previousElementSibling : item.nextElementSibling;
    if (!sibling) return;
    if (direction < 0) sibling.before(item);
    else sibling.after(item);
    renumber();
    item.querySelector(`[data-move="${direction < 0 ? "up" : "down"}"]`).focus();
    ctx.say(`Étape déplacée en position ${[...item.parentElement.children].indexOf(item) + 1}.`);
  }

  function renumber() {
    [...$("checklist-steps").children].forEach((item, n) => {
      const text = item.querySelector("label").textContent;
      item.querySelector('[data-move="up"]').setAttribute("aria-label", `Monter l'étape ${n + 1} : ${text}`);
      item.querySelector('[data-move="down"]').setAttribute("aria-label", `Descendre l'étape ${n + 1} : ${text}`);
    });
  }

  $("checklist-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const items = $("checklist-items").value.split("\n").map((line) => line.replace(/^[-•*\s]+/, "").trim())
      .filter(Boolean);
    const steps = library ? [...$("checklist-steps").children]
      .filter((item) => item.querySelector("input").checked).map((item) => item.dataset.key) : [];
    if (items.length === 0 && steps.length === 0) {
      fail("checklist-error", library ? "Gardez au moins une étape, ou écrivez-en une (une par ligne)."
        : "Écrivez au moins une étape (une par ligne).");
      return;
    }
    try {
      const checklist = await post(`/tickets/${followupTicket.id}/checklist`,
        { title: $("checklist-title-input").value.trim(), items, steps, note: $("checklist-note").value });
      checklistToken = checklist.token;
      $("checklist-qr").src = checklist.qr_url;
      $("checklist-url").textContent = checklist.url;
      show($("checklist-form"), false);
      show($("checklist-result"), true);
      ctx.say("QR code prêt : le visiteur peut le scanner.");
    } catch (error) {
      fail("checklist-error", error.status === 400
        ? "Liste refusée : 20 étapes au plus, de 300 caractères au plus."
        : "La liste n'a pas pu être enregistrée. Réessayez.");
    }
  });

  $("checklist-print").addEventListener("click", async () => {
    try {
      await post(`/checklists/${checklistToken}/print`);
      ctx.say("Liste envoyée à l'imprimante.");
    } catch (error) {
      ctx.say(error.status === 404
        ? "L'impression n'est pas disponible ici : le visiteur peut scanner le QR code."
        : "L'imprimante ne répond pas : le visiteur peut scanner le QR code.");
    }
  });

  $("callback-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const phone = $("callback-phone").value;
    if (!$("callback-consent").checked) {
      fail("callback-error", "Lisez le texte au visiteur et cochez la case de son accord avant d'enregistrer.");
      return;
    }
    if (!FRENCH_PHONE.test(phone.replace(/[\s.\-()]/g, ""))) {
      fail("callback-error", "Numéro non valide : 10 chiffres commençant par 0 (06 12 34 56 78) ou +33 suivi de 9 chiffres.");
      $("callback-phone").focus();
      return;
    }
    try {
      const callback = await post(`/tickets/${followupTicket.id}/callback`, { phone, consent: true });
      const due = new Date(`${callback.due_on}T12:00:00`).toLocaleDateString("fr-FR",
        { weekday: "long", day: "numeric", month: "long" });
      fail("callback-error", "");
      show($("callback-form"), false);
      $("callback-done").textContent = `Rappel prévu le ${due}, au ${displayPhone(callback.phone)}.`;
      show($("callback-done"), true);
      ctx.say("Rappel enregistré.");
    } catch (error) {
      fail("callback-error", error.details.field === "phone"
        ? "Numéro non valide : 10 chiffres commençant par 0 ou +33 suivi de 9 chiffres."
        : "Le rappel n'a pas pu être enregistré. Réessayez.");
    }
  });

  return { openFinish, openWorkstation, openTransfer, openWalkIn };
}
