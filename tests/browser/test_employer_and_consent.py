"""The employer's and the citizen's new pages on a phone (390 px): virksomhed.aarhus proposes a
flex position of tasks split off from other jobs, answers a candidate and asks the consultant
for a visit; borger.lejre changes one consent item. axe finds nothing serious on the way."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.browser.test_flows import _axe_violations
from tests.browser.test_mobile import OVERFLOW, PHONE

pytestmark = pytest.mark.browser


def _checked(page) -> None:
    assert not _axe_violations(page), page.url
    assert not page.evaluate(OVERFLOW), page.url


def test_the_employer_proposes_a_position_answers_a_candidate_and_asks_for_a_visit(
    browser, demo_server
):
    context = browser.new_context(base_url=demo_server["url"], locale="da-DK", viewport=PHONE)
    page = context.new_page()
    log_in(page, "virksomhed.aarhus")
    page.goto("/arbejdsgiver/")
    _checked(page)
    page.get_by_role("link", name="Foreslå en fleksstilling").click()
    page.wait_for_url("**/arbejdsgiver/forslag/ny/")
    _checked(page)
    page.fill("#id_position-title", "Fakturering og arkiv")
    page.fill("#id_position-occupation", "4110")
    page.fill("#id_tasks-0-description", "Fakturering af kunder")
    page.fill("#id_tasks-0-hours", "6")
    page.click("label[for=id_tasks-0-skills_3]")  # bookkeeping
    page.fill("#id_tasks-1-description", "Arkivering af sager")
    page.fill("#id_tasks-1-hours", "4")
    page.click("label[for=id_tasks-1-skills_1]")  # filing and archive
    page.click("label[for=id_position-provides_0]")
    page.get_by_role("button", name="Send til jobcentret").click()
    page.wait_for_url("**/arbejdsgiver/forslag/*/")
    expect(page.get_by_test_id("submission-status")).to_contain_text("Sendt til jobcentret")
    _checked(page)

    page.goto("/arbejdsgiver/")
    expect(page.get_by_test_id("employer-submissions")).to_contain_text("Fakturering og arkiv")
    # A position with candidates (the demo proposes two for the persona's company).
    href = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid=employer-positions] tbody tr')]
             .filter(r => r.lastElementChild.textContent.trim() !== '0')
             .map(r => r.querySelector('a').getAttribute('href'))[0]"""
    )
    page.goto(href)
    expect(page.get_by_test_id("employer-candidates")).to_be_visible()
    _checked(page)
    page.get_by_role("button", name="Interesseret i kandidat 1", exact=True).click()
    expect(page.get_by_test_id("candidate-1")).to_contain_text("Jeres svar: Interesseret")
    _checked(page)
    second = page.get_by_test_id("candidate-2")
    second.get_by_label("Hvorfor passer kandidaten ikke?").select_option("hours")
    second.get_by_role("button", name="Ikke interesseret i kandidat 2").click()
    expect(page.locator("main")).to_contain_text("Kandidaten er taget af listen")
    expect(page.get_by_test_id("candidate-2")).to_have_count(0)

    page.goto("/arbejdsgiver/")
    page.fill("#id_note", "Vi har fået nye opgaver i bogholderiet")
    page.get_by_role("button", name="Bed om et besøg").click()
    page.wait_for_url("**/arbejdsgiver/")
    expect(page.locator("main")).to_contain_text("Konsulenten kontakter jer")
    _checked(page)
    context.close()


def test_the_citizen_changes_one_consent_item(browser, demo_server):
    context = browser.new_context(base_url=demo_server["url"], locale="da-DK", viewport=PHONE)
    page = context.new_page()
    log_in(page, "borger.lejre")
    page.goto("/mit-fleksjob/")
    page.get_by_role("link", name="Bestem selv, hvad virksomheder må se om dig").click()
    page.wait_for_url("**/mit-fleksjob/samtykke/")
    expect(page.locator("main")).to_contain_text("Aldrig din diagnose")
    _checked(page)
    hours = page.locator("#id_items_1")
    was = hours.is_checked()
    page.click("label[for=id_items_1]")
    page.get_by_role("button", name="Gem mit samtykke").click()
    page.wait_for_url("**/mit-fleksjob/samtykke/")
    expect(page.locator("main")).to_contain_text("Dit samtykke er gemt.")
    expect(page.locator("#id_items_1")).to_be_checked(checked=not was)
    expected = "trukket tilbage" if was else "givet"
    expect(page.get_by_test_id("consent-history").locator("li").first).to_contain_text(expected)
    _checked(page)
    context.close()
