// A screen waiting to be paired asks every few seconds whether an administrator entered its
// code; once they have, the answer has bound this browser and names the page it opens.
import { get } from "/static/common/api.js";

const POLL_MS = 3000;
const status = document.getElementById("pairing-status");

async function poll() {
  try {
    const answer = await get("/screens/pairing");
    if (answer.state === "paired") {
      status.textContent = `Appairé : « ${answer.name} ». Ouverture…`;
      window.location.assign(answer.url);
      return;
    }
    if (answer.state === "expired") {
      window.location.reload(); // a fresh code
      return;
    }
    status.textContent = "En attente de l'administration…";
  } catch {
    status.textContent = "Le serveur ne répond pas : nouvel essai dans un instant.";
  }
  setTimeout(poll, POLL_MS);
}
setTimeout(poll, POLL_MS);
