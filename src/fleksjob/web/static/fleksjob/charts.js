// Renders every Vega-Lite chart on the page: <div data-chart="ID"> with its spec in the
// <script type="application/json" id="ID"> that Django's json_script writes (no inline JS).
document.addEventListener("DOMContentLoaded", () => {
  for (const element of document.querySelectorAll("[data-chart]")) {
    const spec = JSON.parse(document.getElementById(element.dataset.chart).textContent);
    // ast: Vega interprets expressions instead of compiling them with Function(), so the
    // Content-Security-Policy needs no 'unsafe-eval'.
    vegaEmbed(element, spec, { actions: false, renderer: "svg", ast: true }).catch((error) => {
      element.textContent = element.dataset.error || "Diagrammet kunne ikke vises.";
      console.error(error);
    });
  }
});
