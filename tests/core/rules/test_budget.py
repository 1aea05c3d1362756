"""The vectorised budget run against two other implementations: the plain per-citizen loop, and
an independent route through the day-level refusion clock (``refusion.municipal_cost``)."""

import datetime as dt

import numpy as np
import pytest

from fleksjob.core.rules.budget import (
    FLEKSJOB,
    LEDIGHEDSYDELSE,
    BudgetInput,
    run_budget,
    run_budget_naive,
    synthetic_input,
)
from fleksjob.core.rules.refusion import Kind, Spell, municipal_cost


def test_matches_naive_loop():
    inp = synthetic_input(400, 2025, seed=3)
    a, b = run_budget(inp), run_budget_naive(inp)
    for name in ("subsidy", "ledighedsydelse", "refusion"):
        np.testing.assert_allclose(getattr(a, name), getattr(b, name), atol=1e-6)
    np.testing.assert_array_equal(a.weeks_after, b.weeks_after)


@pytest.mark.parametrize("year", [2024, 2025])
def test_refusion_matches_day_level_clock(year):
    inp = synthetic_input(40, year, seed=year)
    inp.december_before = inp.weeks_before > 0
    result = run_budget(inp)
    paid = result.gross
    for i in range(40):
        spells = []
        initial = int(inp.weeks_before[i])
        if inp.december_before[i]:
            # the week holding 31 December was already counted in weeks_before
            spells.append(Spell(dt.date(year - 1, 12, 31), dt.date(year - 1, 12, 31), Kind.YDELSE))
            initial -= 1
        for m in range(12):
            start = dt.date(year, m + 1, 1)
            end = dt.date(year + (m == 11), (m + 1) % 12 + 1, 1) - dt.timedelta(days=1)
            if paid[i, m] > 0:
                spells.append(Spell(start, end, Kind.YDELSE, float(paid[i, m])))
            elif inp.kind[i, m] == FLEKSJOB:
                spells.append(Spell(start, end, Kind.STOETTET))
        if not any(s.monthly_amount for s in spells):
            assert result.refusion[i].sum() == 0
            continue
        months = municipal_cost(spells, dt.date(year, 1, 1), dt.date(year, 12, 31), initial)
        by_month = {int(mc.month[5:]): mc.refusion for mc in months}
        expected = [by_month.get(m + 1, 0.0) for m in range(12)]
        np.testing.assert_allclose(result.refusion[i], expected, atol=0.011)


def test_totals_add_up():
    result = run_budget(synthetic_input(200, 2024, seed=1))
    totals = result.totals()
    assert totals["gross"] == pytest.approx(totals["fleksloentilskud"] + totals["ledighedsydelse"])
    assert totals["net"] == pytest.approx(totals["gross"] - totals["refusion"])
    assert sum(m["net"] for m in result.monthly_totals()) == pytest.approx(totals["net"])
    assert 0.2 * totals["gross"] <= totals["refusion"] <= 0.8 * totals["gross"]


def test_one_citizen_by_hand():
    """One citizen on ledighedsydelse (89 %) all of 2024 from a fresh clock: 18.120 kr every
    month; January's refusion as in the refusion worked example: 18.120/31 × 23,6."""
    inp = BudgetInput(
        year=2024,
        kind=np.full((1, 12), LEDIGHEDSYDELSE, dtype=np.int8),
        wage_income=np.zeros((1, 12)),
        wage_ceiling=np.array([np.nan]),
        high_rate=np.array([True]),
        forsorger=np.array([False]),
        weeks_before=np.array([0]),
    )
    result = run_budget(inp)
    assert result.ledighedsydelse[0] == pytest.approx([18120] * 12)
    assert result.refusion[0, 0] == pytest.approx(18120 / 31 * 23.6)
    # 366 days from Monday 1 January: 52 whole weeks plus Monday-Tuesday 30-31 December = 53
    assert result.weeks_after[0] == 53


def test_bad_shapes_are_rejected():
    with pytest.raises(ValueError, match="wage_income"):
        BudgetInput(
            year=2024,
            kind=np.zeros((2, 12), dtype=np.int8),
            wage_income=np.zeros((2, 11)),
            wage_ceiling=np.zeros(2),
            high_rate=np.zeros(2, dtype=bool),
            forsorger=np.zeros(2, dtype=bool),
            weeks_before=np.zeros(2, dtype=np.int64),
        )
