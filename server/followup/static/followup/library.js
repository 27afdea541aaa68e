// The checklist library: pick a request, edit its steps (kind and text, in order), mark it checked,
// translate it line by line; every save is a new version, the history shows who saved what.
import { get, newKey, request } from "/static/common/api.js";
import { byId, h, show } from "/static/common/dom.js";
import { alertText, explain, frenchDate, say, signedIn } from "./common.js";

const state = { entry: null, kinds: {}, language: null, translations: {} };

function fail(text) {
  byId("library-error").textContent = text || "";
  show(byId("library-error"), Boolean(text));
}

function row(step) {
  const key = step.key || newKey().slice(0, 8);
  const kindId = `kind-${key}`;
  const textId = `text-${key}`;
  const item = h("li", { "data-key": key },
    h("label", { for: kindId, class: "visually-hidden" }, "Type"),
    h("select", { id: kindId, class: "kind" }, Object.entries(state.kinds).map(([code, label]) =>
      h("option", { value: code, selected: code === (step.kind || "step") }, label))),
    h("label", { for: textId, class: "visually-hidden" }, "Texte"),
    h("textarea", { id: textId, class: "text", rows: "2", maxlength: "300" }, step.text || ""),
    h("button", { type: "button", class: "secondary", "aria-label": "Monter", onclick: () => move(item, -1) }, "↑"),
    h("button", { type: "button", class: "secondary", "aria-label": "Descendre", onclick: () => move(item, 1) }, "↓"),
    h("button", { type: "button", class: "secondary danger", "aria-label": "Retirer la ligne",
      onclick: () => { item.remove(); } }, "✕"));
  return item;
}

function move(item, direction) {
  const sibling = direction < 0 ? item.previousElementSibling : item.nextElementSibling;
  if (!sibling) return;
  if (direction < 0) sibling.before(item);
  else sibling.after(item);
  item.querySelector(direction < 0 ? '[aria-label="Monter"]' : '[aria-label="Descendre"]').focus();
}

function steps() {
  return [...byId("library-steps").children].map((item) => ({
    key: item.dataset.key,
    kind: item.querySelector(".kind").value,
    text: item.querySelector(".text").value.trim(),
  })).filter((step) => step.text);
}

// The open language's lines go back into the translations, by step key.
function keepTranslation() {
  if (!state.language) return;
  const lines = byId("library-translation").value.split("\n");
  const keys = [...byId("library-steps").children].map((item) => item.dataset.key);
  const texts = {};
  keys.forEach((key, n) => { if (lines[n] && lines[n].trim()) texts[key] = lines[n].trim(); });
  state.translations[state.language] = { title: byId("library-translation-title").value.trim(), steps: texts };
}

function showTranslation() {
  state.language = byId("library-language").value;
  const current = state.translations[state.language] || { title: "", steps: {} };
  byId("library-translation-title").value = current.title || "";
  byId("library-translation").value = [...byId("library-steps").children]
    .map((item) => current.steps[item.dataset.key] || "").join("\n");
  for (const id of ["library-translation-title", "library-translation"]) {
    byId(id).lang = state.language === "falc" ? "fr" : state.language;
  }
}

function fill(entry, serviceLabel) {
  state.entry = entry;
  state.translations = entry ? JSON.parse(JSON.stringify(entry.translations)) : {};
  byId("library-title").value = entry ? entry.title : serviceLabel;
  byId("library-steps").replaceChildren(...(entry ? entry.steps : [{ kind: "step", text: "" }]).map(row));
  byId("library-to-check").checked = entry ? entry.to_check : false;
  byId("library-state").textContent = !entry ? "Pas encore de liste pour cette demande : écrivez-la."
    : `Version ${entry.version}${entry.to_check ? ", à vérifier par l'équipe" : ", vérifiée"}.`;
  byId("library-history").replaceChildren(...(entry ? entry.history : []).map((old) =>
    h("li", {}, h("strong", {}, `Version ${old.version}`),
      ` — ${frenchDate(old.saved_at)}, ${old.saved_by}${old.to_check ? " (à vérifier)" : ""} : `,
      `${old.title}, ${old.steps.length} ligne${old.steps.length > 1 ? "s" : ""}`)));
  state.language = null;
  showTranslation();
}

async function open(service) {
  fail("");
  const label = byId("library-service").selectedOptions[0]?.dataset.label || "";
  try {
    fill(await get(`/checklist-library/${encodeURIComponent(service)}`), label);
  } catch (error) {
    if (error.status === 404) fill(null, label);
    else alertText(explain(error));
  }
}

async function save(event) {
  event.preventDefault();
  keepTranslation();
  const service = byId("library-service").value;
  try {
    const saved = await request("PUT", `/checklist-library/${encodeURIComponent(service)}`, {
      title: byId("library-title").value,
      steps: steps(),
      translations: state.translations,
      to_check: byId("library-to-check").checked,
      version: state.entry ? state.entry.version : null,
    });
    fail("");
    fill(saved);
    say(`Liste enregistrée : version ${saved.version}.`);
    await loadList(service);
  } catch (error) {
    if (error.status === 409) fail("Un·e collègue a enregistré cette liste entre-temps : rechargez la demande, puis refaites la modification.");
    else if (error.status === 400) fail("Vérifiez la liste : un titre, au moins une ligne, 20 lignes au plus de 300 caractères.");
    else fail(explain(error));
  }
}

async function loadList(selected) {
  const { requests, kinds } = await get("/checklist-library");
  state.kinds = kinds;
  const groups = new Map();
  for (const entry of requests) {
    const partner = entry.partner || "Accueil général";
    if (!groups.has(partner)) groups.set(partner, h("optgroup", { label: partner }));
    const mark = !entry.has_checklist ? " — pas de liste" : entry.to_check ? " — à vérifier" : "";
    groups.get(partner).append(h("option", { value: entry.service, "data-label": entry.service_label,
      selected: entry.service === selected }, `${entry.service_label}${mark}`));
  }
  byId("library-service").replaceChildren(...groups.values());
  if (selected) byId("library-service").value = selected;
}

byId("library-service").addEventListener("change", () => open(byId("library-service").value));
byId("library-language").addEventListener("change", () => { keepTranslation(); showTranslation(); });
byId("library-add").addEventListener("click", () => {
  const item = row({ kind: "step", text: "" });
  byId("library-steps").append(item);
  item.querySelector(".text").focus();
});
byId("library-form").addEventListener("submit", save);

if (await signedIn()) {
  const first = new URLSearchParams(location.search).get("demande");
  await loadList(first);
  await open(byId("library-service").value);
}
