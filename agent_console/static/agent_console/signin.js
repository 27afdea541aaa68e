// Sign-in with a PIN typed on the touch keypad (a hardware keyboard works too).
// No public list of agents: the login is typed once and remembered on this tablet only.

import { post } from "/static/common/api.js";
import { byId as $, show } from "/static/common/dom.js";
import { labelled } from "./view.js";

const REMEMBERED_LOGIN = "accueil.console.login";
let countdown = null;

function showError(text, lockedSeconds = 0) {
  clearInterval(countdown);
  $("signin-error-text").replaceChildren(...labelled("⚠", text));
  show($("signin-error"), true);
  const clock = $("signin-countdown");
  show(clock, lockedSeconds > 0);
  if (lockedSeconds <= 0) return;
  const until = Date.now() + lockedSeconds * 1000;
  const tick = () => {
    const left = Math.max(0, Math.ceil((until - Date.now()) / 1000));
    clock.textContent = left > 0
      ? `Nouvel essai possible dans ${Math.floor(left / 60)} min ${String(left % 60).padStart(2, "0")} s.`
      : "Vous pouvez réessayer.";
    if (left === 0) clearInterval(countdown);
  };
  tick();
  countdown = setInterval(tick, 1000);
}

function explain(error) {
  if (error.status === 423) {
    const seconds = error.details.retry_after_seconds || 0;
    const minutes = Math.max(1, Math.ceil(seconds / 60));
    showError(`Bloqué sur cette tablette : trop de codes erronés. Attendez ${minutes} minute${minutes > 1 ? "s" : ""} avant de réessayer, ou demandez à un administrateur de débloquer le compte.`, seconds);
  } else if (error.status === 401 && error.details.attempts_left !== undefined) {
    const left = error.details.attempts_left;
    showError(`Code incorrect. Encore ${left} essai${left > 1 ? "s" : ""} avant le blocage du compte.`);
  } else if (error.status === 401) {
    showError("Identifiant ou code incorrect.");
  } else if (error.status === 400) {
    showError("Saisissez votre identifiant et un code de 4 chiffres ou plus.");
  } else if (error.status === 429) {
    showError("Trop d'essais depuis cette tablette. Patientez une minute.");
  } else {
    showError("Connexion impossible pour le moment. Vérifiez le réseau et réessayez.");
  }
}

// After an administrator's PIN reset the agent is signed in with a temporary PIN: they choose
// their own before anything else (the server refuses every other action until then).
function chooseOwnPin(temporary, onChosen) {
  const form = $("newpin-form");
  const pin = $("newpin-pin");
  const again = $("newpin-again");
  const error = $("newpin-error");
  const say = (text, field) => {
    error.textContent = text;
    show(error, true);
    field.focus();
  };
  show($("signin-form"), false);
  show(form, true);
  $("signin-title").textContent = "Choisissez votre code PIN";
  pin.focus();
  form.onsubmit = async (event) => {
    event.preventDefault();
    if (!/^[0-9]{4,12}$/.test(pin.value)) return say("Le code : 4 à 12 chiffres.", pin);
    if (pin.value !== again.value) return say("Les deux codes sont différents : retapez-les.", again);
    if (pin.value === temporary) return say("Choisissez un autre code que celui qu'on vous a donné.", pin);
    try {
      const agent = await post("/auth/pin", { current: temporary, pin: pin.value });
      show(form, false);
      show($("signin-form"), true);
      $("signin-title").textContent = "Connexion";
      onChosen(agent);
    } catch (failure) {
      say(failure.message || "Enregistrement impossible pour le moment : réessayez.", pin);
    } finally {
      pin.value = "";
      again.value = "";
    }
  };
}

// An agent of several sites (the itinerant team) says where they work today, after the PIN
// was found right: the same sign-in is sent again with the site chosen.
function chooseSite(sites, signInAt) {
  const form = $("site-form");
  const choices = $("site-choices");
  const back = () => {
    show(form, false);
    show($("signin-form"), true);
    $("signin-title").textContent = "Connexion";
    $("signin-pin").focus();
  };
  choices.replaceChildren(...sites.map((site) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "big";
    button.textContent = site.name;
    button.addEventListener("click", async () => {
      for (const other of choices.querySelectorAll("button")) other.disabled = true;
      try {
        await signInAt(site.code);
        show(form, false);
        show($("signin-form"), true);
        $("signin-title").textContent = "Connexion";
      } catch (error) {
        back();
        explain(error);
      }
    });
    return button;
  }));
  $("site-cancel").onclick = back;
  show($("site-error"), false);
  show($("signin-form"), false);
  show(form, true);
  $("signin-title").textContent = "Choisissez votre site";
  choices.querySelector("button")?.focus();
}

export function setupSignIn(onSignedIn) {
  const form = $("signin-form");
  const login = $("signin-login");
  const pin = $("signin-pin");
  login.value = localStorage.getItem(REMEMBERED_LOGIN) || "";

  form.querySelector(".keypad").addEventListener("click", (event) => {
    const key = event.target.closest("button");
    if (!key || key.type === "submit") return;
    if (key.dataset.digit && pin.value.length < 12) pin.value += key.dataset.digit;
    if (key.dataset.key === "erase") pin.value = pin.value.slice(0, -1);
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!login.value.trim() || pin.value.length < 4) {
      showError("Saisissez votre identifiant et un code de 4 chiffres ou plus.");
      (login.value.trim() ? pin : login).focus();
      return;
    }
    const submit = form.querySelector("[type=submit]");
    submit.disabled = true;
    const typed = pin.value;
    const name = login.value.trim();
    const signInAt = async (site) => {
      const body = site ? { login: name, pin: typed, site } : { login: name, pin: typed };
      const agent = await post("/auth/login", body);
      localStorage.setItem(REMEMBERED_LOGIN, agent.login);
      clearInterval(countdown);
      show($("signin-error"), false);
      if (agent.pin_change_required) chooseOwnPin(typed, onSignedIn);
      else onSignedIn(agent);
    };
    try {
      await signInAt(null);
    } catch (error) {
      if (error.status === 409 && error.details.sites) chooseSite(error.details.sites, signInAt);
      else explain(error);
    } finally {
      pin.value = "";
      submit.disabled = false;
    }
  });
}

export function openSignIn(message) {
  $("signin-pin").value = "";
  if (message) showError(message);
  else show($("signin-error"), false);
  const login = $("signin-login");
  (login.value ? $("signin-pin") : login).focus();
}
