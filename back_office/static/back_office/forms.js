// Back-office forms: each <form data-api="/api/v1/admin/…" data-method="POST|PUT"> is sent as
// JSON. An error keeps everything typed and says what is wrong, next to the field it names;
// a success reloads the list (or follows data-then="reload" / a URL). Requests go through the
// shared API module, like every screen's.

import { request } from "/static/common/api.js";

const statusLine = document.querySelector("[data-status]");

// A department administrator managing another site (?site= in the page's address): every
// request of the page is about that site too.
const managedSite = new URLSearchParams(window.location.search).get("site");
export function forSite(path) {
  if (!managedSite || !path.startsWith("/api/v1/admin/")) return path;
  return `${path}${path.includes("?") ? "&" : "?"}site=${encodeURIComponent(managedSite)}`;
}

function fieldValue(form, name, elements) {
  const first = elements[0];
  if (first.type === "checkbox" && first.dataset.type === "bool") return first.checked;
  if (first.type === "checkbox") return elements.filter((e) => e.checked).map((e) => e.value);
  const value = first.value;
  if (first.dataset.type === "bool-text") return value === "true";
  if (first.dataset.type === "int") return value === "" ? null : Number(value);
  if (first.dataset.type === "float") return value === "" ? null : Number(value);
  if (first.dataset.type === "lines") return value.split("\n").map((l) => l.trim()).filter(Boolean);
  if (first.dataset.type === "json") {
    try { return JSON.parse(value); } catch { return value; }
  }
  return value;
}

function formBody(form) {
  const groups = new Map();
  for (const element of form.elements) {
    if (!element.name || element.disabled || element.dataset.skip !== undefined) continue;
    if (!groups.has(element.name)) groups.set(element.name, []);
    groups.get(element.name).push(element);
  }
  const body = {};
  for (const [name, elements] of groups) {
    // "week.lundi" fills body.week.lundi: one form edits a nested object.
    const path = name.split(".");
    let target = body;
    for (const key of path.slice(0, -1)) target = target[key] ??= {};
    target[path[path.length - 1]] = fieldValue(form, name, elements);
  }
  return body;
}

function messageOf(error) {
  const json = error.details && error.details.json;
  if (json) {
    const [name, problems] = Object.entries(json)[0] || [];
    if (name) return { text: `${name} : ${[].concat(problems).join(" ")}`, field: name };
  }
  return { text: error.message, field: error.details && error.details.field };
}

// The form's own alert box, created on first use; exported for the other back-office scripts.
export function errorBox(form) {
  let box = form.querySelector("[data-error]");
  if (!box) {
    box = document.createElement("p");
    box.className = "form-error";
    box.setAttribute("role", "alert");
    box.dataset.error = "";
    form.prepend(box);
  }
  box.hidden = false;
  return box;
}

function showError(form, problem) {
  const text = typeof problem === "string" ? problem : problem.text;
  const field = typeof problem === "string" ? null : problem.field;
  const box = errorBox(form);
  box.textContent = text;
  for (const element of form.querySelectorAll("[aria-invalid]")) element.removeAttribute("aria-invalid");
  const target = field && (form.elements.namedItem(field)
    || [...form.elements].find((e) => e.name && e.name.endsWith(`.${field}`)));
  if (target && target.focus) {
    target.setAttribute("aria-invalid", "true");
    target.focus();
  } else {
    box.tabIndex = -1;
    box.focus();
  }
}

async function submit(event) {
  const form = event.target.closest("form[data-api]");
  if (!form) return;
  event.preventDefault();
  if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
  const button = event.submitter || form.querySelector("[type=submit]");
  const body = { ...formBody(form) };
  if (button && button.name) body[button.name] = fieldValue(form, button.name, [button]);
  if (button) button.disabled = true;
  try {
    await request(form.dataset.method || "POST", forSite(form.dataset.api), body);
    if (statusLine) statusLine.textContent = form.dataset.done || "Enregistré.";
    const then = form.dataset.then || "reload";
    if (then === "reload") window.location.reload();
    else if (then !== "stay") window.location.assign(then);
  } catch (error) {
    // A form may word a status itself (data-error-401="…"), e.g. a wrong PIN at sign-in.
    const worded = form.dataset[`error${error.status}`];
    if (worded) showError(form, worded);
    else if (error.status) showError(form, messageOf(error));
    else showError(form, "Le serveur ne répond pas : rien n'est perdu, réessayez dans un instant.");
  } finally {
    if (button) button.disabled = false;
  }
}

document.addEventListener("submit", submit);
// A button that only this script can make work waits for it (the sign-in: sent before, the PIN
// would be lost in a page reload).
for (const button of document.querySelectorAll("[data-until-ready]")) {
  button.disabled = false;
  button.removeAttribute("data-until-ready");
}
