"""Bulk import and the access-request export in Chromium against the demo server."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from playwright.sync_api import expect

from fleksjob.core.rules import cpr as cpr_rules
from tests.browser.conftest import go_to_menu_item, log_in
from tests.browser.test_flows import _axe_violations, _first_citizen

pytestmark = pytest.mark.browser


def test_caseworker_checks_and_imports_citizens(page, tmp_path):
    log_in(page, "sagsbehandler.lejre")
    go_to_menu_item(page, "Import")
    with page.expect_download() as download:
        page.click("[data-testid=templates] >> text=CSV >> nth=0")
    template = download.value.path().read_bytes().decode("utf-8-sig").splitlines()
    header = template[0]
    assert header.startswith("cpr;fornavn;efternavn;visitationsdato")
    # Two new citizens (birth dates far from the demo's, so their CPR numbers are new) and a bad
    # row: the check lists the bad row, then the corrected file is imported.
    rows = []
    for n in range(2):
        cpr = cpr_rules.build(dt.date(1941, 2, 3 + n), 499, "F")
        cells = template[1].split(";")
        cells[0], cells[1] = cpr, f"Browserimport{n}"
        rows.append(";".join(cells))
    bad = rows[0].replace("vocational", "ukendt")
    bad_file, good_file = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad_file.write_text("\n".join([header, *rows[1:], bad]), encoding="utf-8")
    good_file.write_text("\n".join([header, *rows]), encoding="utf-8")

    page.select_option("#id_kind", "citizens")
    page.set_input_files("#id_file", str(bad_file))
    page.click("button[value=check]")
    report = page.get_by_test_id("report")
    assert "1 fejl fundet" in report.inner_text()
    cells = report.locator("tbody tr").first.locator("td").all_inner_texts()
    assert cells[:2] == ["3", "uddannelse"]
    assert not _axe_violations(page)

    page.select_option("#id_kind", "citizens")
    page.set_input_files("#id_file", str(good_file))
    page.click("button[value=check]")
    assert "2 rækker er klar til import" in page.get_by_test_id("report").inner_text()
    page.set_input_files("#id_file", str(good_file))
    page.click("button[value=import]")
    # The demo's worker writes the file; the progress page follows it until it is done.
    expect(page.get_by_test_id("import-run")).to_contain_text("2 borgere er importeret")
    page.goto("/borgere/?sort=name&owner=all")  # new cases wait in the queue, not in "Mine sager"
    page.fill("#id_q", "Browserimport0")
    page.click("form[role=search] button[type=submit]")
    assert page.get_by_role("link", name="Browserimport0").count() == 1


def test_caseworker_answers_an_access_request(page):
    log_in(page, "sagsbehandler.lejre")
    page.goto(_first_citizen(page))
    name = page.get_by_test_id("citizen-name").inner_text()
    form = page.get_by_test_id("access-request")
    with page.expect_download() as download:
        form.locator("button[value=json]").click()
    data = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert data["format"] == "fleksjob-indsigt/1"
    assert data["citizen"][0]["first_name"] in name
    assert cpr_rules.is_valid(data["citizen"][0]["cpr"])
    assert any(event["action"] == "export" for event in data["access_log"])
    form.locator("button[value=html]").click()
    page.wait_for_load_state()
    assert name in page.locator("h1").inner_text()
    assert page.get_by_test_id("section-access_log").locator("tbody tr").count() >= 1
    assert not _axe_violations(page)
