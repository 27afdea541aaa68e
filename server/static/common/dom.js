// Building DOM nodes from data with textContent only: server data is never pasted as HTML.

// h("button", { type: "button", class: "big", onclick }, icon, "Label") -> <button>.
// Attributes false/null/undefined are left out; children may be nodes, text or nested arrays.
export function h(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on") && typeof value === "function") node.addEventListener(name.slice(2), value);
    else if (name === "className" || name === "class") node.className = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false || child === "") continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const byId = (id) => document.getElementById(id);

export function show(node, visible) {
  node.hidden = !visible;
}

// A stroke pictogram (24×24 path) beside words, hidden from screen readers (the words say it).
export function pictogram(pathData, name = "") {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.classList.add("icon");
  if (name) svg.classList.add(`icon-${name}`);
  const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("d", pathData);
  svg.append(path);
  return svg;
}

// Data a template gave the page with |tojson in <script type="application/json" id=…>.
export function pageData(id) {
  return JSON.parse(document.getElementById(id).textContent);
}

// Applies the language to the whole page: screen readers and right-to-left layout follow.
export function applyLanguage({ html_lang: lang, direction = "ltr" }) {
  document.documentElement.lang = lang;
  document.documentElement.dir = direction;
}
