// The admin's editor of the partners' permanences (recurring slots with a capacity).
const $ = (id) => document.getElementById(id);

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "class") node.className = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child);
  return node;
}

async function api(method, path, body) {
  const options = { method, headers: { Accept: "application/json" }, credentials: "same-origin" };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(`/api/v1${path}`, options);
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const error = (data && data.error) || {};
    throw Object.assign(new Error(error.message || `Erreur ${response.status}`), { status: response.status });
  }
  return data;
}

const say = (text) => { $("agenda-status").textContent = text; };

async function refresh() {
  const list = await api("GET", "/permanences");
  $("perm-empty").hidden = list.length > 0;
  $("perm-list").replaceChildren(...list.map((p) => h("li", { class: "appt perm", "data-id": p.id },
    h("p", { class: "appt-time" }, `${p.opens}–${p.closes}`),
    h("div", {},
      h("p", { class: "appt-what" }, `${p.label}${p.partner ? ` — ${p.partner}` : ""}`),
      h("p", { class: "appt-meta" }, [`${p.weekday_label}, ${p.weeks_label}`, p.place_label, p.remote ? "en visio" : null,
        `${p.capacity} rendez-vous`].filter(Boolean).join(" · "))),
    h("div", { class: "appt-actions" },
      h("button", { type: "button", class: "secondary", "aria-label": `Retirer la permanence ${p.label} du ${p.weekday_label}`,
        onclick: async (event) => {
          const button = event.currentTarget;
          if (button.dataset.confirm !== "1") { button.dataset.confirm = "1"; button.textContent = "Confirmer le retrait"; return; }
          await api("DELETE", `/permanences/${p.id}`);
          say(`Permanence ${p.label} retirée.`);
          refresh();
        } }, "Retirer")))));
}

async function submit(event) {
  event.preventDefault();
  $("perm-error").hidden = true;
  const body = {
    label: $("perm-label").value.trim(),
    partner: $("perm-partner").value || null,
    service: $("perm-service").value || null,
    counter: $("perm-counter").value || null,
    remote: $("perm-remote").checked,
    weekday: Number($("perm-weekday").value),
    opens: $("perm-opens").value,
    closes: $("perm-closes").value,
    weeks: $("perm-weeks").value,
    capacity: Number($("perm-capacity").value),
  };
  try {
    const created = await api("POST", "/permanences", body);
    say(`Permanence ${created.label} ajoutée : ${created.weekday_label} ${created.opens}–${created.closes}, ${created.weeks_label}.`);
    $("perm-form").reset();
    refresh();
  } catch (error) {
    $("perm-error").textContent = error.message;
    $("perm-error").hidden = false;
  }
}

async function start() {
  let me;
  try { me = await api("GET", "/auth/me"); } catch { me = null; }
  if (!me || me.role !== "admin") {
    $("agenda-signin").hidden = false;
    if (me) $("signin-text").textContent = "Votre compte n'est pas administrateur : demandez à un administrateur.";
    return;
  }
  $("agenda-who").textContent = me.name;
  const [services, agenda] = await Promise.all([api("GET", "/services"), api("GET", "/agenda")]);
  const partners = new Map(services.filter((s) => s.partner_code).map((s) => [s.partner_code, s.partner]));
  $("perm-partner").replaceChildren(h("option", { value: "" }, "—"), ...[...partners].map(([code, name]) => h("option", { value: code }, name)));
  $("perm-service").replaceChildren(h("option", { value: "" }, "—"), ...services.map((s) => h("option", { value: s.code }, s.label)));
  $("perm-counter").replaceChildren(h("option", { value: "" }, "Sans lieu fixe"), ...agenda.places.map((p) => h("option", { value: p.code }, p.label)));
  $("agenda-work").hidden = false;
  $("perm-form").addEventListener("submit", submit);
  refresh();
}

start();
