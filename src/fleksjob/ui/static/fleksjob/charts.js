// Renders every Vega-Lite chart on the page: <div data-chart="ID"> with its spec in the
// <script type="application/json" id="ID"> that Django's json_script writes (no inline JS).
document.addEventListener("DOMContentLoaded", () => {
  for (const element of document.querySelectorAll("[data-chart]")) {
    const spec = JSON.parse(document.getElementById(element.dataset.chart).textContent);
    // The Content-Security-Policy allows neither eval nor inline styles: with ast, Vega
    // interprets expressions instead of compiling them with Function(); vega-embed's and the
    // tooltip's injected <style> elements are off (their few rules are in app.css).
    vegaEmbed(element, spec, {
      actions: false,
      renderer: "svg",
      ast: true,
      defaultStyle: false,
      tooltip: { disableDefaultStyle: true },
    }).catch((error) => {
      element.textContent = element.dataset.error || "Diagrammet kunne ikke vises.";
      console.error(error);
    });
  }
});
