import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fleksjob.core.rules.fleksloentilskud import (
    atp,
    employer_cost,
    hours_outlook,
    income_by_hours,
    subsidy,
    subsidy_array,
)
from fleksjob.core.rules.rates import rules_for

R2022, R2024, R2025 = rules_for(2022), rules_for(2024), rules_for(2025)


def test_worked_example_2024_above_threshold():
    """detfagligehus.dk (2024): max 19.952, 30 % up to 16.323, 55 % above.
    W = 20.000: 19.952 − 0,30 × 16.323 − 0,55 × (20.000 − 16.323)
              = 19.952 − 4.896,90 − 2.022,35 = 13.032,75."""
    result = subsidy(R2024, 20000)
    assert result.reduction_low == pytest.approx(4896.90)
    assert result.reduction_high == pytest.approx(2022.35)
    assert result.subsidy == pytest.approx(13032.75)
    assert result.total_income == pytest.approx(33032.75)
    assert not result.capped_by_ceiling


def test_worked_example_2022_below_threshold():
    """slagelse.dk (2022): max 18.964, T 15.401. W = 10.000: 18.964 − 3.000 = 15.964."""
    assert subsidy(R2022, 10000).subsidy == pytest.approx(15964)


def test_ceiling_caps_wage_plus_subsidy():
    """Lønloft: W + subsidy ≤ full-time wage. W = 20.000, ceiling 30.000: 13.032,75 > 10.000."""
    result = subsidy(R2024, 20000, 30000)
    assert result.subsidy == pytest.approx(10000)
    assert result.capped_by_ceiling
    assert result.subsidy_before_ceiling == pytest.approx(13032.75)


def test_subsidy_ends_at_zero():
    """Zero when 0,30 × 16.323 + 0,55 × (W − 16.323) ≥ 19.952, i.e. W ≥ 43.691,... (2024)."""
    w0 = 16323 + (19952 - 0.30 * 16323) / 0.55
    assert subsidy(R2024, w0 + 1).subsidy == 0
    assert subsidy(R2024, w0 - 1).subsidy == pytest.approx(0.55)


def test_bad_input():
    for bad in (-1, math.nan, math.inf):
        with pytest.raises(ValueError):
            subsidy(R2024, bad)


wages = st.floats(0, 80000, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(w=wages, c=st.one_of(st.none(), st.floats(0, 80000, allow_nan=False)))
def test_subsidy_bounds(w, c):
    s = subsidy(R2024, w, c).subsidy
    assert 0 <= s <= R2024.fleksloentilskud_max


@settings(max_examples=200, deadline=None)
@given(a=wages, b=wages, c=st.floats(0, 80000, allow_nan=False))
def test_total_income_never_falls_when_wage_rises_under_ceiling(a, b, c):
    lo, hi = sorted((a, b))
    if hi > c:
        hi = c
        lo = min(lo, c)
    assert subsidy(R2024, hi, c).total_income >= subsidy(R2024, lo, c).total_income - 1e-9


@settings(max_examples=100, deadline=None)
@given(d=st.floats(1, 3000))
def test_kink_at_threshold(d):
    """Below T one more krone of wage costs 0,30 kr of subsidy, above T 0,55 kr."""
    t = R2024.reduction_threshold
    below = subsidy(R2024, t - d - 1).subsidy - subsidy(R2024, t - d).subsidy
    above = subsidy(R2024, t + d).subsidy - subsidy(R2024, t + d + 1).subsidy
    assert below == pytest.approx(0.30)
    assert above == pytest.approx(0.55)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(wages, st.floats(0, 80000, allow_nan=False)), min_size=1, max_size=20))
def test_vectorised_matches_scalar(pairs):
    w = np.array([p[0] for p in pairs])
    c = np.array([p[1] for p in pairs])
    expected = [subsidy(R2025, a, b).subsidy for a, b in pairs]
    np.testing.assert_allclose(subsidy_array(R2025, w, c), expected, atol=1e-9)


def test_income_by_hours_contract_and_hand_figures():
    """H = 200, P = 12 %, 2025 (MAX 20.670, T 16.911): one weekly hour gives
    200 × 1,12 × 52/12 = 970,67 kr/md; subsidy 20.670 − 0,30 × 970,67 = 20.378,80.
    kink: 16.911 / 970,67 = 17,4 → first whole hour above T is 18."""
    table = income_by_hours(R2025, 200, 12)
    rows = table.rows
    assert [r["hours_per_week"] for r in rows] == list(range(1, 38))
    assert set(rows[0]) == {
        "hours_per_week",
        "wage_income",
        "wage_ceiling",
        "subsidy",
        "total_income",
        "marginal_gain",
    }
    assert rows[0]["marginal_gain"] is None
    assert rows[0]["wage_income"] == pytest.approx(970.67)
    assert rows[0]["subsidy"] == pytest.approx(20378.80)
    assert rows[0]["wage_ceiling"] == pytest.approx(200 * 1.12 * 37 * 52 / 12, abs=0.01)
    assert table.kink_hours == 18
    assert rows[17]["wage_income"] > 16911 > rows[16]["wage_income"]
    # below the kink one more hour keeps 70 % of its wage: 0,70 × 970,67 = 679,47
    assert rows[5]["marginal_gain"] == pytest.approx(679.47, abs=0.01)
    for prev, row in itertools.pairwise(rows):
        assert row["marginal_gain"] == pytest.approx(
            row["total_income"] - prev["total_income"], abs=0.011
        )


def test_atp_extra_capped_at_500():
    """5 % of 8.000 = 400; 5 % of 12.000 = 600 → 500 (issue 3, kk.dk)."""
    assert atp(R2024, 60, 8000)["extra"] == pytest.approx(400)
    assert atp(R2024, 60, 12000)["extra"] == 500


def test_employer_cost_is_only_hours_worked():
    """200 kr/time × 10 timer × 52/12 = 8.666,67; 8 % pension = 693,33; 43,3 timer/md gives
    the 1/3 ATP bracket (99 kr), of which the employer pays 2/3 = 66."""
    cost = employer_cost(R2024, 200, 10, 8)
    assert cost["wage"] == pytest.approx(8666.67, abs=0.01)
    assert cost["employer_pension"] == pytest.approx(693.33, abs=0.01)
    assert cost["employer_atp"] == pytest.approx(66)
    assert cost["total"] == pytest.approx(8666.67 + 693.33 + 66, abs=0.02)


def test_hours_outlook_now_and_five_more():
    """At 10 hours (below the kink at 18) each extra hour adds 0,70 × 970,67 = 679,47 kr/md."""
    rows = hours_outlook(R2025, 200, 10, pension_pct=12)
    assert [r["hours_per_week"] for r in rows] == [10, 11, 12, 13, 14, 15]
    assert rows[0]["gain_vs_now"] == 0
    assert rows[5]["gain_vs_now"] == pytest.approx(5 * 679.47, abs=0.05)
    assert [r["hours_per_week"] for r in hours_outlook(R2025, 200, 35)] == [35, 36, 37]


def test_year_or_date_instead_of_rule_set():
    import datetime as dt

    from fleksjob.core.rules.rates import RatesNotCovered

    assert subsidy(2024, 20000) == subsidy(R2024, 20000)
    assert subsidy(dt.date(2024, 7, 1), 20000).subsidy == pytest.approx(13032.75)
    with pytest.raises(RatesNotCovered):
        subsidy(dt.date(2021, 12, 31), 20000)
