"""The scenario's inputs: flows counted from a hand-made history, the pool file, and the lever
effect's regression against statsmodels."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest

from fleksjob.core.errors import InputError
from fleksjob.core.scenario import (
    JobRow,
    NoEstimate,
    SpellRow,
    UnitRow,
    estimate_effect,
    estimate_history,
    parse_pool,
    read_pool,
)
from fleksjob.core.scenario.effects import CONDITIONS, fit_quasi_poisson
from fleksjob.core.scenario.history import DAYS_PER_MONTH, refusion_weeks

D = dt.date
AS_OF = D(2025, 1, 1)  # window: 1 January 2022 to 31 December 2024


def test_the_refusion_clock_of_the_stock_by_the_rules_engine():
    # continuous for years: the cap; a long pause restarts the count
    assert refusion_weeks([(D(2015, 1, 1), None)], AS_OF) == 60
    assert refusion_weeks([(D(2015, 1, 1), D(2022, 12, 31)), (D(2024, 12, 2), None)], AS_OF) == 5
    # a pause shorter than 52 weeks does not (the shortcut does not apply: the clock runs)
    assert refusion_weeks([(D(2024, 1, 1), D(2024, 2, 4)), (D(2024, 11, 4), None)], AS_OF) == 5 + 9
    # a fleksjob then ledighedsydelse: both are ydelser, one period
    assert refusion_weeks([(D(2024, 6, 3), D(2024, 8, 31)), (D(2024, 9, 1), None)], AS_OF) == 31
    assert refusion_weeks([], AS_OF) == 0


def test_flows_counted_by_hand():
    spells = [
        SpellRow(1, D(2021, 6, 1), D(2022, 12, 31), True),  # → fleksjob 1 Jan 2023
        SpellRow(2, D(2023, 1, 1), None, False),  # new inflow, on ledighedsydelse at the end
        SpellRow(3, D(2022, 3, 1), D(2022, 5, 31), True),  # leaves the scheme
        SpellRow(3, D(2024, 2, 1), D(2024, 2, 29), True),  # ...comes back (inflow) and goes
        SpellRow(3, D(2024, 3, 10), None, True),  # split spell: neither an exit nor an inflow
        SpellRow(4, D(2023, 7, 1), D(2023, 12, 31), True),  # after a lost fleksjob; then out
    ]
    jobs = [
        JobRow(1, D(2023, 1, 1), D(2023, 6, 30), 200, 10),  # → another job: job to job
        JobRow(1, D(2023, 7, 15), None, 210, 12),  # in a fleksjob at the end
        JobRow(4, D(2020, 1, 1), D(2023, 6, 30), 180, 15),  # lost → ledighedsydelse
        JobRow(5, D(2024, 5, 1), D(2024, 8, 31), 190, 20),  # straight in, then out
    ]
    h = estimate_history(spells, jobs, AS_OF)
    # citizen 3: 87 weeks of self-support from June 2022 restarted the clock (§ 6), so from the
    # week of Monday 29 January 2024 to the week of Monday 30 December 2024: 49 weeks; citizen 2
    # since 1 January 2023: 106 weeks, capped at 60
    assert h.stock_u == (49, 60)
    assert h.stock_f == (60,)
    assert (h.u_to_f.events, h.u_exit.events) == (1, 2)  # 1; 3 (May 2022), 4 (Dec 2023)
    assert (h.f_to_u.events, h.f_exit.events) == (1, 1)  # 4; 5
    assert (h.inflow_u.events, h.inflow_f.events) == (3, 1)  # 3 twice, 2; 5
    assert h.inflow_u.exposure == 36
    u_days = 365 + 731 + 92 + 29 + (D(2025, 1, 1) - D(2024, 3, 10)).days + 184
    assert h.u_to_f.exposure == pytest.approx(u_days / DAYS_PER_MONTH)
    assert h.high_rate_share == pytest.approx(0.5)  # 3 high, 2 not
    assert h.wages == ((210 * 12 * 52 / 12, 210 * 37 * 52 / 12),)


POOL = {"kind": "midlertidig", "places": 20, "hourly_wage": 190, "hours_per_week": 15, "months": 12}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "ukendt"}, "kind"),
        ({"places": -1}, "places"),
        ({"places": 2.5}, "places"),
        ({"places": "20"}, "places"),
        ({"hours_per_week": 40}, "hours_per_week"),
        ({"months": None}, "months"),
        ({"annual_cap": float("nan")}, "annual_cap"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_a_malformed_pool_names_the_field(change, field):
    with pytest.raises(InputError) as err:
        parse_pool({**POOL, **change})
    assert err.value.field == field


def test_pool_file_errors_name_the_file(tmp_path):
    path = tmp_path / "pulje.json"
    path.write_text("{\n  'kind': 1}")
    with pytest.raises(InputError, match=r"pulje.json, line 2"):
        read_pool(path)
    with pytest.raises(InputError, match="kan ikke læses"):
        read_pool(tmp_path / "none.json")
    path.write_text(json.dumps({**POOL, "kind": "fuld_loen"}))
    with pytest.raises(InputError, match="months"):
        read_pool(path)
    path.write_text(json.dumps(POOL))
    assert read_pool(path).places == 20


def _units(rng, beta=0.5, n=98):
    rows = []
    for i in range(n):
        cond = {
            "unemployment_rate": rng.uniform(0.02, 0.06),
            "share_age_50_plus": rng.uniform(0.4, 0.7),
            "share_low_education": rng.uniform(0.2, 0.5),
        }
        fte = rng.uniform(0.5, 3.0)
        exposure = rng.uniform(200, 3000)
        rate = 0.03 * np.exp(-8 * cond["unemployment_rate"] + beta * np.log(fte))
        rows.append(
            UnitRow(
                str(i),
                float(rng.poisson(rate * exposure)),
                exposure,
                cond,
                {"consultants_fte": fte},
            )
        )
    return rows


def test_the_effect_matches_statsmodels_and_recovers_a_known_coefficient():
    sm = pytest.importorskip("statsmodels.api")
    rows = _units(np.random.default_rng(4))
    effect = estimate_effect(rows, "consultants_fte")
    x = np.column_stack(
        [
            np.ones(len(rows)),
            *[[r.conditions[c] for r in rows] for c in CONDITIONS],
            np.log([r.levers["consultants_fte"] for r in rows]),
        ]
    )
    y = np.array([r.events for r in rows])
    fit = sm.GLM(y, x, family=sm.families.Poisson(), offset=np.log([r.exposure for r in rows])).fit(
        scale="X2"
    )
    assert effect.coefficient == pytest.approx(fit.params[-1], rel=1e-6)
    scale = max(1.0, fit.scale)
    assert effect.se == pytest.approx(fit.bse[-1] * np.sqrt(scale / fit.scale), rel=1e-6)
    assert abs(effect.coefficient - 0.5) < 3 * effect.se
    assert effect.multiplier(2.0, 2.0) == 1.0
    assert effect.multiplier(2.0, 4.0) == pytest.approx(2**effect.coefficient)


def test_no_estimate_without_data_on_the_lever():
    rows = _units(np.random.default_rng(1))
    with pytest.raises(NoEstimate):
        estimate_effect(rows, "active_offer_share")  # nobody records active offers yet
    with pytest.raises(NoEstimate):
        estimate_effect(rows[:10], "consultants_fte")


def test_irls_on_a_saturated_toy_problem():
    x = np.array([[1.0, 0.0], [1.0, 1.0]])
    beta, _, _ = fit_quasi_poisson(x, np.array([10.0, 40.0]), np.log(np.array([100.0, 200.0])))
    assert beta == pytest.approx([np.log(0.1), np.log(2.0)])


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from fleksjob.core.rules import refusion  # noqa: E402

_gaps = st.lists(st.tuples(st.integers(1, 700), st.integers(0, 900)), min_size=1, max_size=8)


@settings(max_examples=150, deadline=None)
@given(_gaps)
def test_the_clock_shortcuts_agree_with_running_the_whole_clock(parts):
    """Whatever the shortcuts (the cap, starting after the last 52-week gap) skip, the result is
    the rules engine's clock over the whole history, capped."""
    periods, day = [], D(2012, 1, 1)
    for length, gap in parts:
        periods.append((day, day + dt.timedelta(days=length - 1)))
        day += dt.timedelta(days=length + gap)
    as_of = max(e for _, e in periods) + dt.timedelta(days=30)
    spells = [refusion.Spell(s, e, refusion.Kind.YDELSE) for s, e in periods]
    full = refusion.clock(spells, until=as_of - dt.timedelta(days=1)).current_week_number
    assert refusion_weeks(periods, as_of) == min(60, full)
