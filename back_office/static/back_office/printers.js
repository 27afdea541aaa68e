// The "test print" buttons of the printers list: the page stays, and says how it went.
import { post } from "/static/common/api.js";

document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-test-print]");
  if (!button) return;
  const name = button.dataset.testPrint;
  const result = document.querySelector(`[data-test-result="${CSS.escape(name)}"]`);
  button.disabled = true;
  result.textContent = "Impression en cours…";
  try {
    const outcome = await post(`/printers/${encodeURIComponent(name)}/test`);
    result.textContent = outcome.printed ? "Page de test imprimée."
      : `Non imprimée : ${outcome.print_reason || "l'imprimante ne répond pas"}.`;
  } catch (error) {
    result.textContent = error.status ? error.message : "Le serveur ne répond pas : réessayez.";
  } finally {
    button.disabled = false;
  }
});
