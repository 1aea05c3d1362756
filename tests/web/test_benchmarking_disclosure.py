"""Discretion in every published view of a computed run: the API, the CSV and Excel exports,
the HTML tables, the chart data, the profile (trend, signals, time to first fleksjob) and the
O/E table. A hidden cell shows nothing derived from it, every view hides the same cells, and
no hidden count comes back by subtraction from a published total (``tests/core/stats/
disclosure.py`` checks that apart from the code)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from fleksjob.accounts.models import ApiToken
from fleksjob.benchmarking.compute import latest_run
from fleksjob.benchmarking.models import IndicatorValue
from fleksjob.core.stats.indicators import load_indicators
from fleksjob.reference import municipalities
from tests.core.stats.disclosure import IDENTITY, derived_on_hidden, empty, table_problems
from tests.seeded import computed_for_module

pytestmark = pytest.mark.django_db

INDICATORS = sorted(load_indicators())
MONTHS = [f"{m:%Y-%m}" for m in pd.date_range("2025-10-01", "2026-09-01", freq="MS")]
CODES = [m.code for m in municipalities()]
REGIONS = {m.code: str(m.region_code) for m in municipalities()}
OWN = "230"  # Rudersdal, leder.rudersdal's municipality
# A row of a view may also say whether it is the viewer's own exact row (false on a hidden one).
SHOWN_ON_HIDDEN = IDENTITY | {"own"}


computed = computed_for_module(first="2025-10", last="2026-09")


@pytest.fixture
def run(computed, personas):
    return latest_run()


def _api(personas, user: str = "admin") -> Client:
    return Client(headers={"Authorization": f"Bearer {ApiToken.issue(personas[user])[1]}"})


def _csv(response) -> list[dict]:
    """The export's rows with empty cells as None and numbers (decimal comma) as floats."""
    text = {"unit_id", "unit_name", "flag", "label", "label_text", "suppressed", "own"}
    rows = csv.DictReader(io.StringIO(response.content.decode()), delimiter=";")
    return [
        {
            k: None if v == "" else v if k in text else float(v.replace(",", "."))
            for k, v in row.items()
        }
        for row in rows
    ]


def test_hidden_rows_carry_no_flag_or_label_in_the_api_and_the_csv(run, personas, login):
    # The reproduced leak: in the default indicator, suppressed rows still said low95 / high95
    # (and within), so "0 of 5" could be read off the flag.
    body = _api(personas).get("/api/v1/indicators/ledighedsydelse_share").json()
    hidden = [u for u in body["units"] if u["suppressed"]]
    assert hidden and len(hidden) < len(body["units"])
    assert all(u["flag"] is None and u["label"] is None for u in hidden)
    rows = _csv(login("leder.rudersdal").get("/benchmarking/eksport.csv"))
    hidden_csv = [r for r in rows if r["suppressed"] == "True"]
    # The same hidden rows, but for Rudersdal's own, exact for its own staff.
    own = {r["unit_id"] for r in rows if r["own"] == "True"}
    assert own <= {OWN}
    assert {r["unit_id"] for r in hidden_csv} == {u["unit_id"] for u in hidden} - own
    assert all(r["flag"] is None and r["label"] is None for r in hidden_csv)
    assert all(r["label_text"] is None for r in hidden_csv)


