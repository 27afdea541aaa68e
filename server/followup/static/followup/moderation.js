// Agents moderate the idea wall: approve with the team's answer, reject (the text is erased).
import { get, post } from "/static/common/api.js";
import { byId, h, show } from "/static/common/dom.js";
import { connectLive } from "/static/common/live.js";
import { alertText, explain, frenchDate, say, signedIn } from "./common.js";

const CATEGORY = { place: "Le lieu", services: "Les services", other: "Autre" };
const SOURCE = { kiosk: "borne", phone: "téléphone" };

const FRENCH = new Set(["fr", "falc"]);
const LANGUAGE = { bg: "bulgare", tr: "turc", ar: "arabe", es: "espagnol", pt: "portugais", en: "anglais" };

async function decide(idea, action, answer, translation) {
  alertText("");
  try {
    const body = action === "approve" ? { answer, answer_translation: translation?.value ?? "" } : {};
    await post(`/ideas/${idea.id}/${action}`, body);
    say(action === "approve" ? "Idée publiée sur le mur." : "Idée refusée et effacée.");
    await load();
  } catch (error) {
    alertText(error.status === 409 ? "Cette idée a déjà été refusée." : explain(error));
  }
}

function answerField(idea) {
  const id = `answer-${idea.id}`;
  const field = h("textarea", { id, rows: "2", maxlength: "500" }, idea.answer || "");
  return { field, label: h("label", { for: id }, "Réponse de l'équipe (facultative)") };
}

// An idea written in another language: the answer may be given in that language too (the
// display and the wall show it under the French one).
function translationField(idea) {
  if (FRENCH.has(idea.language)) return { translation: null, translationLabel: null };
  const id = `answer-translation-${idea.id}`;
  const translation = h("textarea", { id, rows: "2", maxlength: "500", lang: idea.language, dir: idea.direction || "auto" },
    idea.answer_translation || "");
  const name = LANGUAGE[idea.language] || idea.language;
  return { translation, translationLabel: h("label", { for: id }, `La même réponse en ${name} (facultative)`) };
}

function pendingItem(idea) {
  const { field, label } = answerField(idea);
  const { translation, translationLabel } = translationField(idea);
  let confirming = false;
  const reject = h("button", { type: "button", class: "secondary danger", onclick: () => {
    if (!confirming) {
      confirming = true;
      reject.textContent = "Confirmer le refus";
      return;
    }
    decide(idea, "reject");
  } }, "Refuser");
  return h("li", { class: "idea", "data-idea": idea.id },
    h("p", { class: "idea-meta" }, `${CATEGORY[idea.category] || idea.category} · ${frenchDate(idea.created_at)}`
      + ` · depuis la ${SOURCE[idea.source] || idea.source}`),
    h("blockquote", { class: "idea-text", dir: "auto" }, idea.text),
    label, field, translationLabel, translation,
    h("div", { class: "idea-buttons" },
      h("button", { type: "button", onclick: () => decide(idea, "approve", field.value, translation) }, "Publier sur le mur"),
      reject));
}

function approvedItem(idea) {
  const { field, label } = answerField(idea);
  const { translation, translationLabel } = translationField(idea);
  return h("li", { class: "idea", "data-idea": idea.id },
    h("p", { class: "idea-meta" }, CATEGORY[idea.category] || idea.category),
    h("blockquote", { class: "idea-text", dir: "auto" }, idea.text),
    label, field, translationLabel, translation,
    h("div", { class: "idea-buttons" },
      h("button", { type: "button", class: "secondary", onclick: () => decide(idea, "approve", field.value, translation) },
        "Enregistrer la réponse")));
}

async function load() {
  try {
    const view = await get("/ideas/moderation");
    byId("pending").replaceChildren(...view.pending.map(pendingItem));
    byId("approved").replaceChildren(...view.approved.map(approvedItem));
    byId("pending-count").textContent = view.pending.length ? `(${view.pending.length})` : "";
    show(byId("pending-empty"), !view.pending.length);
    show(byId("approved-empty"), !view.approved.length);
  } catch (error) {
    alertText(explain(error));
  }
}

if (await signedIn()) {
  await load();
  // A visitor posts at the kiosk: the list grows without a reload (only when nothing is being typed).
  connectLive({
    namespace: "/agent",
    onSnapshot: () => {},
    on: { setting_changed: ({ key }) => {
      if (key === "ideas" && !document.activeElement?.matches("textarea")) load();
    } },
  });
}
