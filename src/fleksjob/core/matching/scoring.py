"""Feasibility and the score's factors for arrays of citizen–position pairs.

``ci`` and ``pj`` index a :class:`CandidateTable` and a :class:`PositionTable`; either may be a
single integer (one citizen against many positions, or the reverse), NumPy broadcasting does the
rest. Feasibility is exactly the issue's rule; the factors are documented in ``config``.
"""

from __future__ import annotations

import numpy as np

from . import config
from .geo import haversine_km
from .tables import CandidateTable, PositionTable

WEIGHT_VECTOR = np.array([config.WEIGHTS[f] for f in config.FACTORS])
_CREDIT = np.array(config.OCCUPATION_CREDIT)


def needs_met(c: CandidateTable, ci, p: PositionTable, pj) -> np.ndarray:
    """Every skånehensyn the citizen needs is among what the position provides."""
    return (c.needs[ci] & ~p.provides[pj]) == 0


def hours_overlap(c: CandidateTable, ci, p: PositionTable, pj) -> np.ndarray:
    low = np.maximum(c.hours_min[ci], p.hours_min[pj])
    return low <= np.minimum(c.hours_max[ci], p.hours_max[pj])


def distance_km(c: CandidateTable, ci, p: PositionTable, pj) -> np.ndarray:
    return haversine_km(c.lat[ci], c.lon[ci], p.lat[pj], p.lon[pj])


def reachable(c: CandidateTable, ci, p: PositionTable, pj, km: np.ndarray) -> np.ndarray:
    """Within the citizen's commute, or a remote position for a citizen who accepts remote."""
    return (km <= c.max_commute_km[ci]) | (p.remote[pj] & c.remote_ok[ci])


def feasible(c: CandidateTable, ci, p: PositionTable, pj) -> np.ndarray:
    km = distance_km(c, ci, p, pj)
    return needs_met(c, ci, p, pj) & hours_overlap(c, ci, p, pj) & reachable(c, ci, p, pj, km)


def shared_digits(c: CandidateTable, ci, p: PositionTable, pj) -> np.ndarray:
    """Most leading digits the position's code shares with any of the citizen's codes (0–4)."""
    cand = c.occupations[ci]  # (..., codes, 4)
    pos = np.asarray(p.occupation[pj])[..., None, :]  # (..., 1, 4)
    same = (cand == pos) & (cand >= 0)
    return same.sum(axis=-1).max(axis=-1)


def competence_coverage(c: CandidateTable, ci, p: PositionTable, pj, occupation) -> np.ndarray:
    """Share of the competences the position's tasks need that the citizen has; a position
    whose tasks need none takes ``occupation`` (its score then is as before job crafting)."""
    needed = p.skills[pj]
    have = np.bitwise_count(c.competences[ci] & needed).astype(np.float64)
    total = np.bitwise_count(needed).astype(np.float64)
    return np.where(total > 0, have / np.where(total > 0, total, 1.0), occupation)


def factors(
    c: CandidateTable, ci, p: PositionTable, pj, km: np.ndarray, text: np.ndarray
) -> np.ndarray:
    """(pairs, len(FACTORS)) matrix of factor values in [0, 1], columns in FACTORS order."""
    occupation = _CREDIT[shared_digits(c, ci, p, pj)]
    wishes = c.wishes[ci]
    wished = ((wishes >> p.sector[pj].astype(np.uint32)) & 1).astype(np.float64)
    sector = np.where(wishes == 0, config.SECTOR_NO_WISH, wished)

    c_max, p_max = c.hours_max[ci], p.hours_max[pj]
    use = np.where(c_max > 0, np.minimum(c_max, p_max) / np.where(c_max > 0, c_max, 1.0), 1.0)
    growth = np.clip((p_max - c_max) / config.GROWTH_HOURS, 0.0, 1.0)
    g = config.PROGRESSION_GROWTH_SHARE
    hours = np.where(c.progression[ci], (1 - g) * use + g * growth, use)

    commute = c.max_commute_km[ci]
    near = np.where(commute > 0, 1.0 - km / np.where(commute > 0, commute, 1.0), 1.0)
    remote = p.remote[pj] & c.remote_ok[ci]
    distance = np.where(remote, 1.0, np.clip(near, 0.0, 1.0))

    columns = {
        "occupation": occupation,
        "competences": competence_coverage(c, ci, p, pj, occupation),
        "text": np.clip(text, 0.0, 1.0),
        "sector": sector,
        "hours": hours,
        "distance": distance,
        "employer": p.employer[pj],
    }
    shape = np.broadcast_shapes(*(np.shape(v) for v in columns.values()))
    shape = shape if shape else (1,)
    return np.column_stack([np.broadcast_to(columns[f], shape) for f in config.FACTORS])


def prospects_lift(c: CandidateTable, ci, p: PositionTable, pj) -> np.ndarray:
    """Per pair, the retraining prospects weight (opt-in, docs/matching.md): the citizen's
    ``prospects_weight`` where the position's 4-digit unit group is among the citizen's
    occupations with good prospects in their area, else 0."""
    unit = np.asarray(p.occupation[pj])[..., 3]
    good = c.prospects[ci]
    hit = ((good == unit[..., None]) & (good >= 0)).any(axis=-1)
    return np.where(hit, c.prospects_weight[ci], 0.0)


def lift(value, by) -> np.ndarray:
    """``value`` lifted by the share ``by`` of its distance to 1: v + by · (1 − v). Monotone in
    ``value`` (for ``by`` < 1), in [0, 1] for ``value`` in [0, 1], and exactly ``value`` for
    ``by`` = 0."""
    value = np.asarray(value)
    return value + by * (1.0 - value)


def score(components: np.ndarray, lift_by=0.0) -> np.ndarray:
    """Weighted sum of the factors, in [0, 1]; lifted by the retraining prospects weight where
    it applies (``prospects_lift``; 0 leaves it as it is)."""
    return lift(np.clip(components @ WEIGHT_VECTOR, 0.0, 1.0), lift_by)


def priority(weeks_waiting) -> np.ndarray:
    """In [0, PRIORITY_MAX], rising linearly with weeks on ledighedsydelse."""
    share = np.clip(np.asarray(weeks_waiting, dtype=float) / config.PRIORITY_FULL_WEEKS, 0, 1)
    return config.PRIORITY_MAX * share


def weight(score_values, weeks_waiting) -> np.ndarray:
    """The assignment's weight: 1 + score + priority."""
    return 1.0 + np.asarray(score_values) + priority(weeks_waiting)
