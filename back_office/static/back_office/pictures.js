// A highlight's picture: the browser shrinks a large photo (a phone's 12 MP picture becomes
// at most 1920 px wide) before sending it as JSON, so uploads stay small on the building's
// network; the server re-encodes whatever arrives anyway. Errors keep the form as it was.

import { request } from "/static/common/api.js";
import { errorBox, forSite } from "./forms.js";

const LONGEST_SIDE = 1920;
const statusLine = document.querySelector("[data-status]");

function readAsDataUrl(blob) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

async function shrunk(file) {
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, LONGEST_SIDE / Math.max(bitmap.width, bitmap.height));
    if (scale === 1 && file.size < 1_500_000) return file;
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const type = file.type === "image/png" ? "image/png" : "image/jpeg";
    return await new Promise((resolve) => canvas.toBlob((blob) => resolve(blob || file), type, 0.88));
  } catch {
    return file; // a format the browser can't draw: the server decides and says why
  }
}

function say(form, text) {
  errorBox(form).textContent = text;
}

async function send(event) {
  const form = event.target.closest("form[data-picture]");
  if (!form) return;
  event.preventDefault();
  const file = form.elements.image.files[0];
  if (!file) return say(form, "Image : choisissez un fichier.");
  const button = form.querySelector("[type=submit]");
  button.disabled = true;
  try {
    const image = await readAsDataUrl(await shrunk(file));
    await request("PUT", forSite(form.dataset.picture), { image, alt: form.elements.alt.value });
    if (statusLine) statusLine.textContent = "Image enregistrée.";
    window.location.reload();
  } catch (error) {
    const field = error.details && error.details.json;
    if (field) say(form, Object.entries(field).map(([k, v]) => `${k} : ${[].concat(v).join(" ")}`).join(" "));
    else if (error.status) say(form, error.message);
    else say(form, "Le serveur ne répond pas : rien n'est perdu, réessayez dans un instant.");
  } finally {
    button.disabled = false;
  }
}

document.addEventListener("submit", send);
