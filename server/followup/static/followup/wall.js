// The idea wall on a phone: the form posts through the API; the server cleans and checks the text.
import { post } from "/static/common/api.js";
import { byId, pageData, show } from "/static/common/dom.js";
import { translator } from "/static/common/i18n.js";

const data = pageData("wall-data");
const t = translator({ [data.language]: data.texts })(data.language);
const form = byId("idea-form");
const field = byId("idea-text");

function fail(key) {
  byId("idea-error").textContent = key ? t(key) : "";
  show(byId("idea-error"), Boolean(key));
}

field.addEventListener("input", () => {
  byId("idea-remaining").textContent = t("ideas.remaining", { count: data.max_length - [...field.value].length });
});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const category = form.elements.category.value;
  const text = field.value;
  if (!category || text.trim().length < 3) return fail("ideas.error_short");
  fail("");
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    await post("/ideas", { text, category, language: data.language, source: "phone" });
    show(form, false);
    show(byId("idea-sent"), true);
  } catch (error) {
    const details = error.details || {};
    if (error.status === 429) fail("ideas.error_busy");
    else if (details.personal) fail("ideas.error_personal");
    else if (error.status === 400) fail("ideas.error_short");
    else fail("ideas.error_failed");
  } finally {
    button.disabled = false;
  }
});
