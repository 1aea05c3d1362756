"""Main flows end to end in Chromium, and axe-core on every main page (no serious/critical)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from fleksjob.core.stats.indicators import load_indicators
from tests.browser.conftest import go_to_menu_item, log_in

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def _axe_violations(page) -> list[str]:
    # Evaluated by the test through DevTools: an injected <script> would be refused by the CSP.
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _first_citizen(page) -> str:
    page.goto("/borgere/")
    return page.locator("table tbody tr a").first.get_attribute("href")


def test_caseworker_finds_a_citizen_and_agrees_a_plan(page):
    log_in(page, "sagsbehandler.lejre")
    page.goto("/borgere/")
    name = page.locator("table tbody tr a").first.inner_text()
    page.fill("#id_q", name.split()[-1])
    page.click("form[role=search] button[type=submit]")
    page.get_by_role("link", name=name).first.click()
    assert page.get_by_test_id("citizen-name").inner_text() == name
    page.click("text=Plan og samtaler")
    page.select_option("#id_plan-purpose", "more_hours")
    page.fill("#id_plan-cadence_weeks", "6")
    page.fill("#id_plan-agreed_text", "Op på 15 timer til foråret")
    page.fill("#id_plan-step_date_0", "2027-03-01")
    # Half a step is missing: a clear error, nothing saved.
    page.click("text=Gem plan")
    assert (
        "både måldato og timer"
        in page.locator("section[aria-labelledby=plan-heading]").inner_text()
    )
    page.fill("#id_plan-step_hours_0", "15")
    page.click("text=Gem plan")
    page.wait_for_url("**/borgere/*/")
    plan = page.locator("section[aria-labelledby=plan-heading]").inner_text()
    assert "Op på 15 timer til foråret" in plan and "15 timer pr. uge" in plan


def test_keyboard_reaches_the_main_menu_and_the_caseload(page):
    log_in(page, "sagsbehandler.lejre")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.className") == "skipnav"
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Borgere":
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/borgere/")
    assert page.locator("h1").inner_text() == "Mine sager"  # a caseworker starts on their own


@pytest.mark.parametrize(
    ("persona", "paths"),
    [
        (
            "sagsbehandler.lejre",
            [
                "/",
                "/borgere/",
                "CITIZEN",
                "CITIZEN/rediger/",
                "CITIZEN/opfoelgning/",
                "/match-forslag/",
                "/import/",
            ],
        ),
        (
            "konsulent.aarhus",
            [
                "/",
                "/virksomheder/",
                "/virksomheder/opsoegning/",
                "/virksomheder/opsoegning/kandidater/",
                "/virksomheder/opfoelgninger/?who=all",
                "/virksomheder/ny/",
                "EMPLOYER",
                "EMPLOYER/stillinger/ny/",
                "EMPLOYER/besoeg/",
            ],
        ),
        ("leder.rudersdal", ["/", "/tilfredshed/svarfordeling/"]),
    ],
)
def test_main_pages_have_no_serious_accessibility_violations(page, persona, paths):
    log_in(page, persona)
    found = {}
    for path in paths:
        if path.startswith("CITIZEN"):
            path = _first_citizen(page) + path.removeprefix("CITIZEN").lstrip("/")
        elif path.startswith("EMPLOYER"):
            page.goto("/virksomheder/")
            employer = page.locator("table tbody tr a").first.get_attribute("href")
            path = employer + path.removeprefix("EMPLOYER").lstrip("/")
        page.goto(path)
        if violations := _axe_violations(page):
            found[path] = violations
    assert not found


def test_the_accessibility_check_itself_catches_a_violation(page):
    page.set_content('<html lang="da"><body><main><img src="x.png"><h1>t</h1></main></body></html>')
    assert any(v.startswith("image-alt") for v in _axe_violations(page))


def test_hours_progression_chart_renders_with_its_table(page):
    log_in(page, "sagsbehandler.lejre")
    page.goto("/borgere/?status=in_fleksjob")
    page.locator("table tbody tr a").first.click()
    page.wait_for_selector("[data-chart] svg")
    marks = page.locator("[data-chart] svg path, [data-chart] svg .mark-symbol path").count()
    assert marks > 0
    rows = page.get_by_test_id("hours-table").locator("tbody tr")
    assert rows.count() >= 1


def test_benchmarking_funnel_and_profile_render(page):
    log_in(page, "leder.rudersdal")
    go_to_menu_item(page, "Benchmarking")
    page.wait_for_selector("[data-chart=funnel-spec] svg")
    assert page.get_by_test_id("comparison").locator("tbody tr").count() == 98
    assert not _axe_violations(page)
    page.get_by_test_id("comparison").get_by_role("link", name="Rudersdal").click()
    page.wait_for_selector("[data-chart=trend-spec] svg")
    # A row for each indicator the engine computes.
    assert page.get_by_test_id("profile").locator("tbody tr").count() == len(load_indicators())
    assert not _axe_violations(page)


def test_calculator_chart_renders(page):
    log_in(page, "konsulent.aarhus")
    go_to_menu_item(page, "Beregner")
    page.wait_for_selector("[data-chart=hours-spec] svg")
    assert page.get_by_test_id("hours-table").locator("tbody tr").count() == 37
    assert not _axe_violations(page)
    # After tax in the user's own municipality by default; the net income is a line in the chart.
    assert page.locator("#id_municipality").input_value() == "751"
    page.wait_for_selector("[data-chart=hours-spec] svg .mark-line path")
    page.click("label[for=id_church_member]")  # DKFDS draws the box on the label
    page.click("button >> text=Beregn")
    page.wait_for_selector("[data-chart=hours-spec] svg .mark-line path")
    assert "kirkeskat" in page.get_by_test_id("tax-basis").inner_text()
    assert page.get_by_role("columnheader", name="Effektiv marginalskat").count() == 1
    assert not _axe_violations(page)


def test_accept_a_recommendation_and_follow_it_to_hired(page):
    log_in(page, "sagsbehandler.lejre")
    page.goto("/borgere/?status=approved_unemployed")
    links = [a.get_attribute("href") for a in page.locator("table tbody tr a").all()]
    for href in links:
        page.goto(href)
        if page.get_by_test_id("recommendations").count():
            break
    else:
        pytest.fail("no unemployed citizen in Lejre has a recommended position in the tiny demo")
    # Record consent first (presenting to the employer needs it).
    page.click("text=Redigér profil")
    consent = page.locator("#id_consent_share_profile")
    if not consent.is_checked():  # an earlier test may have recorded it already
        page.click("label[for=id_consent_share_profile]")  # the design system styles the label
    expect(consent).to_be_checked()
    page.click("form button[type=submit].button-primary")
    page.wait_for_url(href.rstrip("/") + "/")
    first = page.get_by_test_id("recommendations").locator("li").first
    title = first.locator("h3").inner_text().split(" · ")[0]
    first.get_by_role("button", name="Opret match-forslag").click()
    page.wait_for_url("**/match-forslag/*/")
    assert title in page.locator("h1").inner_text()
    stage = page.get_by_test_id("placement-stage")
    assert "Forslag" in stage.inner_text()
    page.select_option("#id_to_stage", "presented")
    page.click("#placement-panel button[type=submit]")
    # A function, not an expression string: Playwright evals strings, which the CSP refuses.
    page.wait_for_function(
        "() => document.querySelector('[data-testid=placement-stage]')"
        ".innerText.includes('Præsenteret')"
    )
    page.select_option("#id_to_stage", "hired")
    page.fill("#id_start", timezone.localdate().isoformat())  # not before the case's status date
    page.fill("#id_hours_per_week", "10")
    page.fill("#id_hourly_wage", "190")
    page.click("#placement-panel button[type=submit]")
    # A function, not an expression string: Playwright evals strings, which the CSP refuses.
    page.wait_for_function(
        "() => document.querySelector('[data-testid=placement-stage]').innerText.includes('Ansat')"
    )
    assert page.locator("#placement-panel form").count() == 0  # final: no more steps
    page.goto(href)
    assert "I fleksjob" in page.locator(".font-lead").inner_text()


def test_pool_application_is_decided_by_the_visitation_unit(page):
    """A caseworker applies for a pool place from the citizen's page; the visitation unit finds
    it in its queue and grants it (or, the demo pool being full, puts it on the waiting list)."""
    log_in(page, "sagsbehandler.lejre")
    page.goto("/borgere/?status=approved_unemployed")
    hrefs = [a.get_attribute("href") for a in page.locator("table tbody tr a").all()]
    links = [h for h in dict.fromkeys(hrefs) if re.fullmatch(r"/borgere/\d+/", h or "")]
    for href in reversed(links):  # the demo's own applications are on the first cases
        page.goto(href)
        name = page.get_by_test_id("citizen-name").inner_text()
        page.get_by_test_id("pool-apply").click()
        if not page.get_by_test_id("apply").count():
            continue
        page.fill("#id_motivation", "Kan arbejde 12 timer med faste opgaver")
        page.click("text=Send ansøgningen")
        if page.get_by_test_id("status").count():
            break
    expect(page.get_by_test_id("status")).to_have_text("Venter")
    page.context.clear_cookies()
    log_in(page, "visitation.lejre")
    page.get_by_test_id("pool-queue").click()
    page.get_by_role("row", name=name).get_by_role("link", name="Læs og afgør").click()
    page.click("button[value=approve]")
    page.wait_for_url("**/puljer/visitation/")
    assert name not in page.locator("main").inner_text()
    if violations := _axe_violations(page):
        raise AssertionError(violations)
