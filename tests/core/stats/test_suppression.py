"""Suppression as a property: on any table, and on the engine's output for every indicator,
nothing published gives a hidden count back (checked by ``disclosure``, written apart)."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fleksjob.core.stats.benchmark import compare
from fleksjob.core.stats.engine import compute_indicators, connect
from fleksjob.core.stats.from_synth import tables_from_synth
from fleksjob.core.stats.indicators import load_indicators
from fleksjob.core.stats.suppression import publish, suppression_mask, suppression_pattern
from fleksjob.core.synth import generate
from tests.core.stats.disclosure import derived_on_hidden, owner_problems, table_problems

DERIVED = {"flag": "high95", "label": "worse", "rank": 3, "shrunk_rate": 0.2, "lower95": 0.1}


def _problems(table: pd.DataFrame, hx, hn, region_of, owners_in=None) -> list[str]:
    """Problems for any reader, and for the staff of each municipality (who know its counts)
    in the months ``owners_in`` (every month by default; that check is the slow one)."""
    catalogue = load_indicators()
    kinds = {i.id: i.is_proportion for i in catalogue.values()}
    table = table.assign(hx=hx, hn=hn)
    found = []
    for (ind, period), t in table.groupby(["indicator", "period"], sort=False):
        # A count per capacity: the numerator is the count (the capacity is no one's count),
        # so it is checked as a mean's denominator is.
        count = t["numerator"] if catalogue[ind].is_per_capacity else t["denominator"]
        args = (
            t["unit_level"].tolist(),
            t["unit_id"].tolist(),
            t["numerator"],
            count,
            t["hx"],
            t["hn"],
            kinds[ind],
            region_of,
            f"{ind} {period}",
        )
        found += table_problems(*args)
        if owners_in is None or period in owners_in:
            found += owner_problems(*args)
    return found


def _shared(table: pd.DataFrame, hx, hn) -> list[str]:
    """Counts two indicators share (the files' same_counts) hidden in one and shown in the other."""
    table = table.assign(hx=hx, hn=hn).set_index(["unit_level", "unit_id", "period"])
    part = {"numerator": "hx", "complement": "hx", "denominator": "hn"}
    catalogue = load_indicators()

    def flag(ind, which):  # a count per capacity's row is shown or hidden whole
        return "hx" if catalogue[ind].is_per_capacity else part[which]

    found = []
    for ind in catalogue.values():
        for mine, other, theirs in ind.same_counts:
            a = table.loc[table["indicator"] == ind.id, flag(ind.id, mine)]
            b = table.loc[table["indicator"] == other, flag(other, theirs)]
            if a.empty or b.empty:
                continue
            a, b = a.align(b, join="inner")
            found += [f"{ind.id}.{mine} ≠ {other}.{theirs} at {k}" for k in a.index[a != b]]
    return found


@st.composite
def tables(draw):
    """Municipalities in regions (and some in none), for up to two months: a share, a ratio
    and a count per capacity sharing a count (ledighedsydelse), and a share and a mean sharing
    their denominator, with small counts made likely; with the region and country totals."""
    n_regions = draw(st.integers(1, 4))
    sizes = [draw(st.integers(1, 5)) for _ in range(n_regions)]
    region_of = {f"m{r}{k}": f"R{r}" for r in range(n_regions) for k in range(sizes[r])}
    loose = [f"x{k}" for k in range(draw(st.integers(0, 2)))]
    munis = [*region_of, *loose]
    count = st.integers(0, 30) | st.integers(0, 6)
    rows = []
    for period in range(draw(st.integers(1, 2))):
        for m in munis:
            on, active = sorted([draw(count), draw(count)])
            under, jobs = sorted([draw(count), draw(count)])
            fte = draw(st.floats(0, 5, allow_nan=False))
            hours = draw(st.floats(0, 37, allow_nan=False)) * jobs
            for ind, x, n in (
                ("ledighedsydelse_share", on, active),
                ("consultants_per_100_ledighedsydelse", fte, on),
                ("ledighedsydelse_per_consultant", on, fte),
                ("share_under_10_hours", under, jobs),
                ("avg_weekly_hours", hours, jobs),
            ):
                rows.append(("municipality", m, period, ind, float(x), float(n)))
    frame = pd.DataFrame(
        rows, columns=["unit_level", "unit_id", "period", "indicator", "numerator", "denominator"]
    )
    # The totals as the engine writes them.
    munis = frame.assign(region=frame["unit_id"].map(region_of))
    key = ["period", "indicator"]
    region = munis.dropna(subset=["region"]).groupby([*key, "region"], as_index=False)
    region = region[["numerator", "denominator"]].sum().rename(columns={"region": "unit_id"})
    country = munis.groupby(key, as_index=False)[["numerator", "denominator"]].sum()
    totals = [
        region.assign(unit_level="region"),
        country.assign(unit_level="country", unit_id="DK"),
    ]
    return pd.concat([frame, *totals], ignore_index=True), region_of


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=tables())
def test_no_hidden_count_comes_back_from_any_table(drawn):
    table, region_of = drawn
    hx, hn = suppression_pattern(table, region_of=region_of)
    assert not _problems(table, hx, hn, region_of)
    assert not _shared(table, hx, hn)
    # Without its total rows a table is protected as if they were published (the code adds
    # them): the municipalities get the same pattern.
    munis = (table["unit_level"] == "municipality").to_numpy()
    alone = suppression_pattern(table[munis], region_of=region_of)
    assert (alone[0] == hx[munis]).all() and (alone[1] == hn[munis]).all()
    # Nothing is hidden without a cause: a month whose five tables hold no small count (and so
    # no count to protect) shows everything.
    kinds = {i.id: i.is_proportion for i in load_indicators().values()}
    per_capacity = table["indicator"].map(
        {i.id: i.is_per_capacity for i in load_indicators().values()}
    )
    counts = table["denominator"].where(~per_capacity, table["numerator"])  # the count
    px, _ = suppression_mask(
        table["numerator"], counts, share=table["indicator"].map(kinds).to_numpy()
    )
    for period in table["period"].unique():
        month = (table["period"] == period).to_numpy()
        if not px[month].any():
            assert not hx[month].any() and not hn[month].any()
    # And the gate blanks whatever was derived from a hidden row.
    published = publish(table.assign(**DERIVED), region_of=region_of)
    assert (published["suppressed"].to_numpy() == (hx | hn)).all()
    assert not derived_on_hidden(published.to_dict("records"))
    assert published.loc[hn, "denominator"].isna().all()
    assert published.loc[~hn, "denominator"].notna().all()