class _Rows(HTMLParser):
    """The cell texts of each body row of the table with ``data-testid``."""

    def __init__(self, testid: str) -> None:
        super().__init__()
        self.testid, self.inside, self.rows, self.cell = testid, False, [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("data-testid") == self.testid:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag == "td":
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif self.inside and tag == "td" and self.cell is not None:
            self.rows[-1].append(self.cell.strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def _html_rows(page, testid: str) -> list[list[str]]:
    parser = _Rows(testid)
    parser.feed(page.content.decode())
    return [r for r in parser.rows if r]


def _truth(run, month: str) -> pd.DataFrame:
    period = dt.date.fromisoformat(f"{month}-01")
    values = IndicatorValue.objects.filter(run=run, period=period).values(
        "indicator",
        "unit_level",
        "unit_id",
        "unit_name",
        "numerator",
        "denominator",
        "suppressed",
        "denominator_suppressed",
    )
    return pd.DataFrame.from_records(list(values))


def _view_problems(truth: pd.DataFrame, indicator: str, rows: list[dict], view: str) -> list[str]:
    """Derived values on hidden rows; a hidden set other than the run's; and what the view's
    hidden municipalities give away against the region and country totals of the run."""
    problems = [f"{view}: {p}" for p in derived_on_hidden(rows, SHOWN_ON_HIDDEN)]
    shown = {str(r["unit_id"]): r for r in rows}
    table = truth[truth["indicator"] == indicator].reset_index(drop=True)
    munis = table["unit_level"] == "municipality"
    assert set(shown) == set(table.loc[munis, "unit_id"]), view
    hx = table["suppressed"].to_numpy().copy()
    hn = table["denominator_suppressed"].to_numpy().copy()
    for i in table.index[munis]:
        row = shown[table.at[i, "unit_id"]]
        hx[i] = row["suppressed"] in (True, "True")
        hn[i] = empty(row["denominator"])
        if not hx[i] and float(row["numerator"]) != table.at[i, "numerator"]:
            problems.append(f"{view}: {row['unit_id']} shows another numerator")
    if (hx != table["suppressed"].to_numpy()).any() or (
        hn != table["denominator_suppressed"].to_numpy()
    ).any():
        problems.append(f"{view}: hides other cells than the run's pattern")
    # A count per capacity: the numerator is the count (the capacity is no one's count), so it
    # is checked as a mean's denominator is.
    per_capacity = load_indicators()[indicator].is_per_capacity
    problems += table_problems(
        table["unit_level"].tolist(),
        table["unit_id"].tolist(),
        table["numerator"],
        table["numerator"] if per_capacity else table["denominator"],
        hx,
        hn,
        load_indicators()[indicator].is_proportion,
        REGIONS,
        f"{view} {indicator}",
    )
    return problems


def _published(rows: list[dict], public: dict, problems: list[str], indicator: str) -> list[dict]:
    """The rows with the viewer's own (Rudersdal's, exact for its staff) replaced by the public
    row; a row marked own for any other municipality is a problem."""
    own = [str(r["unit_id"]) for r in rows if r.get("own") in (True, "True")]
    problems.extend(f"{indicator}: {u} exact for Rudersdal's staff" for u in own if u != OWN)
    return [public[str(r["unit_id"])] if str(r["unit_id"]) in own else r for r in rows]


def _chart_problems(page, visible_names: set[str], hidden_names: set[str]) -> list[str]:
    """Funnel points and the ranked chart show published units only; the funnel's limit lines
    span the published denominators, not a hidden one."""
    problems = []
    funnel, ranked = page.context["funnel"], page.context["ranked"]
    if funnel is not None:
        lines, points = (layer["data"]["values"] for layer in funnel["layer"])
        shown = {p["unit_name"] for p in points}
        problems += [f"funnel point for hidden {name}" for name in shown & hidden_names]
        table = page.context["result"].table
        n = table.loc[~table["suppressed"], "denominator"]
        if lines and min(v["denominator"] for v in lines) < round(max(1.0, n.min() * 0.8)):
            problems.append("funnel limits drawn below the smallest published denominator")
    if ranked is not None:
        shown = {v["unit_name"] for v in ranked["data"]["values"]}
        problems += [f"ranked chart shows hidden {name}" for name in shown - visible_names]
    return problems


@pytest.mark.slow
@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    month=st.sampled_from(MONTHS),
    code=st.sampled_from(CODES),
    chosen=st.sampled_from(INDICATORS),
)
def test_no_published_view_gives_a_hidden_cell_away(run, personas, login, month, code, chosen):
    api, client = _api(personas), login("leder.rudersdal")
    truth = _truth(run, month)
    problems: list[str] = []
    for indicator in INDICATORS:
        query = {"indicator": indicator, "period": month}
        units = api.get(f"/api/v1/indicators/{indicator}", {"period": month}).json()["units"]
        problems += _view_problems(truth, indicator, units, f"API {month}")
        # The viewer's own municipality (Rudersdal) is exact for its staff in the exports and
        # on the page: checked apart (test_own_staff_...); here its public row stands in for it.
        public = {u["unit_id"]: u for u in units}
        rows = _csv(client.get("/benchmarking/eksport.csv", query))
        rows = _published(rows, public, problems, indicator)
        problems += _view_problems(truth, indicator, rows, f"CSV {month}")
        sheet = load_workbook(
            io.BytesIO(client.get("/benchmarking/eksport.xlsx", query).content)
        ).active
        head, *body = list(sheet.values)
        rows = [dict(zip(head, r, strict=True)) for r in body]
        rows = _published(rows, public, problems, indicator)
        problems += _view_problems(truth, indicator, rows, f"Excel {month}")
        page = client.get("/benchmarking/", query)
        rows = _published(page.context["rows"], public, problems, indicator)
        problems += _view_problems(truth, indicator, rows, f"HTML {month}")
        hidden = {r["unit_name"] for r in rows if r["suppressed"]}
        visible = {r["unit_name"] for r in rows} - hidden
        problems += [
            f"HTML {month} {indicator}: {p}" for p in _chart_problems(page, visible, hidden)
        ]
        for cells in _html_rows(
            page, "comparison"
        ):  # name, citizens, value, CI, shrunk, rank, label
            if cells[0] in hidden and (cells[2] != "–" or any(cells[3:])):
                problems.append(f"HTML {month} {indicator}: {cells[0]} shows {cells[2:]}")
    # The O/E table of the headline share (the run's last month, the overview's default).
    page = client.get("/benchmarking/")
    comparison = {r["unit_id"] for r in page.context["rows"] if r["suppressed"]}
    adjusted = page.context["adjusted"]
    problems += [f"O/E: {p}" for p in derived_on_hidden(adjusted)]
    hidden = {r["unit_id"] for r in adjusted if r["suppressed"]}
    problems += [f"O/E shows {u}, hidden in the comparison" for u in comparison - hidden]
    names = {r["unit_name"] for r in adjusted if r["suppressed"]}
    points = page.context["oe_funnel"]["layer"][1]["data"]["values"]
    problems += [
        f"O/E point for hidden {p['unit_name']}" for p in points if p["unit_name"] in names
    ]
    # The profile of one municipality: its summary, trend (with its peers and the country),
    # signals and time to first fleksjob.
    page = client.get(f"/benchmarking/kommune/{code}/", {"indicator": chosen, "period": month})
    own = code == OWN
    for row in page.context["summary"]:
        if row.get("own"):
            continue
        mine = truth[(truth["indicator"] == row["indicator"].id) & (truth["unit_id"] == code)]
        if bool(mine["suppressed"].iloc[0]) != bool(row.get("suppressed")):
            problems.append(f"profile {code} {row['indicator'].id}: another pattern")
        if row.get("suppressed") and not (empty(row.get("value")) and empty(row.get("label"))):
            problems.append(f"profile {code} {row['indicator'].id}: hidden value or label shown")
    series = pd.DataFrame.from_records(
        list(
            IndicatorValue.objects.filter(
                run=run, indicator=chosen, unit_id__in=[code, "DK"]
            ).values("unit_id", "period", "suppressed")
        )
    )
    hidden_months = {(u, p.isoformat()) for u, p, s in series.itertuples(index=False) if s}
    name = page.context["municipality"].name
    for line in page.context["trend_rows"]:
        unit = {name: code, "Hele landet": "DK"}.get(line["series"])
        if unit == code and own:
            continue
        if (unit, line["period"]) in hidden_months and line["value"] is not None:
            problems.append(f"trend shows hidden {unit} {line['period']}")
    for signal in [] if own else page.context["signals"]:
        for end in (signal["start"], signal["end"]):
            if (code, end.isoformat()) in hidden_months:
                problems.append(f"signal at hidden month {end}")
    shown_km = [page.context["first_fleksjob_country"]]
    if not own:  # the own municipality's figure is exact for its own staff
        shown_km.append(page.context["first_fleksjob"])
    for km in shown_km:
        if km is not None and min(km["n"], km["events"], km["n"] - km["events"]) < 5:
            problems.append(f"time to first fleksjob shown for {km['unit_id']} with a small count")
    assert not problems, problems[:20]


def _staff_views(client, staff_api, indicator: str, month: str) -> dict[str, dict[str, dict]]:
    """The API (under the staff's own token), the CSV and the Excel export of one indicator and
    month as one viewer reads them: view → unit_id → row."""
    query = {"indicator": indicator, "period": month}
    sheet = load_workbook(io.BytesIO(client.get("/benchmarking/eksport.xlsx", query).content))
    head, *body = list(sheet.active.values)
    views = {
        "API": staff_api.get(f"/api/v1/indicators/{indicator}", {"period": month}).json()["units"],
        "CSV": _csv(client.get("/benchmarking/eksport.csv", query)),
        "Excel": [dict(zip(head, r, strict=True)) for r in body],
    }
    return {view: {str(r["unit_id"]): r for r in rows} for view, rows in views.items()}


def _flag(value) -> bool:
    """A boolean cell as the API (bool), the CSV ("True") or Excel (bool) gives it."""
    return value in (True, "True")


def _same(a, b) -> bool:
    """Two cells of the same row in two views: both empty, the same flag, text or number."""
    if empty(a) or empty(b):
        return empty(a) and empty(b)
    if isinstance(a, bool | str) or isinstance(b, bool | str):
        return str(a) == str(b)
    return float(a) == pytest.approx(float(b), rel=1e-12)


def _recoverable(levels, ids, amount, known, region_of) -> list[str]:
    """Independent of the suppression code: the cells of municipalities the reader does not
    know are the unknowns; every published region or country total is an equation (the sum of
    its municipalities). A cell is recovered when its unit vector lies in the row space of the
    equations (rank test), and a published total gives a small or single-cell sum of unknowns
    away when its unknown part adds up to less than 5 or is one cell."""
    munis = [i for i, lv in enumerate(levels) if lv == "municipality"]
    unknown = [i for i in munis if not known[i]]
    if not unknown:
        return []
    col = {c: j for j, c in enumerate(unknown)}
    equations, problems = [], []
    for t, lv in enumerate(levels):
        if lv == "municipality" or not known[t]:
            continue
        inside = [m for m in munis if lv == "country" or region_of.get(str(ids[m])) == ids[t]]
        part = [m for m in inside if m in col]
        if not part:
            continue
        row = np.zeros(len(unknown))
        row[[col[m] for m in part]] = 1.0
        equations.append(row)
        if len(part) == 1 or sum(amount[m] for m in part) < 5:
            problems.append(f"{ids[t]} gives {[ids[m] for m in part]} away")
    if equations:
        a = np.array(equations)
        rank = np.linalg.matrix_rank(a)
        for c, j in col.items():
            e = np.zeros(len(unknown))
            e[j] = 1.0
            if np.linalg.matrix_rank(np.vstack([a, e])) == rank:
                problems.append(f"{ids[c]} recovered by linear algebra")
    return problems


def test_own_staff_see_their_counts_and_cannot_recover_anyone_elses(run, login, personas):
    """A hostile insider at Rudersdal: everything one viewer sees (the overview and the
    profile with Rudersdal's own counts, the API and the published totals of the run for
    every month) must not give back any other municipality's hidden cell."""
    client, api = login("leder.rudersdal"), _api(personas)
    staff_api = _api(personas, "leder.rudersdal")
    month = MONTHS[-1]
    truth = _truth(run, month)
    own_hidden = survey_hidden = 0
    for indicator in INDICATORS:
        table = truth[truth["indicator"] == indicator].set_index("unit_id")
        exact = table.loc[OWN]
        page = client.get("/benchmarking/", {"indicator": indicator, "period": month})
        rows = {r["unit_id"]: r for r in page.context["rows"]}
        mine = rows[OWN]
        units = api.get(f"/api/v1/indicators/{indicator}", {"period": month}).json()["units"]
        public = {u["unit_id"]: u for u in units}
        # The exports and the API under Rudersdal's own staff.
        views = _staff_views(client, staff_api, indicator, month)
        for view, got in views.items():
            assert set(got) == set(public), view
        if load_indicators()[indicator].pseudonymous:
            # Survey answers: the own staff see the published figures, hidden where hidden,
            # in the exports and the API too.
            assert not mine.get("own") and bool(mine["suppressed"]) == bool(exact["suppressed"])
            if exact["suppressed"]:
                assert mine["numerator"] is None or pd.isna(mine["numerator"])
                survey_hidden += 1
            for view, got in views.items():
                for code, r in got.items():
                    assert not _flag(r["own"]), (view, indicator, code)
                    for key in set(r) & set(public[code]) - {"unit_name", "unit_id"}:
                        assert _same(r[key], public[code][key]), (view, indicator, code, key)
            continue
        assert (mine["numerator"], mine["denominator"]) == (
            exact["numerator"],
            exact["denominator"],
        )
        assert bool(mine.get("own")) == bool(exact["suppressed"])
        own_hidden += bool(exact["suppressed"])
        others = [r for code, r in rows.items() if code != OWN]
        assert not derived_on_hidden(others, SHOWN_ON_HIDDEN), indicator
        assert public[OWN]["suppressed"] == bool(exact["suppressed"])  # others still see it hidden
        for code, r in rows.items():
            if code != OWN and not r["suppressed"]:
                assert r["numerator"] == table.at[code, "numerator"]
        # Rudersdal exact (marked own where others see it hidden), every other row exactly the
        # public one.
        for view, got in views.items():
            mine = got[OWN]
            assert (float(mine["numerator"]), float(mine["denominator"])) == (
                exact["numerator"],
                exact["denominator"],
            ), (view, indicator)
            assert _flag(mine["own"]) == bool(exact["suppressed"]), (view, indicator)
            assert not _flag(mine["suppressed"]), (view, indicator)
            for code, r in got.items():
                if code == OWN:
                    continue
                assert not _flag(r["own"]), (view, indicator, code)
                for key in set(r) & set(public[code]) - {"unit_name", "unit_id"}:
                    assert _same(r[key], public[code][key]), (view, indicator, code, key)
    assert own_hidden, "Rudersdal should have hidden cells in the tiny seed"
    assert survey_hidden, "Rudersdal should have hidden survey cells in the tiny seed"
    profile = client.get(f"/benchmarking/kommune/{OWN}/", {"period": month})
    for row in profile.context["summary"]:
        exact = truth[(truth["indicator"] == row["indicator"].id) & (truth["unit_id"] == OWN)]
        if row["indicator"].pseudonymous and exact["suppressed"].iloc[0]:
            assert not row.get("own") and row.get("numerator") is None
            continue
        assert row["numerator"] == exact["numerator"].iloc[0]
    assert "egne tal" in profile.content.decode()
    # The citizen-level figures too: the run's own rows, whether or not others see them.
    km = next(
        r
        for r in run.extras["first_fleksjob"]
        if str(r["unit_id"]) == OWN and r.get("unit_level", "municipality") == "municipality"
    )
    assert profile.context["first_fleksjob"]["n"] == km["n"]
    oe = next((r for r in run.extras.get("risk_adjusted", []) if str(r["unit"]) == OWN), None)
    if oe is not None:
        assert profile.context["adjusted"]["observed"] == oe["observed"]
    # Someone from another municipality sees Rudersdal's hidden cells hidden.
    other = login("sagsbehandler.lejre").get(f"/benchmarking/kommune/{OWN}/", {"period": month})
    assert not any(row.get("own") for row in other.context["summary"])
    assert not other.context["own_km"] and not other.context["own_oe"]
    from fleksjob.benchmarking import service

    assert other.context["first_fleksjob"] == service.first_fleksjob(run, OWN)
    # Every month and indicator of the run, from the viewer's knowledge: the published cells,
    # the published totals and Rudersdal's own counts.
    values = pd.DataFrame.from_records(
        list(
            IndicatorValue.objects.filter(run=run).values(
                "indicator",
                "period",
                "unit_level",
                "unit_id",
                "numerator",
                "denominator",
                "suppressed",
                "denominator_suppressed",
            )
        )
    )
    problems = []
    for (indicator, period), t in values.groupby(["indicator", "period"]):
        t = t.reset_index(drop=True)
        levels, ids = t["unit_level"].tolist(), t["unit_id"].tolist()
        x, n = t["numerator"].to_numpy(float), t["denominator"].to_numpy(float)
        mine = (t["unit_id"] == OWN).to_numpy()
        known_x = ~t["suppressed"].to_numpy(bool) | mine
        known_n = ~t["denominator_suppressed"].to_numpy(bool) | mine
        parts = [("n", n, known_n)]
        if load_indicators()[indicator].is_per_capacity:  # the count is the numerator
            parts = [("x", x, known_x)]
        elif load_indicators()[indicator].is_proportion:
            parts += [("x", x, known_x), ("n-x", n - x, known_x)]
        for name, amount, known in parts:
            problems += [
                f"{indicator} {period} {name}: {p}"
                for p in _recoverable(levels, ids, amount, known, REGIONS)
            ]
    assert not problems, problems[:10]
