"""Funnel limits for proportions and ratios against PHE's published test data, and the
overdispersion adjustment against a separate scalar implementation of Spiegelhalter (2005)."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm

from fleksjob.core.stats.funnel import fit_funnel, funnel, winsorise
from fleksjob.core.stats.poisson import observed_limits, ratio_funnel

PHE = Path(__file__).resolve().parents[2] / "data" / "peer" / "phe-funnel"
LABELS = {
    "High (0.001)": "high998",
    "High (0.025)": "high95",
    "Not significant": "within",
    "Low (0.025)": "low95",
    "Low (0.001)": "low998",
}


def _phe(name: str) -> list[dict[str, str]]:
    with (PHE / name).open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header = [h.strip() for h in rows[0]]
    return [dict(zip(header, r, strict=True)) for r in rows[1:]]


def test_proportion_flags_match_phe_published_significance():
    rows = _phe("testdata_funnel_prop_inputs.csv")
    x = np.array([float(r["numerator"]) for r in rows])
    n = np.array([float(r["denominator"]) for r in rows])
    result = funnel(x, n, "none")
    expected = [LABELS[r["significance"]] for r in rows]
    assert result.flag.tolist() == expected
    # The data set has every label, so the comparison means something.
    assert set(expected) == set(LABELS.values())


def test_proportion_limits_match_phe_table():
    inputs = _phe("testdata_funnel_prop_inputs.csv")
    x = np.array([float(r["numerator"]) for r in inputs])
    n = np.array([float(r["denominator"]) for r in inputs])
    fit = fit_funnel(x, n, "none")
    table = _phe("testdata_funnel_prop_outputs.csv")
    at = np.array([float(r["Population"]) for r in table])
    lim = fit.limits(at)
    for ours, theirs in (
        ("lower95", "Lower2s0025limit"),
        ("upper95", "Upper2s0025limit"),
        ("lower998", "Lower3s0001limit"),
        ("upper998", "Upper3s0001limit"),
    ):
        published = np.array([float(r[theirs]) for r in table]) / 100  # PHE gives percent
        np.testing.assert_allclose(lim[ours], published, atol=1e-8 + 5e-7)
    baseline = float(table[0]["Baseline"]) / 100
    assert fit.target == pytest.approx(baseline, abs=5e-9)


def test_ratio_flags_match_phe_published_significance():
    rows = _phe("testdata_funnel_ratio_inputs.csv")
    o = np.array([float(r["obs"]) for r in rows])
    e = np.array([float(r["expected"]) for r in rows])
    result = ratio_funnel(o, e)
    assert result.flag.tolist() == [LABELS[r["significance"]] for r in rows]


@pytest.mark.parametrize(
    ("side", "level", "column"),
    [
        ("lower", 0.95, "lower_2s_exp_events"),
        ("upper", 0.95, "upper_2s_exp_events"),
        ("lower", 0.998, "lower_3s_exp_events"),
        ("upper", 0.998, "upper_3s_exp_events"),
    ],
)
def test_ratio_limits_match_phe_table(side, level, column):
    # PHE tabulates, for each observed count O, the expected count E at which O lies on the
    # limit; at that E our limit for the observed count must be O again.
    table = _phe("testdata_funnel_ratio_outputs.csv")
    obs_key = next(k for k in table[0] if k.startswith("Observed"))
    o = np.array([float(r[obs_key]) for r in table])
    e = np.array([float(r[column]) for r in table])
    lower, upper = observed_limits(e, level)
    got = lower if side == "lower" else upper
    # PHE's bisection stops at a step of 1e-7 on E/(1 + O + E); allow for that.
    np.testing.assert_allclose(got, o, rtol=1e-5, atol=2e-4)


def _spiegelhalter_scalar(x, n, method, trim):
    """Separate scalar implementation written from the paper's formulas (Spiegelhalter 2005)."""
    k = len(x)
    p0 = sum(x) / sum(n)
    if method == "additive":
        z = [
            2 * math.sqrt(ni) * (math.asin(math.sqrt(xi / ni)) - math.asin(math.sqrt(p0)))
            for xi, ni in zip(x, n, strict=True)
        ]
    else:
        z = [(xi / ni - p0) / math.sqrt(p0 * (1 - p0) / ni) for xi, ni in zip(x, n, strict=True)]
    zs = sorted(z)

    def quantile(q):  # linear interpolation between order statistics (type 7)
        h = (k - 1) * q
        lo = math.floor(h)
        return zs[lo] + (h - lo) * (zs[min(lo + 1, k - 1)] - zs[lo])

    lo_q, hi_q = quantile(trim), quantile(1 - trim)
    phi = sum(min(max(v, lo_q), hi_q) ** 2 for v in z) / k
    w = [4 * ni for ni in n]
    tau2 = max(0.0, (k * phi - (k - 1)) / (sum(w) - sum(v * v for v in w) / sum(w)))
    limits = []
    for ni in n:
        row = []
        for q in (0.975, 0.999):
            zq = norm.ppf(q)
            if method == "additive" and phi > 1:
                t0 = math.asin(math.sqrt(p0))
                half = zq * math.sqrt(1 / (4 * ni) + tau2)
                row += [
                    math.sin(max(t0 - half, 0)) ** 2,
                    math.sin(min(t0 + half, math.pi / 2)) ** 2,
                ]
            else:
                infl = phi if (method == "multiplicative" and phi > 1) else 1.0
                half = zq * math.sqrt(infl * p0 * (1 - p0) / ni)
                row += [max(p0 - half, 0.0), min(p0 + half, 1.0)]
        limits.append(row)
    return p0, phi, tau2, limits


