"""Comparison labels from funnel flags and an indicator's direction, and peer municipalities."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

DIRECTIONS = ("low_is_good", "high_is_good", "no_judgement")
LABELS_DA = {
    "better": "Bedre",
    "similar": "Som forventet",
    "worse": "Ringere",
    "higher": "Højere",
    "lower": "Lavere",
    "not_compared": "Ikke sammenlignet",
}
LABELS_EN = {
    "better": "Better",
    "similar": "Similar",
    "worse": "Worse",
    "higher": "Higher",
    "lower": "Lower",
    "not_compared": "Not compared",
}


def comparison_label(flag: np.ndarray, direction: str, level: str = "95") -> np.ndarray:
    """better / similar / worse / not_compared for each flag (None, "" or NaN: not compared).

    ``level`` "95" counts a unit outside its 95 % limits (so also outside 99.8 %); "998" only
    outside 99.8 %. For an indicator without a judgement the labels are higher / lower.
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}")
    if level not in ("95", "998"):
        raise ValueError('level must be "95" or "998"')
    f = pd.Series(flag, dtype=object).fillna("").to_numpy().astype(str)
    high = (f == "high998") | ((f == "high95") & (level == "95"))
    low = (f == "low998") | ((f == "low95") & (level == "95"))
    known = np.isin(f, ["high998", "high95", "within", "low95", "low998"])
    up, down = {
        "low_is_good": ("worse", "better"),
        "high_is_good": ("better", "worse"),
        "no_judgement": ("higher", "lower"),
    }[direction]
    return np.select([~known, high, low], ["not_compared", up, down], default="similar")


@dataclass(frozen=True)
class Peer:
    """One peer and why: its distance in standardised framework conditions and, per
    condition, how many standard deviations it lies from the unit (peer − unit)."""

    unit: str
    distance: float
    differences: dict[str, float]


def peer_details(conditions: pd.DataFrame, k: int = 5) -> dict[str, list[Peer]]:
    """The ``k`` units most similar in framework conditions, nearest first, with the reason.

    ``conditions`` is indexed by unit with one numeric column per condition (e.g. local
    unemployment, share aged 50+, share with low education, log population). Each condition is
    standardised (mean 0, population standard deviation 1) so none dominates by its scale;
    distance is Euclidean; ties go to the lower unit id. This stands in for STAR's clusters of
    comparable framework conditions, which the reference data does not hold.
    """
    if conditions.isna().to_numpy().any():
        raise ValueError("framework conditions must not be missing")
    values = conditions.to_numpy(dtype=float)
    sd = values.std(axis=0)
    z = (values - values.mean(axis=0)) / np.where(sd > 0, sd, 1.0)
    dist = np.sqrt(((z[:, None, :] - z[None, :, :]) ** 2).sum(axis=2))
    np.fill_diagonal(dist, np.inf)
    ids = np.asarray(conditions.index).astype(str)
    names = [str(c) for c in conditions.columns]
    by_id = np.argsort(ids, kind="stable")
    out = {}
    for i, unit in enumerate(ids):
        # lexsort: last key is primary, so sort by distance, then by id.
        order = np.lexsort((np.argsort(by_id), dist[i]))
        out[str(unit)] = [
            Peer(
                str(ids[j]),
                float(dist[i, j]),
                {name: float(z[j, c] - z[i, c]) for c, name in enumerate(names)},
            )
            for j in order[: min(k, len(ids) - 1)]
        ]
    return out


def peers(conditions: pd.DataFrame, k: int = 5) -> dict[str, list[str]]:
    """The ``k`` units most similar in framework conditions, nearest first (``peer_details``
    without the reasons)."""
    return {unit: [p.unit for p in found] for unit, found in peer_details(conditions, k).items()}
