"""Benchmarking pages, exports and API on a computed run: every staff role, no count below 5."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools

import pandas as pd
import pytest
from django.test import Client
from openpyxl import load_workbook

from fleksjob.accounts.models import ApiToken
from fleksjob.benchmarking.compute import latest_run
from tests.seeded import computed_for_module

pytestmark = pytest.mark.django_db


computed = computed_for_module(first="2025-10", last="2026-09")


@pytest.fixture
def run(computed, personas):
    return latest_run()


def _number(text: str) -> float | None:
    return float(text.replace(",", ".")) if text else None


def test_no_run_yet_says_how_to_compute(login):
    page = login("leder.rudersdal").get("/benchmarking/")
    assert page.status_code == 200 and "stats compute" in page.content.decode()
    assert login("leder.rudersdal").get("/benchmarking/eksport.csv").status_code == 302


@pytest.mark.parametrize("persona", ["sagsbehandler.lejre", "leder.rudersdal", "admin"])
def test_overview_for_every_staff_role(run, login, persona):
    page = login(persona).get("/benchmarking/", {"indicator": "ledighedsydelse_share"})
    assert page.status_code == 200
    table = page.context["result"].table
    assert len(table) == 98
    assert set(table["label"].dropna()) <= {"better", "similar", "worse", "not_compared"}
    assert page.context["funnel"] is not None and page.context["ranked"] is not None


def test_csv_export_publishes_no_small_counts(run, login):
    for indicator in ("ledighedsydelse_share", "jobsamtaler_first_6m", "avg_weekly_hours"):
        response = login("leder.rudersdal").get(
            "/benchmarking/eksport.csv", {"indicator": indicator}
        )
        rows = list(csv.DictReader(io.StringIO(response.content.decode()), delimiter=";"))
        assert len(rows) == 98
        # Rudersdal's own row is exact for its own staff (small counts included); only that one.
        assert {r["unit_id"] for r in rows if r["own"] == "True"} <= {"230"}
        for row in (r for r in rows if r["own"] != "True"):
            x, n = _number(row["numerator"]), _number(row["denominator"])
            assert n is None or n >= 5, (indicator, row["unit_name"])
            if indicator != "avg_weekly_hours" and x is not None:
                assert x >= 5 and n - x >= 5, (indicator, row["unit_name"])


def test_excel_export_and_profile(run, login):
    client = login("sagsbehandler.lejre")
    response = client.get("/benchmarking/eksport.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 99 and sheet.cell(1, 1).value == "unit_id"
    profile = client.get("/benchmarking/kommune/350/")
    assert profile.status_code == 200
    # every indicator (nine, three of issue 16 and four of issue 15's surveys)
    assert len(profile.context["summary"]) == 16
    side = [f["id"] for f in profile.context["side_by_side"]]
    assert side[:3] == [
        "citizen_satisfied_share",
        "citizen_survey_response_rate",
        "employer_contact_12m",
    ]
    assert 'data-testid="side-by-side"' in profile.content.decode()
    peers = profile.context["peers"]
    assert len(peers) == 5 and "350" not in {p["code"] for p in peers}
    # Nearest first, each with its distance; the page says why (the conditions side by side).
    distances = [p["distance"] for p in peers]
    assert distances == sorted(distances) and distances[0] > 0
    assert profile.context["peer_own"]["code"] == "350"
    html = profile.content.decode()
    assert "Hvorfor disse kommuner?" in html and peers[0]["name"] in html
    assert client.get("/benchmarking/kommune/999/").status_code == 404
    assert client.get("/benchmarking/kommune/350/", {"indicator": "nope"}).status_code == 404
    assert client.get("/benchmarking/", {"period": "1999-01"}).status_code == 404


def test_indicator_api(run, personas):
    token = ApiToken.issue(personas["leder.rudersdal"])[1]
    client = Client(headers={"Authorization": f"Bearer {token}"})
    catalogue = client.get("/api/v1/indicators/").json()
    assert {i["id"] for i in catalogue} >= {"ledighedsydelse_share", "first_fleksjob_within_12m"}
    body = client.get("/api/v1/indicators/ledighedsydelse_share", {"period": "2026-09"}).json()
    assert body["period"] == "2026-09" and len(body["units"]) == 98
    shown = [u for u in body["units"] if not u["suppressed"] and not u["own"]]
    assert all(u["numerator"] >= 5 for u in shown)
    assert {u["unit_id"] for u in body["units"] if u["own"]} <= {"230"}  # the caller's own
    assert client.get("/api/v1/indicators/nope").status_code == 404


def test_risk_adjusted_oe_and_time_to_first_fleksjob(run, login):
    client = login("leder.rudersdal")
    page = client.get("/benchmarking/", {"indicator": "ledighedsydelse_share"})
    adjusted = page.context["adjusted"]
    assert len(adjusted) == 98
    for row in adjusted:
        if row["observed"] is not None:
            assert row["observed"] >= 5 and row["n"] - row["observed"] >= 5
            # O/E is the observed count over the model's expected count.
            assert row["oe"] == pytest.approx(row["observed"] / row["expected"])
        else:
            assert row["oe"] is None
    # The expected counts add up to the observed total: a logistic model with an intercept
    # reproduces the overall rate (a property of maximum likelihood, checked independently).
    from fleksjob.benchmarking.compute import latest_run

    raw = latest_run().extras["risk_adjusted"]
    assert sum(r["expected"] for r in raw) == pytest.approx(
        sum(r["observed"] for r in raw), rel=1e-3
    )
    profile = client.get("/benchmarking/kommune/230/")
    country = profile.context["first_fleksjob_country"]
    assert country["unit_id"] == "DK" and country["n"] >= 5
    home = client.get("/")
    assert home.context["share_trend"] is not None
    assert home.context["weeks_to_first_country"] == pytest.approx(country["km_median"] * 52 / 12)


def test_trend_shows_a_missing_month_as_missing(run, login):
    from fleksjob.benchmarking.models import IndicatorValue

    gone = dt.date(2026, 3, 1)
    IndicatorValue.objects.filter(
        indicator="ledighedsydelse_share", unit_id__in=["230", "DK"], period=gone
    ).delete()
    page = login("leder.rudersdal").get("/benchmarking/kommune/230/")
    lines = page.context["trend_rows"]
    months = sorted({row["period"] for row in lines})
    # Every month of the run is there for every series, the deleted one as missing.
    assert months == [f"{m:%Y-%m-%d}" for m in pd.date_range("2025-10-01", "2026-09-01", freq="MS")]
    for series in {row["series"] for row in lines}:
        assert sum(row["series"] == series for row in lines) == len(months)
    missing = [
        r
        for r in lines
        if r["period"] == "2026-03-01" and r["series"] != "Sammenlignelige kommuner (median)"
    ]
    assert len(missing) == 2
    assert all(r["value"] is None and r["status"] == "missing" for r in missing)
    # Neighbours keep their value: nothing is interpolated into the gap.
    assert page.context["trend"]["mark"]["invalid"] == "break-paths-filter-domains"
    assert page.context["trend"]["data"]["values"] == lines
    html = page.content.decode()
    assert "mangler" in html


def test_signals_are_one_per_episode(run, login):
    page = login("leder.rudersdal").get("/benchmarking/kommune/230/")
    signals = page.context["signals"]
    for before, after in itertools.pairwise(signals):
        assert before["end"] < after["start"]
    for s in signals:
        assert s["start"] <= s["end"] and len(set(s["kinds"])) == len(s["kinds"])


def test_jobindsats_figures_beside_the_matching_own_indicator(run, login):
    from fleksjob.benchmarking.models import ImportBatch, ImportedFigure, IndicatorValue

    batch = ImportBatch.objects.create(source="jobindsats", table="y09a02", rows=2)
    for period, value, dims in (("2026M09", 41.0, {}), ("2026M09", 20.0, {"_kon": "Kvinder"})):
        ImportedFigure.objects.create(
            batch=batch,
            source="jobindsats",
            table="y09a02",
            area="Rudersdal",
            level="municipality",
            municipality_id="230",
            period=period,
            measure="memba02_x1",
            label="Antal personer",
            dimensions=dims,
            dimensions_key="|".join(f"{k}={v}" for k, v in dims.items()),
            value=value,
        )
    exact = IndicatorValue.objects.get(
        indicator="ledighedsydelse_share", unit_id="230", period=dt.date(2026, 9, 1)
    )
    page = login("leder.rudersdal").get("/benchmarking/kommune/230/")
    rows = {r["indicator"].id: r for r in page.context["summary"]}
    # The whole municipality's count only (not the split by sex), beside the computed numerator.
    assert rows["ledighedsydelse_share"]["official"] == [
        {
            "table": "Y09A02",
            "measure": "Antal personer",
            "part": "numerator",
            "value": 41.0,
            "computed": exact.numerator,
        }
    ]
    assert rows["consultants_per_100_ledighedsydelse"]["official"][0]["part"] == "denominator"
    assert rows["jobsamtaler_first_6m"]["official"] == []
    html = page.content.decode()
    assert "Officielt (Jobindsats Y09A02)" in html
    # Someone else sees the official figure, and the computed count only if it is published.
    other = login("sagsbehandler.lejre").get("/benchmarking/kommune/230/")
    theirs = {r["indicator"].id: r for r in other.context["summary"]}["ledighedsydelse_share"]
    expected = None if exact.suppressed else exact.numerator
    assert theirs["official"][0]["value"] == 41.0
    assert theirs["official"][0]["computed"] == expected


def test_what_drives_the_indicator_for_own_staff_only(run, login, personas):
    # Give some of Rudersdal's cases to a caseworker of Rudersdal, so the breakdown has one.
    from fleksjob.accounts.models import User
    from fleksjob.audit.models import AuditEvent
    from fleksjob.benchmarking.models import IndicatorValue
    from fleksjob.citizens.models import Approval

    worker = User.objects.create(username="cw.rudersdal", role="caseworker", municipality_id="230")
    cases = list(Approval.objects.filter(citizen__municipality_id="230").order_by("pk"))
    Approval.objects.filter(pk__in=[c.pk for c in cases[::2]]).update(caseworker=worker)
    query = {"indicator": "ledighedsydelse_share"}
    page = login("leder.rudersdal").get("/benchmarking/kommune/230/", query)
    drivers = page.context["drivers"]
    exact = IndicatorValue.objects.get(
        indicator="ledighedsydelse_share", unit_id="230", period=dt.date(2026, 9, 1)
    )
    # The whole municipality is the run's exact figure; the holders add up to it.
    assert (drivers["total"]["numerator"], drivers["total"]["denominator"]) == (
        exact.numerator,
        exact.denominator,
    )
    for side in ("by_caseworker", "by_consultant"):
        rows = drivers[side]
        assert sum(r["denominator"] for r in rows) == exact.denominator
        assert sum(r["numerator"] for r in rows) == exact.numerator
        for r in rows:
            assert r["share"] is None or r["denominator"] >= 10
            assert r["rest"] == r["denominator"] - r["numerator"]
    names = {r["name"] for r in drivers["by_caseworker"]}
    assert "cw.rudersdal" in names and drivers["everyone"]
    assert AuditEvent.objects.filter(detail__contains="pr. sagsbehandler").exists()
    assert "Hvad driver tallet" in page.content.decode()
    # A caseworker of the municipality sees their own row, the queue and the whole only.
    mine = login("sagsbehandler.lejre").get("/benchmarking/kommune/350/", query)
    theirs = mine.context["drivers"]
    assert not theirs["everyone"]
    me = personas["sagsbehandler.lejre"]
    allowed = {None, f"{me.first_name} {me.last_name}".strip() or me.username}
    assert {r["name"] for r in theirs["by_caseworker"]} <= allowed
    # Another municipality's staff get no breakdown; nor does an indicator about employers.
    assert login("sagsbehandler.lejre").get("/benchmarking/kommune/230/").context["drivers"] is None
    employers = login("leder.rudersdal").get(
        "/benchmarking/kommune/230/", {"indicator": "employer_contact_12m"}
    )
    assert employers.context["drivers"] is None


def test_profile_queries_are_bounded(run, login, django_assert_max_num_queries):
    # A fixed number per indicator (sixteen) and per breakdown table, whatever the number of
    # municipalities, cases or months; the breakdown's export of the cases is ~12 queries.
    client = login("leder.rudersdal")
    with django_assert_max_num_queries(49):
        assert client.get("/benchmarking/kommune/230/").status_code == 200
    with django_assert_max_num_queries(34):
        assert client.get("/benchmarking/kommune/350/").status_code == 200


@pytest.mark.parametrize("persona", ["leder.rudersdal", "sagsbehandler.lejre"])
def test_a_run_from_before_an_indicator_was_added_still_shows(run, login, persona):
    """After an upgrade that adds an indicator, the stored run has no figures for it until the
    next indicator run: the pages show the others (the profile answered 500)."""
    from fleksjob.benchmarking.models import IndicatorValue

    IndicatorValue.objects.filter(indicator="avg_weekly_hours").delete()
    client = login(persona)
    profile = client.get("/benchmarking/kommune/230/")
    assert profile.status_code == 200
    shown = {row["indicator"].id for row in profile.context["summary"]}
    assert "avg_weekly_hours" not in shown and "ledighedsydelse_share" in shown
    assert client.get("/benchmarking/", {"indicator": "avg_weekly_hours"}).status_code < 500
    assert (
        client.get("/benchmarking/kommune/230/", {"indicator": "avg_weekly_hours"}).status_code
        < 500
    )
    assert client.get("/offentlig/indikator/avg_weekly_hours/").status_code < 500
    assert client.get("/offentlig/kommune/230/").status_code < 500
    assert Client().get("/offentlig/data.csv").status_code == 200
