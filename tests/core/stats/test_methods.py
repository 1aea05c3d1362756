"""Wilson intervals, shrinkage, Kaplan–Meier, rank intervals, SPC, labels, peers, suppression
and risk adjustment: published worked examples and independent implementations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import minimize
from scipy.stats import betabinom
from sklearn.linear_model import LogisticRegression
from statsmodels.stats.proportion import proportion_confint

from fleksjob.core.stats.compare import comparison_label, peers
from fleksjob.core.stats.intervals import wilson_interval
from fleksjob.core.stats.ranking import rank_intervals
from fleksjob.core.stats.risk import risk_adjust
from fleksjob.core.stats.shrinkage import fit_beta_binomial, shrink
from fleksjob.core.stats.spc import Episode, PChart, episodes, p_chart
from fleksjob.core.stats.suppression import publish, suppression_mask
from fleksjob.core.stats.survival import kaplan_meier, summarise


# Newcombe (1998) "Two-sided confidence intervals for the single proportion: comparison of
# seven methods", Stat Med 17:857–872, Table II, method 3 (score interval without correction).
@pytest.mark.parametrize(
    ("x", "n", "lo", "hi"),
    [
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_newcombe_examples(x, n, lo, hi):
    got_lo, got_hi = wilson_interval(x, n)
    assert got_lo == pytest.approx(lo, abs=5e-5)
    assert got_hi == pytest.approx(hi, abs=5e-5)


def test_wilson_matches_statsmodels():
    rng = np.random.default_rng(3)
    n = rng.integers(1, 500, 200)
    x = rng.integers(0, n + 1)
    lo, hi = wilson_interval(x, n, level=0.9)
    ref_lo, ref_hi = proportion_confint(x, n, alpha=0.1, method="wilson")
    np.testing.assert_allclose(lo, ref_lo, atol=1e-12)
    np.testing.assert_allclose(hi, ref_hi, atol=1e-12)


def test_beta_binomial_mle_matches_direct_maximisation():
    rng = np.random.default_rng(11)
    n = rng.integers(10, 400, 50)
    x = rng.binomial(n, rng.beta(6, 14, 50))
    fit = fit_beta_binomial(x.astype(float), n.astype(float))
    assert fit.converged

    def negll(params):  # scipy's beta-binomial pmf on (log α, log β): a separate route
        a, b = np.exp(params)
        return -betabinom.logpmf(x, n, a, b).sum()

    ref = minimize(
        negll,
        np.log([1.0, 1.0]),
        method="Nelder-Mead",
        options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 20000},
    )
    a, b = np.exp(ref.x)
    assert fit.alpha == pytest.approx(a, rel=1e-3)
    assert fit.beta == pytest.approx(b, rel=1e-3)
    res = shrink(x.astype(float), n.astype(float))
    # Posterior mean (α + x)/(α + β + n) lies between the raw rate and the prior mean.
    prior = fit.alpha / (fit.alpha + fit.beta)
    raw = x / n
    assert np.all((res.rate - raw) * (prior - raw) >= -1e-12)
    assert np.all((res.lower95 <= res.rate) & (res.rate <= res.upper95))


def test_shrink_without_spread_falls_back_to_pooled_rate():
    n = np.array([100.0, 200.0, 300.0, 400.0])
    x = 0.2 * n  # identical rates: no between-unit variation
    res = shrink(x, n)
    assert not res.fit.converged
    assert "pooled" in res.fit.message
    assert res.fit.alpha is None
    np.testing.assert_allclose(res.rate, 0.2)


# Freireich et al. (1963) 6-MP leukaemia remission data (weeks; * = censored), as tabulated in
# Kleinbaum & Klein, "Survival Analysis: A Self-Learning Text", ch. 2: S(t) at the event times
# 6, 7, 10, 13, 16, 22, 23 is 0.8571, 0.8067, 0.7529, 0.6902, 0.6275, 0.5378, 0.4482; median 23.
# The placebo group (no censoring) has median 8.
SIX_MP = [
    6,
    6,
    6,
    "6*",
    7,
    "9*",
    10,
    "10*",
    "11*",
    13,
    16,
    "17*",
    "19*",
    "20*",
    22,
    23,
    "25*",
    "32*",
    "32*",
    "34*",
    "35*",
]
PLACEBO = [1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23]


def _parse(times):
    t = [float(str(v).rstrip("*")) for v in times]
    e = [0 if str(v).endswith("*") else 1 for v in times]
    return np.array(t), np.array(e)


def test_kaplan_meier_freireich_textbook_values():
    t, e = _parse(SIX_MP)
    curve = kaplan_meier(t, e)
    np.testing.assert_array_equal(curve.times, [6, 7, 10, 13, 16, 22, 23])
    np.testing.assert_allclose(
        curve.survival, [0.8571, 0.8067, 0.7529, 0.6902, 0.6275, 0.5378, 0.4482], atol=5e-5
    )
    assert curve.median() == 23
    assert kaplan_meier(*_parse(PLACEBO)).median() == 8


def test_survival_summary_rmst_and_share_by_hand():
    t, e = _parse(SIX_MP)
    pt, pe = _parse(PLACEBO)
    units = np.array(["6mp"] * len(t) + ["placebo"] * len(pt))
    out = summarise(units, np.concatenate([t, pt]), np.concatenate([e, pe]), tau=20, within=12)
    six, plac = out
    # Area under the published step function from 0 to 20.
    steps = [
        (0, 6, 1.0),
        (6, 7, 0.8571),
        (7, 10, 0.8067),
        (10, 13, 0.7529),
        (13, 16, 0.6902),
        (16, 20, 0.6275),
    ]
    assert six.rmst == pytest.approx(sum((b - a) * s for a, b, s in steps), abs=1e-3)
    assert six.share_within == pytest.approx(1 - 0.7529, abs=5e-5)
    assert (six.n, six.events, six.km_median) == (21, 9, 23.0)
    # Placebo: no censoring, so S(t) is the share still above t.
    assert plac.share_within == pytest.approx(17 / 21)  # 17 of 21 had t ≤ 12
    by_hand = sum(min(v, 20) for v in PLACEBO) / 21  # mean of min(T, τ) without censoring
    assert plac.rmst == pytest.approx(by_hand)


def test_median_not_reached_and_ties_events_before_censoring():
    curve = kaplan_meier(np.array([1.0, 2.0, 3.0, 4.0]), np.array([1, 0, 0, 0]))
    assert curve.median() is None
    # At t = 2: one event and one censoring tied; the censored one is still at risk: S = 1/2 · …
    tied = kaplan_meier(np.array([1.0, 2.0, 2.0, 5.0]), np.array([0, 1, 0, 1]))
    assert tied.at(2) == pytest.approx(1 - 1 / 3)
    assert tied.median() == 5.0


def test_rank_intervals():
    est = np.array([0.9, 0.5, 0.1, 0.5])
    tight = rank_intervals(est, np.full(4, 1e-4))
    np.testing.assert_array_equal(tight.rank, [1, 2, 4, 2])
    np.testing.assert_array_equal(tight.lower, [1, 2, 4, 2])
    np.testing.assert_array_equal(tight.upper, [1, 3, 4, 3])  # the two 0.5s cannot be split
    vague = rank_intervals(est, np.full(4, 10.0))
    np.testing.assert_array_equal(vague.lower, [1, 1, 1, 1])
    np.testing.assert_array_equal(vague.upper, [4, 4, 4, 4])
    low = rank_intervals(est, np.full(4, 1e-4), higher_is_better=False)
    np.testing.assert_array_equal(low.rank, [4, 2, 1, 2])


def test_rank_interval_bonferroni_threshold():
    # Two units: one pair, so the critical value is the plain two-sided 1.96.
    se = np.array([1.0, 1.0]) / np.sqrt(2)  # difference has standard error 1
    assert rank_intervals(np.array([1.97, 0.0]), se).upper[0] == 1
    assert rank_intervals(np.array([1.95, 0.0]), se).upper[0] == 2


def test_p_chart_rules():
    n = np.full(20, 1000.0)
    x = np.full(20, 100.0)
    x[3] = 200.0  # far beyond 3σ of ~0.01
    chart = p_chart(x, n)
    assert chart.beyond_3sigma.tolist() == [i == 3 for i in range(20)]
    # With one high point the centre sits just above 0.1, so all others are below: runs.
    assert chart.run_8[4:].all() and not chart.run_8[3]
    rising = np.arange(10, 16, dtype=float)  # six increasing points
    ch = p_chart(np.concatenate([[12, 12], rising, [12, 12]]), np.full(10, 100.0))
    assert ch.trend_6[2:8].all() and not ch.trend_6[:1].any() and not ch.trend_6[9]
    five = p_chart(np.array([10.0, 11, 12, 13, 14]), np.full(5, 100.0))
    assert not five.trend_6.any()


def test_signal_episodes_report_each_stretch_once():
    # One point beyond 3σ at 3, then a run below the centre from 4 to 19: the run fires on 16
    # months right after the outlier, so one episode with its span and both rules.
    n = np.full(20, 1000.0)
    x = np.full(20, 100.0)
    x[3] = 200.0
    found = episodes(p_chart(x, n))
    assert [(e.start, e.end) for e in found] == [(3, 19)]
    assert found[0].kinds == ("beyond_3sigma", "run_8")
    # A quiet point between two flagged stretches keeps them apart.
    chart = PChart(
        rate=np.zeros(6),
        centre=0.0,
        lower=np.zeros(6),
        upper=np.zeros(6),
        beyond_3sigma=np.array([1, 0, 0, 1, 0, 0], dtype=bool),
        run_8=np.array([0, 0, 0, 1, 1, 0], dtype=bool),
        trend_6=np.array([0, 0, 0, 0, 1, 1], dtype=bool),
    )
    assert episodes(chart) == [
        Episode(0, 0, ("beyond_3sigma",)),
        Episode(3, 5, ("beyond_3sigma", "run_8", "trend_6")),
    ]
    assert episodes(p_chart(np.full(9, 10.0), np.full(9, 100.0))) == []


def test_comparison_labels_respect_direction():
    flags = np.array(["high998", "high95", "within", "low95", "low998", None], dtype=object)
    assert comparison_label(flags, "low_is_good").tolist() == [
        "worse",
        "worse",
        "similar",
        "better",
        "better",
        "not_compared",
    ]
    assert comparison_label(flags, "high_is_good", level="998").tolist() == [
        "better",
        "similar",
        "similar",
        "similar",
        "worse",
        "not_compared",
    ]
    assert comparison_label(flags, "no_judgement").tolist()[:2] == ["higher", "higher"]


def test_peers_nearest_by_standardised_conditions():
    cond = pd.DataFrame(
        {"unemployment": [1.0, 1.1, 5.0, 5.2, 9.0, 1.05], "age50": [10, 10, 10, 10, 10, 10]},
        index=["a", "b", "c", "d", "e", "f"],
    )
    got = peers(cond, k=2)
    assert got["a"] == ["f", "b"]
    assert got["c"] == ["d", "b"]
    assert got["e"] == ["d", "c"]
    assert all(u not in p for u, p in got.items())


def test_suppression():
    hide_x, hide_n = suppression_mask(np.array([3, 10, 10, 0, 2]), np.array([20, 12, 40, 30, 4]))
    assert hide_x.tolist() == [True, True, False, True, True]
    assert hide_n.tolist() == [False, False, False, False, True]
    frame = pd.DataFrame(
        {"numerator": [3.0, 10.0], "denominator": [20.0, 12.0], "value": [0.15, 0.8]}
    )
    # Two one-row tables (a municipality alone in its country has no secondary suppression).
    frame["unit_id"], frame["indicator"] = ["a", "b"], ["share", "mean"]
    out = publish(frame, share=np.array([True, False]), region_of={})
    assert out["suppressed"].tolist() == [True, False]  # row 2 is a mean: no complement
    # A mean: a numerator below 5 (e.g. 3 hours in all) is not a count; a small group is.
    hide_x, hide_n = suppression_mask(np.array([3.0, 40.0]), np.array([10, 4]), share=False)
    assert hide_x.tolist() == [False, True] and hide_n.tolist() == [False, True]
    assert np.isnan(out.loc[0, "value"]) and out.loc[0, "denominator"] == 20


def test_risk_adjustment_matches_sklearn_and_balances():
    rng = np.random.default_rng(5)
    k = 4000
    frame = pd.DataFrame(
        {
            "unit": rng.choice(list("ABCDEFGH"), k),
            "age": rng.uniform(20, 65, k),
            "sex": rng.choice(["F", "M"], k),
            "education": rng.choice(["primary", "vocational", "higher"], k),
            "years_since_approval": rng.exponential(3, k),
            "unemployment_rate": rng.uniform(0.02, 0.08, k),
        }
    )
    logit = (
        -1 + 0.03 * (frame.age - 40) + 0.4 * (frame.sex == "M") - 0.2 * frame.years_since_approval
    )
    frame["outcome"] = (rng.uniform(size=k) < 1 / (1 + np.exp(-logit))).astype(int)
    res = risk_adjust(frame)
    per = res.units.set_index("unit")
    assert per["expected"].sum() == pytest.approx(per["observed"].sum(), rel=1e-8)
    # Independent fit: scikit-learn's unpenalised logistic regression on the same dummies.
    x = pd.get_dummies(
        frame[["age", "sex", "education", "years_since_approval", "unemployment_rate"]],
        drop_first=True,
        dtype=float,
    )
    ref = LogisticRegression(C=np.inf, max_iter=10000, tol=1e-10).fit(x, frame.outcome)
    exp = pd.Series(ref.predict_proba(x)[:, 1]).groupby(frame.unit).sum()
    np.testing.assert_allclose(per["expected"], exp.sort_index(), rtol=1e-4)
    np.testing.assert_allclose(per["oe"], per["observed"] / per["expected"])
    assert set(per["flag"]) <= {"high998", "high95", "within", "low95", "low998"}


def test_kaplan_meier_matches_statsmodels_with_ties():
    from statsmodels.duration.survfunc import SurvfuncRight

    rng = np.random.default_rng(8)
    t = rng.integers(1, 15, 300).astype(float)  # many ties
    e = (rng.uniform(size=300) < 0.6).astype(int)
    ours = kaplan_meier(t, e)
    ref = SurvfuncRight(t, e)
    got = np.array([ours.at(v) for v in ref.surv_times])
    np.testing.assert_allclose(got, ref.surv_prob, rtol=1e-12)
