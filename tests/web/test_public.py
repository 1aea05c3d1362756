"""The open comparison (/offentlig/, docs/public.md): without login, aggregates only, and every
municipality's hidden cells hidden, with nothing derived from them, exactly as for a viewer of
another municipality. The truth is read from the run's stored rows, not from the pages' code."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from statsmodels.stats.proportion import proportion_confint

from fleksjob.benchmarking.compute import latest_run
from fleksjob.benchmarking.models import ImportBatch, ImportedFigure, IndicatorValue
from fleksjob.citizens.models import Citizen
from fleksjob.core.stats.indicators import load_indicators
from fleksjob.reference import municipalities
from tests.seeded import computed_for_module

pytestmark = pytest.mark.django_db

INDICATORS = load_indicators()
SHARES = {i for i, ind in INDICATORS.items() if ind.is_proportion}
# A count per capacity (people per consultant): the numerator is the count of people, the
# denominator consultants' full-time equivalents, no one's count (docs/statistics.md).
PER_CAPACITY = {i for i, ind in INDICATORS.items() if ind.is_per_capacity}
LAST = dt.date(2026, 9, 1)


computed = computed_for_module(first="2026-07", last="2026-09")


@pytest.fixture
def run(computed, personas):
    return latest_run()


def _csv(client: Client) -> list[dict]:
    response = client.get("/offentlig/data.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def _truth(run) -> dict[tuple[str, str, str], IndicatorValue]:
    return {
        (v.unit_id, v.indicator, f"{v.period:%Y-%m}"): v
        for v in IndicatorValue.objects.filter(run=run, unit_level="municipality")
    }


def _number(text: str) -> float | None:
    return None if text == "" else float(text)


def test_every_public_page_answers_without_login_and_without_a_run(db):
    client = Client()
    for url in (
        "/offentlig/",
        "/offentlig/indikator/ledighedsydelse_share/",
        "/offentlig/kommune/350/",
        "/offentlig/data/ordbog/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    rows = _csv(client)
    assert rows == []
    assert client.get("/offentlig/indikator/ukendt/").status_code == 404
    assert client.get("/offentlig/kommune/999/").status_code == 404


@pytest.mark.slow  # seeds and computes a run (about 25 s)
def test_the_data_has_one_row_per_municipality_indicator_and_month(run):
    rows = _csv(Client())
    truth = _truth(run)
    computed = [r for r in rows if r["kilde"] != "officiel (Jobindsats)"]
    keys = [(r["kommunekode"], r["indikator"], r["periode"]) for r in computed]
    assert len(keys) == len(set(keys)) == len(truth)
    assert set(keys) == set(truth)
    names = {m.code: m.name for m in municipalities()}
    assert {r["kommunekode"] for r in computed} == set(names)
    assert all(r["kommune"] == names[r["kommunekode"]] for r in computed)
    # Seeded data is synthetic and says so.
    assert {r["kilde"] for r in computed} == {"syntetisk"}
    for row in computed:
        value = truth[(row["kommunekode"], row["indikator"], row["periode"])]
        assert (row["skjult"] == "1") == value.suppressed
        if value.suppressed:
            continue
        assert _number(row["taeller"]) == pytest.approx(value.numerator)
        assert _number(row["naevner"]) == pytest.approx(value.denominator)
        assert _number(row["vaerdi"]) == pytest.approx(value.value, rel=1e-5)
        if row["indikator"] in SHARES:
            # Independent Wilson interval (statsmodels).
            low, high = proportion_confint(value.numerator, value.denominator, method="wilson")
            assert _number(row["nedre95"]) == pytest.approx(low, abs=1e-5)
            assert _number(row["oevre95"]) == pytest.approx(high, abs=1e-5)
        else:
            assert row["nedre95"] == row["oevre95"] == ""


@pytest.mark.slow  # seeds and computes a run (about 25 s)
def test_no_small_cell_and_nothing_derived_from_a_hidden_one_in_the_data(run):
    rows = _csv(Client())
    truth = _truth(run)
    hidden = 0
    for row in rows:
        x, n = _number(row["taeller"]), _number(row["naevner"])
        # No shown count of people under 5: denominators (numerators of a count per capacity),
        # and for shares numerators and their complements.
        if row["indikator"] in PER_CAPACITY:
            assert x is None or x >= 5, row
        elif n is not None:
            assert n >= 5, row
        if row["indikator"] in SHARES and x is not None:
            assert x >= 5 and (n is None or n - x >= 5), row
        if row["kilde"] == "officiel (Jobindsats)":
            continue
        value = truth[(row["kommunekode"], row["indikator"], row["periode"])]
        if value.suppressed:
            hidden += 1
            assert row["taeller"] == row["vaerdi"] == row["nedre95"] == row["oevre95"] == ""
            if value.denominator_suppressed:
                assert row["naevner"] == ""
    assert hidden > 100  # tiny data: many cells are small


class _Cells(HTMLParser):
    """Rows of the table with ``data-testid``: [header cell text, *data cell texts]."""

    def __init__(self, testid: str) -> None:
        super().__init__()
        self.testid, self.inside, self.rows, self.cell = testid, False, [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("data-testid") == self.testid:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif self.inside and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(self.cell.strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def _table(html: str, testid: str) -> list[list[str]]:
    parser = _Cells(testid)
    parser.feed(html)
    return [r for r in parser.rows[1:] if r]  # without the header row


def _charts(html: str) -> list[dict]:
    return [
        json.loads(m)
        for m in re.findall(
            r'<script id="[a-z-]+-spec" type="application/json">(.*?)</script>', html
        )
    ]


def _chart_units(spec) -> set[str]:
    found = set()
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "values" and isinstance(value, list):
                found |= {v["unit_name"] for v in value if isinstance(v, dict) and "unit_name" in v}
            else:
                found |= _chart_units(value)
    elif isinstance(spec, list):
        for item in spec:
            found |= _chart_units(item)
    return found


@pytest.mark.slow  # seeds and computes a run (about 25 s)
def test_hidden_cells_show_nothing_on_the_pages(run):
    """Every indicator's page at every month and every municipality's page with a hidden cell:
    a hidden row shows its name and at most its published denominator, no value, interval,
    shrunk value, rank or label, and no chart point."""
    client = Client()
    truth = _truth(run)
    names = {m.code: m.name for m in municipalities()}
    by_name = {v: k for k, v in names.items()}
    checked_hidden = 0
    for indicator in INDICATORS:
        for period in ("2026-07", "2026-08", "2026-09"):
            page = client.get(f"/offentlig/indikator/{indicator}/", {"period": period})
            assert page.status_code == 200
            html = page.content.decode()
            rows = _table(html, "comparison")
            assert len(rows) == len(names)
            hidden_names = set()
            for name, denominator, value, interval, shrunk, rank, label in rows:
                cell = truth[(by_name[name], indicator, period)]
                if not cell.suppressed:
                    assert value != "–"
                    continue
                checked_hidden += 1
                hidden_names.add(name)
                assert value == "–" and interval == shrunk == rank == label == ""
                if cell.denominator_suppressed:
                    assert denominator == "–"
                else:
                    assert denominator == f"{cell.denominator:.0f}"
            for spec in _charts(html):
                assert not (_chart_units(spec) & hidden_names), indicator
    assert checked_hidden > 100
    for code in names:
        hidden = [i for i in INDICATORS if truth[(code, i, "2026-09")].suppressed]
        if not hidden:
            continue
        page = client.get(f"/offentlig/kommune/{code}/")
        rows = {r[0]: r for r in _table(page.content.decode(), "municipality")}
        for indicator in hidden:
            title = INDICATORS[indicator].title["da"]
            _name, value, interval, _country, rank, label, _official = rows[title]
            assert value == "–" and interval == rank == label == "", (code, indicator)


@pytest.mark.slow  # seeds and computes a run (about 25 s)
def test_the_public_sees_what_another_municipality_sees_not_the_own_staffs_figures(run, login):
    """Rudersdal's manager sees Rudersdal's exact small counts on the staff profile; the public
    page of Rudersdal shows what a Lejre caseworker sees there."""
    public = Client().get("/offentlig/kommune/230/").context["summary"]
    other = login("sagsbehandler.lejre").get("/benchmarking/kommune/230/").context["summary"]
    theirs = {r["indicator"].id: r for r in other}
    for row in public:
        seen = theirs[row["indicator"].id]
        assert row["suppressed"] == seen["suppressed"]
        assert row["value"] == seen["value"] and row["denominator"] == seen["denominator"]
    own = login("leder.rudersdal").get("/benchmarking/kommune/230/").context["summary"]
    own_only = [r["indicator"].id for r in own if r.get("own")]
    hidden_public = [r["indicator"].id for r in public if r["suppressed"]]
    assert set(own_only) <= set(hidden_public)


@pytest.mark.slow  # seeds and computes a run (about 25 s)
def test_official_jobindsats_figures_are_labelled_and_small_ones_hidden(run):
    batch = ImportBatch.objects.create(source="jobindsats", table="y09a02", rows=2)
    for code, value in (("230", 41.0), ("350", 3.0)):
        ImportedFigure.objects.create(
            batch=batch,
            source="jobindsats",
            table="y09a02",
            area=code,
            level="municipality",
            municipality_id=code,
            period="2026M09",
            measure="memba02_x1",
            label="Antal personer",
            dimensions={},
            dimensions_key="",
            value=value,
        )
    rows = [r for r in _csv(Client()) if r["kilde"] == "officiel (Jobindsats)"]
    rudersdal = [r for r in rows if r["kommunekode"] == "230"]
    assert {(r["indikator"], r["taeller"], r["naevner"]) for r in rudersdal} == {
        ("ledighedsydelse_share", "41", ""),
        ("consultants_per_100_ledighedsydelse", "", "41"),
    }
    assert all(r["jobindsats_tabel"] == "Y09A02" for r in rows)
    assert {r["jobindsats_del"] for r in rudersdal} == {"taeller", "naevner"}
    lejre = [r for r in rows if r["kommunekode"] == "350"]
    assert lejre and all(r["skjult"] == "1" and r["taeller"] == r["naevner"] == "" for r in lejre)
    html = Client().get("/offentlig/kommune/230/").content.decode()
    assert "officiel (Jobindsats Y09A02): 41" in html
    assert "Kilde: syntetisk" in html


@pytest.mark.slow  # seeds and computes a run (about 25 s)
def test_nothing_personal_or_record_bound_is_reachable_from_the_public_pages(run):
    """Anonymous: every public page is 200, every link on them stays public (or is the login,
    the language switch or a static file), and no citizen's name is on any of them."""
    client = Client()
    people = list(Citizen.objects.values_list("first_name", "last_name")[:300])
    seen, queue = set(), ["/offentlig/"]
    allowed = ("/offentlig/", "/static/", "/login/", "/i18n/")
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        if not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        for first, last in people:
            assert f"{first} {last}" not in html, url
        for link in re.findall(r'href="([^"#]+)"', html):
            path = link.split("?")[0]
            if path == "/":  # the logo: the login page for anonymous visitors
                continue
            assert path.startswith(allowed), (url, link)
            if path.startswith("/offentlig/") and len(seen) < 40:
                queue.append(path)
    assert "/offentlig/data.csv" in seen and "/offentlig/data/ordbog/" in seen
    # Staff pages stay behind the login.
    assert Client().get("/borgere/").status_code == 302
    assert Client().get("/benchmarking/").status_code == 302


@pytest.mark.slow  # seeds and computes a run (about 25 s)
def test_the_index_finds_a_municipality(run):
    page = Client().get("/offentlig/", {"q": "rudersd"})
    assert page.status_code == 200
    assert [m["code"] for m in page.context["municipalities"]] == ["230"]
    assert len(Client().get("/offentlig/").context["municipalities"]) == 98
