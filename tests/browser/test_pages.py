"""The personas use the real app in Chromium: login, home per role, citizen and employer pages."""

import re

import pytest

from tests.browser.conftest import go_to_menu_item, log_in

pytestmark = pytest.mark.browser


def test_caseworker_caseload_and_citizen_page(page, tmp_path):
    log_in(page, "sagsbehandler.lejre")
    assert "Lejre" in page.locator("h1").inner_text()
    assert page.get_by_test_id("key-figures").is_visible()
    go_to_menu_item(page, "Borgere")
    rows = page.locator("table tbody tr")
    assert rows.count() > 0
    name = rows.first.locator("a").inner_text()
    rows.first.locator("a").click()
    assert page.get_by_test_id("citizen-name").inner_text() == name
    assert page.locator("#needs-heading").is_visible()
    page.screenshot(path=str(tmp_path / "citizen.png"), full_page=True)
    # The design system's stylesheet is really served and applied.
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.button')).borderRadius")
        is not None
    )
    assert page.request.get("/static/dkfds/css/dkfds.min.css").ok
    page.goto("/")
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.fj-figures')).display") == "grid"
    )


def test_other_municipality_citizen_is_not_found(page):
    log_in(page, "sagsbehandler.rudersdal")
    page.goto("/borgere/")
    href = page.locator("table tbody tr a").first.get_attribute("href")
    page.context.clear_cookies()
    log_in(page, "sagsbehandler.lejre")
    response = page.goto(href)
    assert response.status == 404


def test_consultant_sees_employers_and_positions(page):
    log_in(page, "konsulent.aarhus")
    assert page.get_by_test_id("open-positions").locator("li").count() > 0
    go_to_menu_item(page, "Virksomheder")
    page.locator("table tbody tr a").first.click()
    assert re.search(r"CVR \d{8}", page.locator(".font-lead").inner_text())


def test_manager_key_figures_and_english(page):
    log_in(page, "leder.rudersdal")
    assert "Rudersdal" in page.locator("h1").inner_text()
    figures = page.get_by_test_id("key-figures").inner_text()
    assert "i fleksjob" in figures
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"


def test_login_rejects_wrong_password(page):
    page.goto("/login/")
    page.fill("#id_username", "sagsbehandler.lejre")
    page.fill("#id_password", "wrong")
    page.click("button[type=submit].button-primary")
    assert page.locator(".alert-error").is_visible()
    assert "/login/" in page.url
