"""The indicators engine: against the independent pandas recomputation on seeded synthetic
data, on hand-made event tables with known answers, and the indicator files themselves."""

from __future__ import annotations

import datetime as dt
import json
from importlib.resources import files

import numpy as np
import pandas as pd
import pytest

from fleksjob.core.stats.engine import compute_indicators
from fleksjob.core.stats.from_synth import tables_from_synth
from fleksjob.core.stats.indicators import DIRECTIONS, load_indicators
from fleksjob.core.stats.schemas import TABLES, SchemaError, conform
from fleksjob.core.synth import generate

from .pandas_indicators import recompute

ISSUE_INDICATORS = {
    "ledighedsydelse_share",
    "ledighedsydelse_before_first_fleksjob",
    "first_fleksjob_within_12m",
    "avg_weekly_hours",
    "share_under_10_hours",
    "hours_rose_12m",
    "jobsamtaler_first_6m",
    "employer_contact_12m",
    "consultants_per_100_ledighedsydelse",
    # issue 16: active offers and consultant capacity
    "ledighedsydelse_in_active_offer",
    "ledighedsydelse_per_consultant",
    "employer_contacts_per_consultant",
    # issue 15: satisfaction surveys
    "citizen_satisfied_share",
    "citizen_survey_response_rate",
    "employer_satisfied_share",
    "employer_survey_response_rate",
}


@pytest.fixture(scope="module")
def synth_tables():
    return tables_from_synth(generate("tiny", 7, dt.date(2026, 11, 23)))


@pytest.mark.slow
def test_engine_matches_pandas_recomputation(synth_tables):
    first, last = dt.date(2006, 1, 1), dt.date(2026, 10, 1)
    out = compute_indicators(synth_tables, first, last)
    ref = recompute(synth_tables, first, last, every=7)
    assert len(ref) == len(ISSUE_INDICATORS) * 98 * len(range(0, 250, 7))
    muni = out[out["unit_level"] == "municipality"]
    merged = ref.merge(
        muni,
        left_on=["indicator", "municipality_id", "period"],
        right_on=["indicator", "unit_id", "period"],
        suffixes=("_ref", ""),
        validate="one_to_one",
    )
    assert len(merged) == len(ref)
    for ind, g in merged.groupby("indicator"):
        assert g["denominator_ref"].sum() > 0 and g["numerator_ref"].sum() > 0, ind
        np.testing.assert_allclose(g["numerator"], g["numerator_ref"], atol=1e-9, err_msg=ind)
        np.testing.assert_allclose(g["denominator"], g["denominator_ref"], atol=1e-9, err_msg=ind)
    # Regions and the country are the sums of their municipalities.
    region_of = synth_tables["municipalities"].set_index("municipality_id")["region_id"]
    ref["region_id"] = ref["municipality_id"].map(region_of)
    by_region = ref.groupby(["indicator", "region_id", "period"])[
        ["numerator", "denominator"]
    ].sum()
    regions = out[out["unit_level"] == "region"].rename(columns={"unit_id": "region_id"})
    regions = regions.set_index(["indicator", "region_id", "period"])
    joined = by_region.join(regions, suffixes=("", "_engine"), how="inner")
    assert len(joined) == len(by_region)
    np.testing.assert_allclose(joined["numerator_engine"], joined["numerator"], atol=1e-8)
    np.testing.assert_allclose(joined["denominator_engine"], joined["denominator"], atol=1e-8)
    country = out[out["unit_level"] == "country"].set_index(["indicator", "period"])
    by_country = ref.groupby(["indicator", "period"])[["numerator", "denominator"]].sum()
    joined = by_country.join(country, suffixes=("", "_engine"), how="inner")
    assert len(joined) == len(by_country)
    np.testing.assert_allclose(joined["numerator_engine"], joined["numerator"], atol=1e-8)
    np.testing.assert_allclose(joined["denominator_engine"], joined["denominator"], atol=1e-8)


