import pytest

from fleksjob.core.rules.ledighedsydelse import ledighedsydelse, ledighedsydelse_array
from fleksjob.core.rules.rates import rules_for

R2024 = rules_for(2024)


def test_high_rate_is_89_percent_of_dagpenge():
    """0,89 × 20.359 = 18.119,51 → 18.120 kr/md (2024)."""
    assert ledighedsydelse(R2024).ledighedsydelse == 18120


def test_income_reduces_by_30_percent_below_threshold():
    """18.120 − 0,30 × 5.000 = 16.620."""
    result = ledighedsydelse(R2024, 5000)
    assert result.reduction == pytest.approx(1500)
    assert result.ledighedsydelse == pytest.approx(16620)


def test_income_above_threshold_reduces_by_55_percent():
    """W = 20.000: 18.120 − 4.896,90 − 0,55 × 3.677 = 11.200,75."""
    assert ledighedsydelse(R2024, 20000).ledighedsydelse == pytest.approx(11200.75)


def test_kontanthjaelp_level():
    """bm.dk satser 2024: fyldt 30 år, forsørger 16.382; andre 12.326."""
    assert ledighedsydelse(R2024, high_rate=False, forsorger=True).full_rate == 16382
    assert ledighedsydelse(R2024, high_rate=False).full_rate == 12326


def test_never_negative_and_vectorised_matches():
    incomes = [0, 5000, 20000, 60000]
    got = ledighedsydelse_array(
        R2024, incomes, [True, False, True, False], [False, True, True, False]
    )
    expected = [
        ledighedsydelse(R2024, 0, True, False).ledighedsydelse,
        ledighedsydelse(R2024, 5000, False, True).ledighedsydelse,
        ledighedsydelse(R2024, 20000, True, True).ledighedsydelse,
        ledighedsydelse(R2024, 60000, False, False).ledighedsydelse,
    ]
    assert list(got) == pytest.approx(expected)
    assert expected[-1] == 0
