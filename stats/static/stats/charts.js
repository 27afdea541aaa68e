// One function per kind of chart; colours from the design tokens, never colour alone
// (series differ by shape too: bars against a line, and every chart has its table).
const INK = "#1b1b1b";
const ACCENT = "#000091";
const WARM = "#8a3b12";

function base(Chart) {
  Chart.defaults.color = INK;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = 14;
  Chart.defaults.animation = false; // printing and reduced motion: draw at once
  Chart.defaults.maintainAspectRatio = false;
}

function bars(Chart, id, rows, label, value, title, horizontal = false) {
  const canvas = document.getElementById(`${id}-chart`);
  if (!canvas) return null;
  return new Chart(canvas, {
    type: "bar",
    data: {
      labels: rows.map(label),
      datasets: [{ label: title, data: rows.map(value), backgroundColor: ACCENT }],
    },
    options: {
      indexAxis: horizontal ? "y" : "x",
      plugins: { legend: { display: false } },
      scales: { [horizontal ? "x" : "y"]: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
}

// The 90th percentile's bars are hatched: beside the median's solid navy, brown alone was
// a second dark fill, hard to tell apart on a grey printout or for some colour vision.
function hatched(colour) {
  const tile = document.createElement("canvas");
  tile.width = tile.height = 8;
  const pen = tile.getContext("2d");
  pen.fillStyle = "#ffffff";
  pen.fillRect(0, 0, 8, 8);
  pen.strokeStyle = colour;
  pen.lineWidth = 2.5;
  pen.beginPath();
  for (const shift of [-8, 0, 8]) {
    pen.moveTo(shift, 8);
    pen.lineTo(shift + 8, 0);
  }
  pen.stroke();
  return pen.createPattern(tile, "repeat");
}

function spreads(Chart, id, rows, key) {
  const canvas = document.getElementById(`${id}-chart`);
  if (!canvas) return null;
  return new Chart(canvas, {
    type: "bar",
    data: {
      labels: rows.map((row) => row[key]),
      datasets: [
        { label: "Médiane (min)", data: rows.map((row) => row.median), backgroundColor: ACCENT },
        { label: "90 % en moins de (min)", data: rows.map((row) => row.p90), backgroundColor: hatched(WARM), borderColor: WARM, borderWidth: 2 },
      ],
    },
    options: { scales: { y: { beginAtZero: true } } },
  });
}

function load(Chart, rows) {
  const canvas = document.getElementById("load-chart");
  if (!canvas) return null;
  return new Chart(canvas, {
    data: {
      labels: rows.map((row) => row.slot),
      datasets: [
        { type: "bar", label: "Arrivées (moyenne par jour)", data: rows.map((row) => row.arrivals), backgroundColor: ACCENT },
        { type: "line", label: "Agents en service", data: rows.map((row) => row.agents), borderColor: WARM, backgroundColor: WARM, pointStyle: "rectRot", pointRadius: 5 },
      ],
    },
    options: { scales: { y: { beginAtZero: true } } },
  });
}

function expected(Chart, forecast) {
  const canvas = document.getElementById("forecast-chart");
  if (!canvas || !forecast) return null;
  return new Chart(canvas, {
    type: "bar",
    data: {
      labels: forecast.days.map((day) => `${day.weekday} ${day.date.slice(8)}`),
      datasets: [{ label: "Arrivées prévues", data: forecast.days.map((day) => day.total), backgroundColor: ACCENT }],
    },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } },
  });
}

export function drawCharts(Chart, figures, forecast = null) {
  if (!Chart) return [];
  base(Chart);
  const count = (row) => row.count;
  const name = (row) => row.label;
  const charts = [
    bars(Chart, "partners", figures.by_partner, name, count, "Demandes", true),
    bars(Chart, "themes", figures.by_theme, name, count, "Demandes", true),
    bars(Chart, "results", figures.by_result, name, count, "Demandes"),
    bars(Chart, "request-types", figures.by_request_type, name, count, "Demandes"),
    bars(Chart, "channels", figures.by_channel, name, count, "Visites"),
    spreads(Chart, "waits", figures.wait_by_hour, "hour"),
    spreads(Chart, "waits-weekday", figures.wait_by_weekday, "weekday"),
    spreads(Chart, "services", figures.service_by_hour, "hour"),
    spreads(Chart, "services-weekday", figures.service_by_weekday, "weekday"),
    load(Chart, figures.load),
    bars(Chart, "languages", figures.languages, name, count, "Visites"),
    bars(Chart, "ideas", figures.ideas || [], name, count, "Idées"),
    bars(Chart, "callbacks", figures.callbacks || [], name, count, "Rappels"),
    expected(Chart, forecast),
  ];
  // Charts redraw at the paper's width before printing.
  window.addEventListener("beforeprint", () => charts.forEach((chart) => chart && chart.resize()));
  return charts.filter(Boolean);
}
