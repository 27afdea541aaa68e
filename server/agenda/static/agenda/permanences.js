// The admin's editor of the partners' permanences (recurring slots with a capacity).
import { request as api } from "/static/common/api.js";
import { h } from "/static/common/dom.js";
const $ = (id) => document.getElementById(id);



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
  if (!me || !me.is_admin) {
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
  setupSharing([...partners], agenda.places);
}

async function refreshLinks() {
  const links = await api("GET", "/calendar-links");
  $("link-list").replaceChildren(...links.map((link) => h("li", { class: "appt perm", "data-link": link.id },
    h("p", { class: "appt-time" }, link.partner ? "Partenaire" : "Bureau"),
    h("div", {}, h("p", { class: "appt-what" }, link.label),
      h("p", { class: "appt-meta link-url" }, link.url)),
    h("div", { class: "appt-actions" },
      h("button", { type: "button", class: "secondary", "aria-label": `Copier le lien de ${link.label}`,
        onclick: async () => {
          try { await navigator.clipboard.writeText(link.url); say(`Lien de ${link.label} copié.`); } catch { say(link.url); }
        } }, "Copier"),
      h("button", { type: "button", class: "secondary", "aria-label": `Révoquer le lien de ${link.label}`,
        onclick: async (event) => {
          const button = event.currentTarget;
          if (button.dataset.confirm !== "1") { button.dataset.confirm = "1"; button.textContent = "Confirmer la révocation"; return; }
          await api("POST", `/calendar-links/${link.id}/revoke`);
          say(`Lien de ${link.label} révoqué : il ne répond plus.`);
          refreshLinks();
        } }, "Révoquer")))));
}

function setupSharing(partners, places) {
  $("import-partner").replaceChildren(h("option", { value: "" }, "—"), ...partners.map(([code, name]) => h("option", { value: code }, name)));
  $("import-counter").replaceChildren(h("option", { value: "" }, "Sans lieu fixe"), ...places.map((p) => h("option", { value: p.code }, p.label)));
  $("link-target").replaceChildren(
    ...partners.map(([code, name]) => h("option", { value: `partner:${code}` }, `Partenaire : ${name}`)),
    ...places.map((p) => h("option", { value: `counter:${p.code}` }, `Bureau : ${p.label}`)));
  $("link-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const [kind, code] = $("link-target").value.split(":");
    try {
      const link = await api("POST", "/calendar-links", { [kind]: code });
      say(`Lien créé pour ${link.label}.`);
      refreshLinks();
    } catch (error) { say(error.message); }
  });
  $("import-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    $("import-error").hidden = true;
    const file = $("import-file").files[0];
    if (!file) { $("import-error").textContent = "Choisissez un fichier .ics ou .csv."; $("import-error").hidden = false; return; }
    try {
      const result = await api("POST", "/permanences/import", {
        filename: file.name, content: await file.text(), partner: $("import-partner").value || null,
        counter: $("import-counter").value || null, capacity: Number($("import-capacity").value) || 6,
        remote: $("import-remote").checked,
      });
      say(`${result.created} permanence(s) importée(s).`);
      $("import-form").reset();
      refresh();
    } catch (error) {
      const lines = (error.details && error.details.lines) || [];
      $("import-error").replaceChildren(h("p", {}, error.message),
        ...(lines.length ? [h("ul", {}, lines.map((l) => h("li", {}, `Ligne ${l.line} : ${l.message}`)))] : []));
      $("import-error").hidden = false;
    }
  });
  refreshLinks();
}

start();
