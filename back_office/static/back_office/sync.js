// A new sync token is shown once, with the command to type on the laptop; the page does not
// reload (the secret would be gone). Revoking goes through the shared forms.js.
import { post } from "/static/common/api.js";

const form = document.getElementById("token-form");
const error = document.getElementById("token-error");
const result = document.getElementById("token-result");

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const body = Object.fromEntries(new FormData(form).entries());
  const button = form.querySelector("[type=submit]");
  button.disabled = true;
  error.hidden = true;
  try {
    const made = await post("/admin/sync-tokens", body);
    const central = made.central_url || form.dataset.central;
    document.getElementById("token-command").textContent =
      `accueil init --site ${made.site} --name "…" --admin … \\\n` +
      `  --central-url ${central} \\\n  --sync-token ${made.token}`;
    form.remove();  // one token per visit of the page: the list reloads without the secret
    result.hidden = false;
    result.focus();
  } catch (failure) {
    error.textContent = failure.status ? failure.message : "Le serveur ne répond pas : réessayez dans un instant.";
    error.hidden = false;
    button.disabled = false;
  }
});
