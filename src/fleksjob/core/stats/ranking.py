"""Rank intervals from simultaneous pairwise comparisons.

A unit's rank can only be pinned down as far as the data separate it from the others. Every
pair is compared with a two-sided z-test at a Bonferroni-adjusted level over all K(K − 1)/2
pairs, so all the statements hold together with probability ≥ ``level`` (the approach of Klein,
Wright and Wieczorek 2020, "A joint confidence region for an overall ranking of populations").
A unit's best possible rank is 1 + the number of units significantly better than it; its worst
is K − the number significantly worse.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import norm, rankdata


@dataclass(frozen=True)
class RankIntervals:
    rank: np.ndarray  # point rank (1 = best; ties share the lowest rank)
    lower: np.ndarray  # best rank the data allow
    upper: np.ndarray  # worst rank the data allow


def rank_intervals(
    estimate: np.ndarray,
    std_error: np.ndarray,
    higher_is_better: bool = True,
    level: float = 0.95,
) -> RankIntervals:
    est = np.asarray(estimate, dtype=float)
    se = np.asarray(std_error, dtype=float)
    if est.shape != se.shape or est.ndim != 1 or np.any(se < 0):
        raise ValueError("estimate and std_error must be 1-d of one length, std_error ≥ 0")
    k = len(est)
    score = est if higher_is_better else -est
    if k < 2:
        one = np.ones(k, dtype=int)
        return RankIntervals(one, one.copy(), one.copy())
    pairs = k * (k - 1) / 2
    crit = norm.ppf(1 - (1 - level) / (2 * pairs))
    diff = score[:, None] - score[None, :]  # i minus j
    spread = np.sqrt(se[:, None] ** 2 + se[None, :] ** 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(spread > 0, diff / np.where(spread > 0, spread, 1.0), np.sign(diff) * np.inf)
    better_than_me = (z < -crit).sum(axis=1)  # j significantly above i
    worse_than_me = (z > crit).sum(axis=1)
    rank = rankdata(-score, method="min").astype(int)
    return RankIntervals(rank, 1 + better_than_me, k - worse_than_me)
