// What the console says after an action or a failure, in plain French.

export const CONFLICT = "Un·e collègue a déjà pris ce ticket";

export const DONE_MESSAGES = {
  recall: "rappel annoncé.", start: "visite commencée.", finish: "visite terminée.",
  "no-show": "noté absent.", return: "remis en attente.", cancel: "ticket annulé.",
};

export function explain(error) {
  if (error.status === 0) return "Le serveur ne répond pas. Vérifiez le Wi-Fi et réessayez.";
  if (error.status === 403) return "Ce guichet est tenu par un·e collègue : choisissez-en un autre.";
  if (error.status === 404) return "Ce ticket n'existe plus.";
  if (error.status === 400) return `Action refusée : ${error.message}.`;
  return "Une erreur est survenue. Réessayez.";
}