def test_output_shape_and_values(synth_tables):
    out = compute_indicators(synth_tables, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert " ".join(out.columns) == (
        "unit_level unit_id unit_name period indicator numerator denominator value"
    )
    assert set(out["indicator"]) == ISSUE_INDICATORS
    assert out.groupby("unit_level")["unit_id"].nunique().to_dict() == {
        "municipality": 98,
        "region": 5,
        "country": 1,
    }
    assert out["period"].min() == dt.date(2024, 1, 1) and out["period"].nunique() == 12
    inds = load_indicators()
    mult = out["indicator"].map({k: v.multiplier for k, v in inds.items()})
    has = out["denominator"] > 0
    np.testing.assert_allclose(
        out.loc[has, "value"], mult[has] * out.loc[has, "numerator"] / out.loc[has, "denominator"]
    )
    assert out.loc[~has, "value"].isna().all()
    props = out[out["indicator"].map(lambda i: inds[i].is_proportion)]
    assert (props["numerator"] <= props["denominator"]).all()


def _hand_tables() -> dict[str, pd.DataFrame]:
    d = dt.date
    return {
        "municipalities": pd.DataFrame(
            {
                "municipality_id": ["101", "147"],
                "name": ["A", "B"],
                "region_id": ["1084", "1084"],
                "region": ["H", "H"],
            }
        ),
        "citizens": pd.DataFrame(
            {
                "citizen_id": [1, 2, 3],
                "municipality_id": ["101", "101", "147"],
                "birth_date": [d(1970, 1, 1)] * 3,
                "sex": ["F", "M", "F"],
                "education": ["primary"] * 3,
            }
        ),
        # Citizen 2's approval ends on 1 March: approved on 28 Feb (last day), not on 31 March.
        "approvals": pd.DataFrame(
            {
                "approval_id": [10, 20, 30],
                "citizen_id": [1, 2, 3],
                "visitation_date": [d(2024, 1, 15), d(2024, 1, 31), d(2024, 2, 1)],
                "ended_on": [None, d(2024, 3, 1), None],
            }
        ),
        # Citizen 1: ledighedsydelse 15 Jan to 29 April, so not on the last day of April.
        # Citizen 3: 1 Feb to 28 Feb: on ledighedsydelse at the end of February only.
        "ledighedsydelse": pd.DataFrame(
            {
                "spell_id": [1, 2],
                "citizen_id": [1, 3],
                "approval_id": [10, 30],
                "start": [d(2024, 1, 15), d(2024, 2, 1)],
                "end": [d(2024, 4, 29), d(2024, 2, 29)],
            }
        ),
        "employments": pd.DataFrame(
            {
                "employment_id": [100],
                "citizen_id": [1],
                "approval_id": [10],
                "employer_id": [7],
                "kind": ["fleksjob"],
                "start": [d(2024, 4, 30)],
                "end": [None],
            }
        ),
        "hours": pd.DataFrame(
            {
                "employment_id": [100, 100],
                "valid_from": [d(2024, 4, 30), d(2024, 6, 1)],
                "hours_per_week": [8.0, 12.5],
            }
        ),
        "meetings": pd.DataFrame(
            {
                "meeting_id": [1],
                "citizen_id": [1],
                "held_on": [d(2024, 2, 1)],
                "kind": ["jobsamtale"],
            }
        ),
        "employers": pd.DataFrame({"employer_id": [7], "municipality_id": ["147"]}),
        "contacts": pd.DataFrame(
            {"contact_id": [1], "employer_id": [7], "contacted_on": [d(2023, 6, 30)]}
        ),
        # Citizen 1: a practice 10 Jan (before the spell) to 31 Jan and a mentor 20 Jan to
        # 15 March at once (counted once), and guidance running from 1 April (spell ends 29th).
        "offers": pd.DataFrame(
            {
                "offer_id": [1, 2, 3],
                "citizen_id": [1, 1, 1],
                "approval_id": [10, 10, 10],
                "kind": ["practice", "mentor", "guidance"],
                "start": [d(2024, 1, 10), d(2024, 1, 20), d(2024, 4, 1)],
                "end": [d(2024, 1, 31), d(2024, 3, 15), None],
            }
        ),
        "staffing": pd.DataFrame(
            {"municipality_id": ["101"], "month": [d(2024, 2, 1)], "consultants_fte": [1.5]}
        ),
        # Three citizens invited in February 2024 in 101, two answered (one satisfied); an
        # employer invited in March who did not answer.
        "survey_invitations": pd.DataFrame(
            {
                "municipality_id": ["101", "101", "101", "101"],
                "audience": ["citizen", "citizen", "citizen", "employer"],
                "month": [d(2024, 2, 1), d(2024, 2, 1), d(2024, 2, 1), d(2024, 3, 1)],
            }
        ),
        "survey_answers": pd.DataFrame(
            {
                "municipality_id": ["101", "101"],
                "audience": ["citizen", "citizen"],
                "month": [d(2024, 2, 1), d(2024, 2, 1)],
                "satisfied": [1, 0],
            }
        ),
        "conditions": pd.DataFrame(
            {
                "municipality_id": ["101"],
                "month": [d(2024, 2, 1)],
                "unemployment_rate": [0.05],
                "share_age_50_plus": [0.4],
                "share_low_education": [0.2],
            }
        ),
    }


def test_hand_made_events_month_end_rules():
    out = compute_indicators(
        _hand_tables(), dt.date(2024, 1, 1), dt.date(2024, 7, 1), levels=("municipality",)
    )
    get = out.set_index(["indicator", "unit_id", "period"])

    def series(ind, unit, col):
        return [get.loc[(ind, unit, dt.date(2024, m, 1)), col] for m in range(1, 8)]

    # Approved: citizen 1 from January, citizen 2 on 31 Jan and 29 Feb only (ended 1 March).
    assert series("ledighedsydelse_share", "101", "denominator") == [2, 2, 1, 1, 1, 1, 1]
    # Citizen 1 on ledighedsydelse at the ends of Jan–Mar; 29 April is before 30 April.
    assert series("ledighedsydelse_share", "101", "numerator") == [1, 1, 1, 0, 0, 0, 0]
    assert series("ledighedsydelse_share", "147", "numerator") == [0, 1, 0, 0, 0, 0, 0]
    # Fleksjob from 30 April: 8 hours until June, then 12.5.
    assert series("avg_weekly_hours", "101", "numerator") == [0, 0, 0, 8, 8, 12.5, 12.5]
    assert series("share_under_10_hours", "101", "numerator") == [0, 0, 0, 1, 1, 0, 0]
    # The employer (in 147) was contacted in June 2023: within 12 months up to May 2024.
    assert series("employer_contact_12m", "147", "denominator") == [0, 0, 0, 1, 1, 1, 1]
    assert series("employer_contact_12m", "147", "numerator") == [0, 0, 0, 1, 1, 0, 0]
    # First fleksjob 30 April after ledighedsydelse from January: counted for 12 months.
    assert series("ledighedsydelse_before_first_fleksjob", "101", "numerator") == [
        0,
        0,
        0,
        1,
        1,
        1,
        1,
    ]
    assert (
        get.loc[("consultants_per_100_ledighedsydelse", "101", dt.date(2024, 2, 1)), "value"]
        == 150.0
    )
    # In an offer on the last day while on ledighedsydelse: January (two offers, once) and
    # February; not March (the mentor ended 15 March) nor April (the spell ended 29 April).
    assert series("ledighedsydelse_in_active_offer", "101", "numerator") == [1, 1, 0, 0, 0, 0, 0]
    assert series("ledighedsydelse_in_active_offer", "101", "denominator") == [1, 1, 1, 0, 0, 0, 0]
    # One citizen on ledighedsydelse per 1.5 consultants in February; no capacity otherwise.
    per = get.loc[("ledighedsydelse_per_consultant", "101", dt.date(2024, 2, 1))]
    assert (per["numerator"], per["denominator"]) == (1, 1.5)
    assert series("ledighedsydelse_per_consultant", "101", "denominator") == [0, 1.5, 0, 0, 0, 0, 0]
    assert series("employer_contacts_per_consultant", "147", "numerator") == [0] * 7
    # Surveys by the month the invitation was sent: February's two answers of three, one
    # satisfied; the employer's March invitation unanswered.
    assert series("citizen_satisfied_share", "101", "numerator") == [0, 1, 0, 0, 0, 0, 0]
    assert series("citizen_satisfied_share", "101", "denominator") == [0, 2, 0, 0, 0, 0, 0]
    assert series("citizen_survey_response_rate", "101", "numerator") == [0, 2, 0, 0, 0, 0, 0]
    assert series("citizen_survey_response_rate", "101", "denominator") == [0, 3, 0, 0, 0, 0, 0]
    assert series("employer_survey_response_rate", "101", "denominator") == [0, 0, 1, 0, 0, 0, 0]
    assert series("employer_satisfied_share", "101", "denominator") == [0] * 7


def test_indicator_files_are_complete():
    inds = load_indicators()
    assert set(inds) >= ISSUE_INDICATORS
    for ind in inds.values():
        assert ind.direction in DIRECTIONS
        assert ind.title["da"] and ind.title["en"] and ind.why_it_matters["da"]
        assert ind.next_review_on > ind.authored_on
    raw = json.loads(
        files("fleksjob.core.stats.indicators").joinpath("ledighedsydelse_share.json").read_text()
    )
    assert raw["direction"] == "low_is_good" and raw["unit"] == "share"


def test_schema_errors_name_table_and_column():
    tables = _hand_tables()
    with pytest.raises(SchemaError, match="'hours' is missing"):
        conform({k: v for k, v in tables.items() if k != "hours"})
    broken = dict(tables, citizens=tables["citizens"].drop(columns="sex"))
    with pytest.raises(SchemaError, match="table citizens: missing column"):
        conform(broken)
    broken = dict(
        tables,
        approvals=tables["approvals"].assign(visitation_date=[None, dt.date(2024, 1, 1), None]),
    )
    with pytest.raises(SchemaError, match="table approvals, row 1, column visitation_date: empty"):
        conform(broken)
    spells = tables["ledighedsydelse"].assign(end=[dt.date(2024, 1, 1), None])
    with pytest.raises(SchemaError, match="table ledighedsydelse, row 1, column end: before start"):
        conform(dict(tables, ledighedsydelse=spells))
    hours = pd.concat([tables["hours"], tables["hours"].iloc[[1]]])
    with pytest.raises(SchemaError, match="table hours, row 3, column valid_from"):
        conform(dict(tables, hours=hours))
    assert set(conform(tables)) == set(TABLES)


def test_unknown_indicator_and_bad_range():
    with pytest.raises(ValueError, match="unknown indicator"):
        compute_indicators(_hand_tables(), dt.date(2024, 1, 1), dt.date(2024, 2, 1), ["nope"])
    with pytest.raises(ValueError, match="after"):
        compute_indicators(_hand_tables(), dt.date(2024, 3, 1), dt.date(2024, 2, 1))


@pytest.mark.slow
def test_engine_matches_pandas_at_municipality_scale():
    tables = tables_from_synth(generate("municipality", 11, dt.date(2026, 11, 23)))
    first, last = dt.date(2007, 3, 1), dt.date(2026, 10, 1)
    out = compute_indicators(tables, first, last, levels=("municipality",))
    ref = recompute(tables, first, last, every=19)
    merged = ref.merge(
        out,
        left_on=["indicator", "municipality_id", "period"],
        right_on=["indicator", "unit_id", "period"],
        suffixes=("_ref", ""),
        validate="one_to_one",
    )
    assert len(merged) == len(ref) > 0
    np.testing.assert_allclose(merged["numerator"], merged["numerator_ref"], atol=1e-8)
    np.testing.assert_allclose(merged["denominator"], merged["denominator_ref"], atol=1e-8)
