"""Trend signals per unit: statistical process control rules on a p-chart.

The centre line is the unit's own rate over the series (Σx / Σn) and the limits are
centre ± 3·√(centre(1 − centre)/n_t) for each period's denominator. Rules (Western Electric /
Nelson): a point beyond the 3σ limits; a run of 8 or more consecutive points on one side of the
centre line; a trend of 6 or more consecutive points each rising (or each falling). A signal is
set on every point of a qualifying run or trend, so a chart can mark them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

RUN = 8
TREND = 6


@dataclass(frozen=True)
class PChart:
    rate: np.ndarray
    centre: float
    lower: np.ndarray
    upper: np.ndarray
    beyond_3sigma: np.ndarray  # bool per point
    run_8: np.ndarray
    trend_6: np.ndarray

    @property
    def any_signal(self) -> np.ndarray:
        return self.beyond_3sigma | self.run_8 | self.trend_6


def _mark_runs(key: np.ndarray, length: int) -> np.ndarray:
    """True on every element of a run of ≥ ``length`` equal non-zero keys."""
    out = np.zeros(len(key), dtype=bool)
    start = 0
    for i in range(1, len(key) + 1):
        if i == len(key) or key[i] != key[start]:
            if key[start] != 0 and i - start >= length:
                out[start:i] = True
            start = i
    return out


def p_chart(numerator: np.ndarray, denominator: np.ndarray) -> PChart:
    """The p-chart and its signals for one unit's series (in time order)."""
    x = np.asarray(numerator, dtype=float)
    n = np.asarray(denominator, dtype=float)
    if x.shape != n.shape or np.any(n <= 0) or np.any(x < 0) or np.any(x > n):
        raise ValueError("need denominator > 0 and 0 ≤ numerator ≤ denominator in every period")
    rate = x / n
    centre = float(x.sum() / n.sum()) if len(x) else float("nan")
    half = 3 * np.sqrt(centre * (1 - centre) / n)
    lower, upper = np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)
    beyond = (rate > upper) | (rate < lower)
    side = np.sign(np.round(rate - centre, 12)).astype(int)  # points on the line break a run
    run = _mark_runs(side, RUN)
    # A trend of TREND points is TREND − 1 consecutive steps in one direction.
    step = np.sign(np.diff(rate)).astype(int)
    steps = _mark_runs(step, TREND - 1)
    trend = np.zeros(len(rate), dtype=bool)
    trend[:-1] |= steps
    trend[1:] |= steps
    return PChart(rate, centre, lower, upper, beyond, run, trend)


RULES = ("beyond_3sigma", "run_8", "trend_6")


@dataclass(frozen=True)
class Episode:
    """One signal as a reader should see it: the first and last point of a stretch of
    consecutive flagged points, and every rule that fired within it."""

    start: int
    end: int
    kinds: tuple[str, ...]


def episodes(chart: PChart) -> list[Episode]:
    """The chart's signals merged: consecutive flagged points (whatever rule flagged them)
    form one episode, so a run of 8 is reported once with its span, not eight times, and a
    trend overlapping it is named in the same episode."""
    flags = {rule: np.asarray(getattr(chart, rule), dtype=bool) for rule in RULES}
    out: list[Episode] = []
    start = None
    size = len(chart.rate)
    for i in range(size + 1):
        flagged = i < size and any(f[i] for f in flags.values())
        if flagged and start is None:
            start = i
        elif not flagged and start is not None:
            kinds = tuple(r for r in RULES if flags[r][start:i].any())
            out.append(Episode(start, i - 1, kinds))
            start = None
    return out
