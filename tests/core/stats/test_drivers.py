"""Indicators broken down by who holds the cases: the holders add up to the municipality, and
the headline share per holder matches a plain pandas count."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from fleksjob.core.stats.drivers import TOTAL, by_holder, case_indicators
from fleksjob.core.stats.engine import compute_indicators
from fleksjob.core.stats.from_synth import tables_from_synth
from fleksjob.core.synth import generate

MONTH = dt.date(2025, 6, 1)


@pytest.fixture(scope="module")
def one_municipality():
    tables = tables_from_synth(generate("tiny", 3, dt.date(2026, 11, 23)))
    code = tables["citizens"]["municipality_id"].value_counts().index[0]
    ids = set(tables["citizens"].loc[tables["citizens"]["municipality_id"] == code, "citizen_id"])
    mine = {
        name: frame[frame["citizen_id"].isin(ids)] if "citizen_id" in frame else frame
        for name, frame in tables.items()
    }
    jobs = set(mine["employments"]["employment_id"])
    mine["hours"] = tables["hours"][tables["hours"]["employment_id"].isin(jobs)]
    holder = {int(a): ("a", "b", "")[a % 3] for a in mine["approvals"]["approval_id"]}
    return tables, mine, code, holder


def test_case_indicators_leave_out_employers_and_staffing():
    chosen = case_indicators()
    assert "ledighedsydelse_share" in chosen and "share_under_10_hours" in chosen
    assert "employer_contact_12m" not in chosen
    assert "consultants_per_100_ledighedsydelse" not in chosen


def test_holders_add_up_to_the_municipality(one_municipality):
    tables, mine, code, holder = one_municipality
    got = by_holder(mine, holder, MONTH, MONTH)
    whole = compute_indicators(tables, MONTH, MONTH, case_indicators(), levels=("municipality",))
    whole = whole[whole["unit_id"] == code].set_index("indicator")
    for indicator, rows in got.groupby("indicator"):
        parts = rows[rows["unit_id"] != TOTAL]
        total = rows[rows["unit_id"] == TOTAL].iloc[0]
        assert set(parts["unit_id"]) == {"a", "b", ""}
        for column in ("numerator", "denominator"):
            assert parts[column].sum() == pytest.approx(total[column]), (indicator, column)
            assert total[column] == pytest.approx(whole.at[indicator, column]), indicator


def test_headline_share_per_holder_matches_pandas(one_municipality):
    _, mine, _, holder = one_municipality
    got = by_holder(mine, holder, MONTH, MONTH, ["ledighedsydelse_share"]).set_index("unit_id")
    end = pd.Timestamp("2025-06-30")
    appr = mine["approvals"].copy()
    ended = pd.to_datetime(appr["ended_on"])
    active = (pd.to_datetime(appr["visitation_date"]) <= end) & (ended.isna() | (ended > end))
    appr = appr[active]
    spells = mine["ledighedsydelse"]
    on = spells[
        (pd.to_datetime(spells["start"]) <= end)
        & (pd.to_datetime(spells["end"]).isna() | (pd.to_datetime(spells["end"]) >= end))
        & spells["approval_id"].isin(appr["approval_id"])
    ]
    for key in ("a", "b", ""):
        cases = appr[appr["approval_id"].map(holder) == key]
        assert got.at[key, "denominator"] == len(cases)
        assert got.at[key, "numerator"] == on["approval_id"].isin(cases["approval_id"]).sum()