@pytest.mark.parametrize("method", ["additive", "multiplicative"])
@pytest.mark.parametrize("trim", [0.0, 0.1])
def test_overdispersed_limits_match_scalar_implementation(method, trim):
    rng = np.random.default_rng(6)
    n = rng.integers(20, 3000, size=40).astype(float)
    true = np.clip(rng.normal(0.3, 0.06, size=40), 0.01, 0.99)
    x = rng.binomial(n.astype(int), true).astype(float)
    p0, phi, tau2, limits = _spiegelhalter_scalar(list(x), list(n), method, trim)
    fit = fit_funnel(x, n, method, trim)
    assert fit.phi > 1.5  # the simulated spread is real overdispersion
    assert fit.adjusted
    assert fit.target == pytest.approx(p0)
    assert fit.phi == pytest.approx(phi)
    assert fit.tau2 == pytest.approx(tau2 if method == "additive" else 0.0)
    lim = fit.limits(n)
    got = np.column_stack([lim["lower95"], lim["upper95"], lim["lower998"], lim["upper998"]])
    np.testing.assert_allclose(got, np.array(limits), rtol=1e-10)


def test_no_overdispersion_falls_back_to_unadjusted_limits():
    # Rates exactly at the target have z = 0, so φ = 0 ≤ 1.
    n = np.array([100.0, 200.0, 400.0, 800.0])
    x = 0.25 * n
    for method in ("additive", "multiplicative"):
        adj = funnel(x, n, method)
        plain = funnel(x, n, "none")
        assert not adj.fit.adjusted
        assert adj.fit.tau2 == 0.0
        np.testing.assert_array_equal(adj.lower95, plain.lower95)
        np.testing.assert_array_equal(adj.upper998, plain.upper998)


def test_none_limits_are_the_normal_approximation_clipped():
    x = np.array([1.0, 50.0, 2.5])
    n = np.array([2.0, 100.0, 10.0])
    res = funnel(x, n, "none")
    p0 = 53.5 / 112
    z = norm.ppf(0.975)
    expected_lo = np.maximum(p0 - z * np.sqrt(p0 * (1 - p0) / n), 0)
    np.testing.assert_allclose(res.lower95, expected_lo)
    assert res.lower998[0] == 0.0 and res.upper998[0] == 1.0  # clipped at n = 2


def test_adjusted_limits_are_wider_and_flag_fewer_units():
    rng = np.random.default_rng(1)
    n = rng.integers(200, 5000, size=60).astype(float)
    x = rng.binomial(n.astype(int), np.clip(rng.normal(0.4, 0.08, 60), 0, 1)).astype(float)
    plain, add, mult = (funnel(x, n, m) for m in ("none", "additive", "multiplicative"))
    assert np.all(add.upper95 - add.lower95 > plain.upper95 - plain.lower95)
    assert np.all(mult.upper95 - mult.lower95 > plain.upper95 - plain.lower95)
    assert (add.flag != "within").sum() < (plain.flag != "within").sum()
    # z is the standardised distance under the model: |z| > 1.96 exactly when outside 95 %.
    outside = mult.flag != "within"
    np.testing.assert_array_equal(np.abs(mult.z) > norm.ppf(0.975), outside)


def test_winsorise_pulls_in_only_the_tails():
    z = np.arange(11, dtype=float)  # 10th/90th percentiles are 1 and 9
    np.testing.assert_array_equal(winsorise(z, 0.1), np.clip(z, 1, 9))
    np.testing.assert_array_equal(winsorise(z, 0.0), z)


@pytest.mark.parametrize(("x", "n"), [([1, 2], [1, 0]), ([3], [2]), ([-1], [4]), ([np.nan], [4])])
def test_bad_numbers_are_refused(x, n):
    with pytest.raises(ValueError):
        funnel(np.array(x, dtype=float), np.array(n, dtype=float))


def test_single_unit_and_all_zero_rates():
    one = funnel(np.array([30.0]), np.array([100.0]), "additive")
    assert not one.fit.adjusted and one.flag.tolist() == ["within"]
    zero = funnel(np.zeros(4), np.array([10.0, 20.0, 30.0, 40.0]), "additive")
    assert zero.fit.target == 0 and zero.flag.tolist() == ["within"] * 4
    np.testing.assert_array_equal(zero.upper998, 0.0)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 5000), st.floats(0, 1)), min_size=2, max_size=40),
    st.sampled_from(["none", "additive", "multiplicative"]),
)
def test_funnel_properties(units, method):
    n = np.array([u[0] for u in units], dtype=float)
    x = np.round(n * np.array([u[1] for u in units]))
    res = funnel(x, n, method)
    for lo, hi in ((res.lower998, res.lower95), (res.upper95, res.upper998)):
        assert np.all(lo <= hi + 1e-12)
    assert np.all((res.lower998 >= 0) & (res.upper998 <= 1))
    # Limits narrow as the denominator grows.
    grid = np.array([5.0, 50.0, 500.0, 5000.0])
    lim = res.fit.limits(grid)
    assert np.all(np.diff(lim["upper95"]) <= 1e-12) and np.all(np.diff(lim["lower95"]) >= -1e-12)
    # A unit exactly at the target is never flagged.
    assert (
        funnel(np.append(x, res.fit.target * 100), np.append(n, 100.0), method).flag[-1] == "within"
    )
