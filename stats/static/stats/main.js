// Statistics page: draws each chart from the figures the server rendered into the page
// (the same figures as the tables beside them), with the vendored Chart.js.
import { drawCharts } from "./charts.js";

const figures = JSON.parse(document.getElementById("stats-data").textContent);
const forecast = JSON.parse(document.getElementById("forecast-data").textContent);
drawCharts(window.Chart, figures, forecast);
for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}
