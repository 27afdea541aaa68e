// Buttons marked data-print print the page (no inline onclick: the Content-Security-Policy
// allows only scripts from files).
for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}
