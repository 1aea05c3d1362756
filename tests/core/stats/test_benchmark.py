"""One indicator, one period: the comparison table for the pages, citizen-level extracts."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from fleksjob.core.stats.benchmark import compare, framework_peers, trend
from fleksjob.core.stats.citizen_level import case_mix, time_to_first_fleksjob
from fleksjob.core.stats.engine import compute_indicators, connect
from fleksjob.core.stats.from_synth import tables_from_synth
from fleksjob.core.stats.suppression import publish
from fleksjob.core.synth import generate

AS_OF = dt.date(2025, 6, 30)


@pytest.fixture(scope="module")
def tables():
    return tables_from_synth(generate("tiny", 3, dt.date(2026, 11, 23)))


@pytest.fixture(scope="module")
def con(tables):
    return connect(tables)


def _units(n_units=30, seed=2):
    rng = np.random.default_rng(seed)
    n = rng.integers(3, 400, n_units).astype(float)
    x = rng.binomial(n.astype(int), np.clip(rng.normal(0.3, 0.1, n_units), 0, 1)).astype(float)
    n[:2], x[:2] = (8, 40), (2, 37)  # a small count, and a small complement
    return pd.DataFrame(
        {"unit_id": [f"u{i}" for i in range(n_units)], "numerator": x, "denominator": n}
    )


def test_compare_table():
    rows = _units()
    table, summary = compare(rows, "ledighedsydelse_share", overdispersion="none")
    visible = ~table["suppressed"]
    x, n = rows["numerator"][visible], rows["denominator"][visible]
    lo, hi = proportion_confint(x, n, method="wilson")
    np.testing.assert_allclose(table.loc[visible, "wilson_lower95"], lo, atol=1e-12)
    np.testing.assert_allclose(table.loc[visible, "wilson_upper95"], hi, atol=1e-12)
    # low is good for this indicator: high flags are worse, low flags better.
    high = table["flag"].isin(["high95", "high998"])
    low = table["flag"].isin(["low95", "low998"])
    assert (table.loc[high, "label"] == "worse").all() and (
        table.loc[low, "label"] == "better"
    ).all()
    assert high.any() and low.any()
    # Fitted on the published units only: the two small ones are hidden, and a third, since
    # the staff of either know their own count and would otherwise subtract the other from
    # the country total.
    assert summary["n_units"] == visible.sum() == 27 and summary["phi"] > 1
    # Suppressed: any count below 5, or its complement; nothing that gives the count back.
    small = (rows["numerator"] < 5) | (rows["denominator"] - rows["numerator"] < 5)
    assert (table["suppressed"] | ~small).all() and small.sum() == 2
    third = table["suppressed"] & ~small
    assert third.sum() == 1
    # The smallest other numerator (the cheapest cell to hide) was taken.
    assert rows.loc[third, "numerator"].iloc[0] == rows.loc[~small, "numerator"].min()
    hidden = table[table["suppressed"]]
    assert hidden[["numerator", "value", "shrunk_rate", "z", "lower95"]].isna().all().all()
    assert hidden[["rank", "flag", "label"]].isna().all().all()
    assert sorted(table.loc[visible, "rank"]) == list(range(1, 28))  # no gap for a hidden one
    shown = table[visible]
    assert (shown["rank_lower"] <= shown["rank"]).all() and (
        shown["rank"] <= shown["rank_upper"]
    ).all()


def test_compare_mean_indicator_is_not_compared():
    rows = _units()
    rows["numerator"] = rows["denominator"] * 14.5  # hours
    table, _ = compare(rows, "avg_weekly_hours")
    assert (table["label"] == "not_compared").all()
    np.testing.assert_allclose(table["value"].dropna(), 14.5)


def test_trend_and_publishable(con):
    long = compute_indicators(
        con, dt.date(2020, 1, 1), dt.date(2025, 12, 1), ["ledighedsydelse_share"]
    )
    country = long[long["unit_level"] == "country"]
    chart = trend(country)
    assert len(chart.rate) == 72
    assert chart.centre == pytest.approx(country["numerator"].sum() / country["denominator"].sum())
    pub = publish(long)
    small = (long["numerator"] < 5) | (long["denominator"] - long["numerator"] < 5)
    hours = compute_indicators(con, dt.date(2025, 1, 1), dt.date(2025, 6, 1), ["avg_weekly_hours"])
    # For a mean only the denominator counts people (one region per municipality: no
    # secondary suppression in the way).
    alone = {u: u for u in hours["unit_id"]}
    hidden = publish(hours, region_of=alone)["suppressed"]
    assert hidden.any() and (hidden >= (hours["denominator"] < 5)).all()
    assert (publish(hours)["suppressed"] >= hidden).all()
    assert (pub["suppressed"] | ~small).all()  # every small cell is hidden (maybe more)
    assert pub.loc[pub["suppressed"], "numerator"].isna().all()


def test_secondary_suppression_protects_region_differences():
    # Region 1: one small municipality; the region total minus the others would reveal it.
    region_of = {"a": "R1", "b": "R1", "c": "R1", "d": "R2", "e": "R2"}
    x = [2.0, 30.0, 7.0, 50.0, 60.0]
    n = [40.0, 90.0, 60.0, 100.0, 100.0]
    long = pd.DataFrame(
        {
            "unit_level": "municipality",
            "unit_id": list("abcde"),
            "unit_name": list("abcde"),
            "period": dt.date(2025, 1, 1),
            "indicator": "ledighedsydelse_share",
            "numerator": x,
            "denominator": n,
            "value": np.divide(x, n),
        }
    )
    pub = publish(long, region_of=region_of)
    # c (7, the next smallest) is hidden too, so R1 minus b gives 9 = 2 + 7, not 2; and b as
    # well, since a's own staff know a = 2 and R1 − a − b would give them c. Now R1 − a is
    # b + c = 37 (two cells); R1 = R2's complement in the country adds nothing new.
    assert pub["suppressed"].tolist() == [True, True, True, False, False]
    assert pub["denominator"].notna().all()
    for region in ("R1", "R2"):
        mine = long["unit_id"].map(region_of) == region
        hidden = mine & pub["suppressed"]
        assert (
            long.loc[hidden, "numerator"].sum() in (0,) or long.loc[hidden, "numerator"].sum() >= 5
        )


def test_framework_peers(tables):
    peers = framework_peers(tables["conditions"], dt.date(2025, 6, 1))
    assert len(peers) == 98 and all(len(p) == 5 and u not in p for u, p in peers.items())


def test_time_to_first_fleksjob_matches_pandas(tables, con):
    got = time_to_first_fleksjob(con, AS_OF, dt.date(2022, 1, 1), dt.date(2023, 12, 31))
    # Independent: plain pandas over the event tables.
    appr = tables["approvals"].merge(tables["citizens"], on="citizen_id")
    appr = appr[
        (pd.to_datetime(appr["visitation_date"]) >= "2022-01-01")
        & (pd.to_datetime(appr["visitation_date"]) <= "2023-12-31")
    ].sort_values("approval_id")
    jobs = tables["employments"]
    first = jobs[jobs["kind"] == "fleksjob"].groupby("approval_id")["start"].min()
    start = pd.to_datetime(appr["visitation_date"])
    stop = (
        pd.to_datetime(appr["ended_on"]).fillna(pd.Timestamp(AS_OF)).clip(upper=pd.Timestamp(AS_OF))
    )
    job = pd.to_datetime(appr["approval_id"].map(first))
    event = job.notna() & (job <= stop)
    end = job.where(event, stop)
    months = (end - start).dt.days / (365.25 / 12)
    assert got["event"].tolist() == event.astype(int).tolist()
    np.testing.assert_allclose(got["time"], months.to_numpy())
    assert got["unit"].tolist() == appr["municipality_id"].tolist()
    assert 0 < got["event"].mean() < 1


def test_case_mix_agrees_with_indicator(con):
    mix = case_mix(con, AS_OF)
    assert not mix.isna().any().any()
    assert set(mix.columns) == {
        "unit",
        "outcome",
        "age",
        "sex",
        "education",
        "years_since_approval",
        "unemployment_rate",
    }
    long = compute_indicators(
        con, AS_OF, AS_OF, ["ledighedsydelse_share"], levels=("municipality",)
    )
    per = mix.groupby("unit")["outcome"].agg(["sum", "size"])
    merged = long.set_index("unit_id").join(per, how="left").fillna(0)
    np.testing.assert_array_equal(merged["numerator"], merged["sum"])
    np.testing.assert_array_equal(merged["denominator"], merged["size"])


def test_first_fleksjob_survival_levels(con):
    from fleksjob.core.stats.citizen_level import first_fleksjob_survival

    out = first_fleksjob_survival(con, AS_OF, dt.date(2021, 1, 1), dt.date(2022, 12, 31))
    levels = out.groupby("unit_level")["n"].sum()
    assert levels["municipality"] == levels["region"] == levels["country"]
    dk = out[out["unit_level"] == "country"].iloc[0]
    spells = time_to_first_fleksjob(con, AS_OF, dt.date(2021, 1, 1), dt.date(2022, 12, 31))
    # No approval in these cohorts is censored before 12 months unless it ended: the share
    # within 12 months is at least the crude share with an event by 12 months.
    crude = ((spells["event"] == 1) & (spells["time"] <= 12)).mean()
    assert dk["share_within"] >= crude - 1e-12
    assert pd.isna(dk["km_median"]) or dk["km_median"] > 0


def test_a_count_per_capacity_is_hidden_by_its_count_not_its_capacity():
    """København's 4.5 consultants are no count of anyone: the row is shown when the people
    on ledighedsydelse are many, and hidden when they are few, whatever the capacity."""
    rows = pd.DataFrame(
        {
            "unit_id": ["101", "147", "151", "153", "155"],
            "numerator": [400.0, 3.0, 60.0, 70.0, 80.0],
            "denominator": [4.5, 2.0, 30.0, 40.0, 50.0],
        }
    )
    table, _ = compare(rows, "ledighedsydelse_per_consultant")
    shown = table.set_index("unit_id")
    assert not shown.loc["101", "suppressed"]
    assert shown.loc["101", "value"] == pytest.approx(400 / 4.5)
    assert shown.loc["147", "suppressed"] and pd.isna(shown.loc["147", "value"])
    # A mean's rule would have hidden the small capacity instead.
    as_mean, _ = compare(rows.assign(indicator="avg_weekly_hours"), "avg_weekly_hours")
    assert as_mean.set_index("unit_id").loc["101", "suppressed"]