@pytest.mark.slow
@settings(max_examples=100, deadline=None)
@given(
    x=st.lists(st.integers(0, 60), min_size=2, max_size=25),
    spread=st.integers(0, 40),
)
def test_compare_derives_nothing_from_a_hidden_unit(x, spread):
    # A comparison on municipalities alone (no region map): the country's total is protected.
    n = [v + (v * 7 + spread) % 41 for v in x]
    rows = pd.DataFrame(
        {"unit_id": [f"u{i}" for i in range(len(x))], "numerator": x, "denominator": n}
    )
    table, summary = compare(rows, "ledighedsydelse_share")
    records = table.to_dict("records")
    assert not derived_on_hidden(records)
    hidden = table["suppressed"].to_numpy()
    total_x, total_n = suppression_mask([sum(x)], [sum(n)])  # the country's own rule
    problems = table_problems(
        ["municipality"] * len(x) + ["country"],
        [*rows["unit_id"], "DK"],
        [*x, sum(x)],
        [*n, sum(n)],
        [*hidden, *total_x],
        [*table["denominator"].isna(), *total_n],
        True,
        {},
    )
    assert not problems
    # The fit saw the published units only: its target is their pooled rate.
    shown = ~hidden
    if shown.sum() >= 2:
        target = np.sum(np.array(x)[shown]) / np.sum(np.array(n)[shown])
        assert summary["target"] == pytest.approx(target)
        assert sorted(table.loc[shown, "rank"]) == sorted(
            table.loc[shown, "rank"].rank(method="min").astype(int)
        )


@pytest.fixture(scope="module")
def engine_output():
    tables = tables_from_synth(generate("tiny", 3, dt.date(2026, 11, 23)))
    long = compute_indicators(connect(tables), dt.date(2024, 1, 1), dt.date(2025, 12, 1))
    regions = tables["municipalities"]
    region_of = dict(zip(regions["municipality_id"], regions["region_id"], strict=True))
    return long, region_of


def test_every_indicator_and_month_of_the_engine_is_protected(engine_output):
    long, region_of = engine_output
    assert set(long["indicator"]) == set(load_indicators())  # every indicator the engine has
    hx, hn = suppression_pattern(long, region_of=region_of)
    assert hx.any() and (~hx).any()
    # Against the staff of each municipality in three months here; in nine in the slow test.
    months = sorted(set(long["period"]))
    assert not _problems(long, hx, hn, region_of, owners_in={*months[:2], months[-1]})
    assert not _shared(long, hx, hn)


@pytest.mark.slow
def test_no_municipality_recovers_another_in_the_engines_months(engine_output):
    # Every third month and the last (nine of the 24; with a dozen indicators every month took
    # five minutes of CI, and the months are alike in shape, not in their small counts).
    long, region_of = engine_output
    hx, hn = suppression_pattern(long, region_of=region_of)
    months = sorted(set(long["period"]))
    assert not _problems(long, hx, hn, region_of, owners_in={*months[::3], months[-1]})


def test_every_count_two_indicators_share_is_declared(engine_output):
    # A count that appears in two indicators must be declared (same_counts), or suppression
    # could hide it in one and show it in the other. Found by comparing the engine's columns.
    long, _ = engine_output
    munis = long[long["unit_level"] == "municipality"].set_index(["unit_id", "period"])
    columns = {}
    for ind in load_indicators().values():
        rows = munis[munis["indicator"] == ind.id].sort_index()
        counts = {
            "numerator": rows["numerator"],
            "denominator": rows["denominator"],
            "complement": rows["denominator"] - rows["numerator"],
        }
        for part in ind.count_parts:
            columns[(ind.id, part)] = counts[part]
    # Declared links are followed through (a = b and b = c links a and c): suppression applies
    # them until nothing changes.
    group = {}
    for ind in load_indicators().values():
        for mine, other, theirs in ind.same_counts:
            a, b = (ind.id, mine), (other, theirs)
            joined = group.get(a, {a}) | group.get(b, {b})
            for member in joined:
                group[member] = joined
    declared = {
        frozenset({a, b}) for members in group.values() for a in members for b in members if a != b
    }
    found = {
        frozenset({a, b})
        for (a, ca), (b, cb) in itertools.combinations(columns.items(), 2)
        if a[0] != b[0] and ca.any() and ca.to_numpy().tolist() == cb.to_numpy().tolist()
    }
    assert found == declared
