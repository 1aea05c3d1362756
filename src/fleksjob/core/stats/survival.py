"""Kaplan–Meier summaries per unit: median, restricted mean survival time, share within W.

Here "survival" is staying without the outcome (e.g. time from approval to first fleksjob), so
1 − S(W) is the share who reached the outcome within W. At tied times events come before
censorings: a unit censored at t is still at risk for the events at t.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class KMCurve:
    times: np.ndarray  # distinct event times, ascending
    survival: np.ndarray  # S(t) just after each of them
    n: int
    events: int

    def at(self, t: float) -> float:
        """S(t), right-continuous: events at t are included."""
        i = np.searchsorted(self.times, t, side="right")
        return 1.0 if i == 0 else float(self.survival[i - 1])

    def median(self) -> float | None:
        """First time with S(t) ≤ 0.5; None when the curve never gets there."""
        hit = np.flatnonzero(self.survival <= 0.5)
        return float(self.times[hit[0]]) if len(hit) else None

    def rmst(self, tau: float) -> float:
        """Area under S from 0 to tau (S held at its last value beyond the last event)."""
        edges = np.concatenate([[0.0], self.times[self.times < tau], [tau]])
        levels = np.concatenate([[1.0], self.survival[self.times < tau]])
        return float(np.sum(levels * np.diff(edges)))


def kaplan_meier(time: np.ndarray, event: np.ndarray) -> KMCurve:
    t = np.asarray(time, dtype=float)
    e = np.asarray(event).astype(bool)
    if t.shape != e.shape or np.any(t < 0) or not np.all(np.isfinite(t)):
        raise ValueError("times must be finite, non-negative and as many as the events")
    uniq, inverse = np.unique(t, return_inverse=True)
    deaths = np.bincount(inverse, weights=e, minlength=len(uniq))
    leaving = np.bincount(inverse, minlength=len(uniq))
    at_risk = len(t) - np.concatenate([[0], np.cumsum(leaving)[:-1]])
    keep = deaths > 0
    surv = np.cumprod(1 - deaths[keep] / at_risk[keep])
    return KMCurve(uniq[keep], surv, len(t), int(e.sum()))


@dataclass(frozen=True)
class SurvivalSummary:
    unit: str
    n: int
    events: int
    km_median: float | None
    rmst: float
    share_within: float


def summarise(
    unit: np.ndarray,
    time: np.ndarray,
    event: np.ndarray,
    tau: float | None = None,
    within: float = 12.0,
) -> list[SurvivalSummary]:
    """One summary per unit (in order of first appearance); tau defaults to the largest time."""
    unit = np.asarray(unit).astype(str)
    time = np.asarray(time, dtype=float)
    event = np.asarray(event)
    if len(time) == 0:
        return []
    tau = float(time.max()) if tau is None else float(tau)
    if tau <= 0:
        raise ValueError("tau must be positive")
    _, first, codes = np.unique(unit, return_index=True, return_inverse=True)
    order = np.argsort(codes, kind="stable")
    bounds = np.concatenate([[0], np.cumsum(np.bincount(codes))])
    out = []
    for g in np.argsort(first):
        idx = order[bounds[g] : bounds[g + 1]]
        curve = kaplan_meier(time[idx], event[idx])
        out.append(
            SurvivalSummary(
                unit=str(unit[idx[0]]),
                n=curve.n,
                events=curve.events,
                km_median=curve.median(),
                rmst=curve.rmst(tau),
                share_within=1.0 - curve.at(within),
            )
        )
    return out
