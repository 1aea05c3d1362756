"""The Content-Security-Policy in a real browser: the main pages, the charts, the calculator and
the API docs work under it, and the browser reports no violation."""

from __future__ import annotations

import pytest

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

# Runs before any page script (Playwright's init scripts are not subject to the page's CSP).
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const what = e.blockedURI || "inline";
  window.__csp.push(`${e.violatedDirective} blocked ${what} in ${e.sourceFile}`);
});
"""

# (path, selector that shows the page's scripts really ran)
PAGES = [
    ("/", "[data-testid=key-figures]"),
    ("/benchmarking/", "[data-chart=funnel-spec] svg"),
    ("/benchmarking/kommune/350/", "[data-chart=trend-spec] svg"),
    ("/beregner/", "[data-chart=hours-spec] svg"),
    ("/borgere/", "table tbody tr"),
    ("/virksomheder/", "table"),
    ("/match-forslag/", "h1"),
    ("/konto/sikkerhed/", "[data-testid=qr] svg"),
    ("/api/v1/docs", "#swagger-ui .opblock"),
]


def test_main_pages_charts_and_api_docs_run_under_the_policy(page):
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type in ("error", "warning") else None)
    page.add_init_script(RECORD_VIOLATIONS)
    log_in(page, "leder.rudersdal")
    violations = {}
    for path, ready in PAGES:
        response = page.goto(path)
        assert response.ok, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_selector(ready)
        if found := page.evaluate("window.__csp"):
            violations[path] = found
    assert not violations
    # Vega drew marks (the expression interpreter, not eval), Swagger UI listed the operations.
    page.goto("/benchmarking/")
    page.wait_for_selector("[data-chart=funnel-spec] svg .mark-symbol path")
    assert page.locator("[data-chart=funnel-spec] svg .mark-symbol path").count() > 0
    # The tooltip works without its injected stylesheet (app.css styles it).
    page.goto("/beregner/")
    page.wait_for_selector("[data-chart=hours-spec] svg .mark-rect path")
    page.locator("[data-chart=hours-spec] svg .mark-rect path").first.hover(force=True)
    page.wait_for_selector("#vg-tooltip-element.visible")
    assert (
        page.evaluate("getComputedStyle(document.getElementById('vg-tooltip-element')).position")
        == "fixed"
    )
    page.goto("/api/v1/docs")
    page.wait_for_selector("#swagger-ui .opblock")
    assert page.locator("#swagger-ui .opblock").count() > 10
    assert not page.evaluate("window.__csp")
    assert not [m for m in console if "Content Security Policy" in m], console


def test_the_listener_catches_a_violation(page):
    # The check above can fail: an inline script on a page under the policy is reported.
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto("/login/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';"
        " document.body.append(s); }"
    )
    page.wait_for_function("() => window.__csp.length > 0")
    assert "script-src" in page.evaluate("window.__csp")[0]
    assert page.evaluate("window.x") is None
