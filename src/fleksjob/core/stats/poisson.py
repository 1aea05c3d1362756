"""Observed/expected ratios on an exact Poisson funnel (risk-adjusted indicators).

For an expected count E the upper limit of the observed count is the O with P(X ≥ O | E) = α
and the lower limit the O with P(X ≤ O | E) = α (X ~ Poisson(E), α = (1 − level)/2). Both are
taken on the continuous extension through the regularised incomplete gamma function,
P(X ≥ O) = P(O, E) and P(X ≤ O) = Q(O + 1, E), so the funnel is smooth in E. Inverting the same
tail probabilities in E for a given O is what PHE's ratio funnel tabulates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import gammainc, gammaincc

_ITERATIONS = 200


def _bisect(f, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Root of an increasing f on [lo, hi] elementwise (f(lo) < 0 < f(hi) assumed)."""
    for _ in range(_ITERATIONS):
        mid = (lo + hi) / 2
        up = f(mid) > 0
        hi = np.where(up, mid, hi)
        lo = np.where(up, lo, mid)
    return (lo + hi) / 2


def observed_limits(expected: np.ndarray | float, level: float) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper limits for the observed count at these expected counts."""
    e = np.atleast_1d(np.asarray(expected, dtype=float))
    alpha = (1 - level) / 2
    top = e + 40 * np.sqrt(e) + 100
    # Upper: P(O, E) falls from 1 to 0 as O grows; find P(O, E) = α.
    upper = _bisect(lambda o: alpha - gammainc(np.maximum(o, 1e-300), e), np.full_like(e, 0), top)
    # Lower: Q(O + 1, E) rises with O; below Q(1, E) = e^(−E) the limit is 0.
    lower = _bisect(lambda o: gammaincc(o + 1, e) - alpha, np.full_like(e, -1 + 1e-12), top)
    return np.maximum(lower, 0.0), upper


@dataclass(frozen=True)
class RatioResult:
    ratio: np.ndarray  # O / E
    lower95: np.ndarray
    upper95: np.ndarray
    lower998: np.ndarray
    upper998: np.ndarray
    flag: np.ndarray  # high998 / high95 / within / low95 / low998

    def columns(self) -> dict[str, np.ndarray]:
        return {
            "ratio": self.ratio,
            "lower95": self.lower95,
            "upper95": self.upper95,
            "lower998": self.lower998,
            "upper998": self.upper998,
            "flag": self.flag,
        }


def ratio_limits(expected: np.ndarray | float) -> dict[str, np.ndarray]:
    """Funnel limits for O/E at these expected counts (95 % and 99.8 %)."""
    e = np.atleast_1d(np.asarray(expected, dtype=float))
    out = {}
    for name, level in (("95", 0.95), ("998", 0.998)):
        lo, hi = observed_limits(e, level)
        out[f"lower{name}"], out[f"upper{name}"] = lo / e, hi / e
    return out


def ratio_funnel(observed: np.ndarray, expected: np.ndarray) -> RatioResult:
    """O/E with its Poisson funnel limits and flag (exact tests against O/E = 1)."""
    o = np.asarray(observed, dtype=float)
    e = np.asarray(expected, dtype=float)
    if o.shape != e.shape or np.any(o < 0) or np.any(e <= 0) or not np.all(np.isfinite(o + e)):
        raise ValueError("need observed ≥ 0 and expected > 0, finite, of one length")
    lim = ratio_limits(e)
    ratio = o / e
    flag = np.select(
        [
            ratio > lim["upper998"],
            ratio > lim["upper95"],
            ratio < lim["lower998"],
            ratio < lim["lower95"],
        ],
        ["high998", "high95", "low998", "low95"],
        default="within",
    )
    lo95, hi95, lo998, hi998 = (lim[k] for k in ("lower95", "upper95", "lower998", "upper998"))
    return RatioResult(ratio, lo95, hi95, lo998, hi998, flag)
