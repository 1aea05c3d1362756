"""The open comparison in a real browser, without logging in: each page at 390 px and at
desktop width passes axe-core (nothing serious or critical), does not scroll sideways, draws its
charts under the strict CSP (no violation reported) and keeps a table beside each chart."""

from __future__ import annotations

import pytest

from tests.browser.test_csp import RECORD_VIOLATIONS
from tests.browser.test_flows import _axe_violations
from tests.browser.test_mobile import CHARTS_DRAWN, DESKTOP, OVERFLOW, PHONE

pytestmark = pytest.mark.browser

PAGES = [
    "/offentlig/",
    "/offentlig/indikator/ledighedsydelse_share/",
    "/offentlig/indikator/avg_weekly_hours/",
    "/offentlig/kommune/230/",
    "/offentlig/data/ordbog/",
]


def test_the_open_pages_pass_axe_at_390_px_and_desktop_without_login(browser, demo_server):
    context = browser.new_context(base_url=demo_server["url"], locale="da-DK", viewport=PHONE)
    page = context.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    problems = {}
    for path in PAGES:
        response = page.goto(path)
        assert response.ok and page.url.endswith(path), path  # not sent to the login
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_function(CHARTS_DRAWN)
        found = {}
        if overflow := page.evaluate(OVERFLOW):
            found["scrolls sideways"] = overflow
        if axe := _axe_violations(page):
            found["axe at 390 px"] = axe
        page.set_viewport_size(DESKTOP)
        page.wait_for_function(CHARTS_DRAWN)
        if axe := _axe_violations(page):
            found["axe at desktop width"] = axe
        page.set_viewport_size(PHONE)
        if csp := page.evaluate("window.__csp"):
            found["csp"] = csp
        if found:
            problems[path] = found
    assert not problems
    # The headline's comparison: the funnel is drawn and every chart has its table.
    page.goto("/offentlig/indikator/ledighedsydelse_share/")
    page.wait_for_selector("[data-chart=funnel-spec] svg .mark-symbol path")
    assert page.locator("[data-testid=comparison] tbody tr").count() == 98
    context.close()
