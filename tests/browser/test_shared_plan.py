"""The shared plan and the messages on a phone (390 px): borger.lejre opens their plan, says
yes to the hours step the caseworker proposed and answers the caseworker's message; the
caseworker finds the answer on the home page and replies. axe finds nothing serious on the way."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.browser.test_flows import _axe_violations
from tests.browser.test_mobile import OVERFLOW, PHONE

pytestmark = pytest.mark.browser
SUBJECT = "Flere timer fra næste måned"  # the demo's message to borger.lejre


def _checked(page) -> None:
    assert not _axe_violations(page), page.url
    assert not page.evaluate(OVERFLOW), page.url


def test_the_citizen_agrees_a_step_and_answers_and_the_caseworker_replies(browser, demo_server):
    citizen = browser.new_context(base_url=demo_server["url"], locale="da-DK", viewport=PHONE)
    page = citizen.new_page()
    log_in(page, "borger.lejre")
    page.goto("/mit-fleksjob/")
    expect(page.get_by_test_id("my-messages")).to_contain_text(SUBJECT)
    expect(page.get_by_test_id("plan-waiting")).to_be_visible()
    _checked(page)
    page.get_by_role("link", name="Se din plan og dine aktiviteter").click()
    page.wait_for_url("**/mit-fleksjob/plan/")
    expect(page.get_by_test_id("legal-minimum")).to_contain_text("Det siger loven")
    _checked(page)
    waiting = page.get_by_test_id("proposal-waiting").filter(has_text="12 timer om ugen")
    waiting.get_by_role("button", name="Ja, det er aftalt").click()
    page.wait_for_url("**/mit-fleksjob/plan/")
    expect(page.locator("main")).to_contain_text("Forslaget er aftalt.")
    expect(page.get_by_test_id("my-plan")).to_contain_text("12 timer fra")
    page.goto("/mit-fleksjob/")
    page.get_by_test_id("my-messages").get_by_role("link", name=SUBJECT).click()
    page.wait_for_url("**/mit-fleksjob/beskeder/*/")
    _checked(page)
    page.fill("#id_body", "Ja tak. Jeg har sagt ja til 12 timer.")
    page.get_by_role("button", name="Send svar").click()
    page.wait_for_url("**/mit-fleksjob/beskeder/*/")
    expect(page.get_by_test_id("thread-messages")).to_contain_text("Jeg har sagt ja til 12 timer")
    expect(page.locator("main")).to_contain_text("Venter på jobcentret")
    page.goto("/mit-fleksjob/beskeder/")
    _checked(page)
    citizen.close()

    staff = browser.new_context(base_url=demo_server["url"], locale="da-DK", viewport=PHONE)
    page = staff.new_page()
    log_in(page, "sagsbehandler.lejre")
    page.goto("/")
    waiting = page.get_by_test_id("threads-waiting")
    expect(waiting).to_contain_text(SUBJECT)
    waiting.get_by_role("link", name=SUBJECT).click()
    page.wait_for_url("**/beskeder/*/")
    expect(page.get_by_test_id("thread-messages")).to_contain_text("Jeg har sagt ja til 12 timer")
    _checked(page)
    page.fill("#id_body", "Godt. Vi ses til samtalen.")
    page.get_by_role("button", name="Send svar").click()
    page.wait_for_url("**/beskeder/*/")
    expect(page.locator("main")).to_contain_text("Venter på borgeren")
    page.get_by_role("link", name="Beskeder").last.click()
    _checked(page)
    staff.close()


def test_the_citizen_turns_e_mail_notices_on_and_off_on_a_phone(browser, demo_server):
    """borger.lejre finds *Besked på e-mail* from Mit fleksjob, mistypes the address (told at the
    field), saves it, and stops the notices again (so the demo is left as it was)."""
    citizen = browser.new_context(base_url=demo_server["url"], locale="da-DK", viewport=PHONE)
    page = citizen.new_page()
    log_in(page, "borger.lejre")
    page.goto("/mit-fleksjob/")
    page.get_by_role("link", name="Få besked på e-mail, når der er nyt").click()
    page.wait_for_url("**/mit-fleksjob/besked-paa-email/")
    expect(page.get_by_test_id("notice-state")).to_contain_text("Du får ikke besked på e-mail nu")
    _checked(page)
    page.get_by_label("Din e-mailadresse").fill("borger.lejre@")
    page.get_by_role("button", name="Send mig besked på e-mail").click()
    expect(page.get_by_role("alert")).to_contain_text("Det er ikke gemt.")
    _checked(page)
    page.get_by_label("Din e-mailadresse").fill("borger.lejre@example.invalid")
    page.get_by_role("button", name="Send mig besked på e-mail").click()
    page.wait_for_url("**/mit-fleksjob/besked-paa-email/")
    expect(page.get_by_test_id("notice-state")).to_contain_text("borger.lejre@example.invalid")
    _checked(page)
    page.get_by_role("button", name="Stop besked på e-mail").click()
    page.wait_for_url("**/mit-fleksjob/besked-paa-email/")
    expect(page.get_by_test_id("notice-state")).to_contain_text("Du får ikke besked på e-mail nu")
    citizen.close()


def test_the_citizen_in_fleksjob_sees_what_more_hours_pay_and_their_plan_on_a_phone(
    browser, demo_server
):
    """borger.rudersdal (in a fleksjob with a plan for more hours): Mit fleksjob shows the income
    now and at more weekly hours, before and after tax; the plan page shows the hours steps and
    the legal minimums; their data page opens. axe and the width check on each page."""
    citizen = browser.new_context(base_url=demo_server["url"], locale="da-DK", viewport=PHONE)
    page = citizen.new_page()
    log_in(page, "borger.rudersdal")
    page.goto("/mit-fleksjob/")
    outlook = page.get_by_test_id("my-outlook")
    expect(outlook).to_contain_text("Kan det betale sig at arbejde flere timer?")
    expect(outlook.locator("tbody tr")).to_have_count(6)  # now and one to five more hours
    expect(outlook.locator("thead")).to_contain_text("Efter skat")
    expect(page.get_by_test_id("my-plan")).to_contain_text("Flere timer")
    _checked(page)
    page.get_by_role("link", name="Se din plan og dine aktiviteter").click()
    page.wait_for_url("**/mit-fleksjob/plan/")
    _checked(page)
    page.goto("/mit-fleksjob/mine-data/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    _checked(page)
    citizen.close()
