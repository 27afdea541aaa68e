// The idea wall at the kiosk: a subject, a short text typed on a large on-screen keyboard in the
// visitor's language, a reminder that the wall is public. The server cleans and checks the text.
import { rooted } from "/static/common/api.js";
import { h } from "/static/common/dom.js";
import { icon } from "./icons.js";

export const MAX_LENGTH = 280;
export const CATEGORIES = ["place", "services", "other"];

// Letter rows per language (the visitor's own alphabet), then digits and punctuation for all.
// Built from the code, so kiosk/texts.py names these keys for the catalogues.
const categoryKey = (code) => `ideas.category.${code}`;
const LATIN_FR = ["azertyuiop", "qsdfghjklm", "wxcvbn'", "éèêàçùôî"];
const LAYOUTS = {
  fr: LATIN_FR,
  falc: LATIN_FR,
  en: ["qwertyuiop", "asdfghjkl'", "zxcvbnm"],
  es: ["qwertyuiop", "asdfghjklñ", "zxcvbnm", "áéíóúü¿¡"],
  pt: ["qwertyuiop", "asdfghjklç", "zxcvbnm", "ãõáéíóúâêôà"],
  tr: ["qwertyuıopğü", "asdfghjklşi", "zxcvbnmöç"],
  bg: ["явертъуиопшщ", "асдфгхйклю", "зьцжбнмч"],
  ar: ["ضصثقفغعهخحجد", "شسيبلاتنمكط", "ئءؤرىةوزظذ"],
};
const DIGITS = "1234567890";
const PUNCTUATION = { ar: ["،", ".", "؟", "!", "-", "(", ")"], default: [",", ".", "?", "!", "-", "(", ")"] };
const CASELESS = new Set(["ar"]);

export function keyboardRows(language) {
  return LAYOUTS[language] || LAYOUTS.fr;
}

function key(label, onclick, attributes = {}) {
  return h("button", { type: "button", className: "secondary key", onclick, ...attributes }, label);
}

function keyboard(state, t, on, htmlLang) {
  const idea = state.idea;
  const language = state.language;
  const shifted = idea.shift && !CASELESS.has(language);
  const letter = (char) => (shifted ? char.toLocaleUpperCase(htmlLang) : char);
  const rows = keyboardRows(language).map((row) => h("div", { className: "key-row" },
    [...row].map((char) => key(letter(char), () => on.ideaType(letter(char)), { "data-key": char }))));
  const punctuation = PUNCTUATION[language] || PUNCTUATION.default;
  return h("div", { className: "idea-keyboard", role: "group", "aria-label": t("ideas.keyboard"), lang: htmlLang },
    h("div", { className: "key-row", dir: "ltr" }, [...DIGITS].map((digit) => key(digit, () => on.ideaType(digit)))),
    rows,
    h("div", { className: "key-row" },
      CASELESS.has(language) ? null : key(t("ideas.key_shift"), on.ideaShift,
        { className: "secondary key wide", "aria-pressed": String(Boolean(shifted)) }),
      punctuation.map((char) => key(char, () => on.ideaType(char))),
      key(t("ideas.key_space"), () => on.ideaType(" "), { className: "secondary key space", "data-key": "space" }),
      key(t("ideas.key_erase"), on.ideaErase, { className: "secondary key wide", "data-key": "erase" })));
}

export function remainingText(t, text) {
  return t("ideas.remaining", { count: MAX_LENGTH - [...text].length });
}

export function renderIdea(state, t, on, { htmlLang, heading, backButton, head, body, phoneUrl }) {
  const idea = state.idea;
  const categories = CATEGORIES.map((category) => h("li", {},
    h("button", { type: "button", className: "choice category", "data-category": category,
      "aria-pressed": String(idea.category === category), onclick: () => on.ideaCategory(category) },
    icon(idea.category === category ? "check" : "box"),
    h("span", { className: "choice-label" }, t(categoryKey(category))))));
  // The words on top; the subject, the text and the keyboard below, side by side in landscape.
  return [
    head(heading(t("ideas.title"), "idea"),
      h("p", {}, t("ideas.intro")),
      h("p", { className: "privacy-reminder", id: "idea-privacy" }, icon("warning"), t("ideas.privacy"))),
    body(h("form", { className: "idea-form", onsubmit: (event) => { event.preventDefault(); on.ideaSend(); } },
      h("div", { className: "idea-fields" },
        h("fieldset", { className: "idea-categories" },
          h("legend", {}, t("ideas.category_label")),
          h("ul", { className: "choices categories", role: "list" }, categories)),
        h("label", { for: "idea-text" }, t("ideas.text_label")),
        h("textarea", { id: "idea-text", name: "text", rows: "3", maxlength: String(MAX_LENGTH),
          inputmode: "none", autocomplete: "off", spellcheck: "false",
          "aria-describedby": "idea-privacy idea-remaining",
          oninput: (event) => on.ideaInput(event.target.value) }, idea.text),
        h("p", { id: "idea-remaining", className: "hint" }, remainingText(t, idea.text)),
        idea.message ? h("p", { className: "message", role: "alert" }, icon("warning"), idea.message) : null,
        h("button", { type: "submit", className: "send", disabled: state.busy }, icon("check"), t("ideas.submit"))),
      keyboard(state, t, on, htmlLang)),
    h("div", { className: "idea-leave" },
      h("div", { className: "idea-phone" },
        h("img", { src: rooted("/idees/qr.svg"), alt: t("ideas.qr_alt"), width: 120, height: 120 }),
        h("p", {}, t("ideas.from_phone"), " ", h("span", { dir: "ltr", lang: "fr" }, phoneUrl))),
      backButton(t, on.home))),
  ];
}
