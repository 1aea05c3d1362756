"""Matching instances of any size from synthetic Denmark's building blocks, deterministic by seed.

Emits candidate and position records in the ``fleksjob match`` JSONL formats (issue 4) without a
database: citizens get skånehensyn, hours capacity, occupations, wishes and competence texts as
the generator draws them; positions get occupations, hours, provisions and task texts the same
way; citizens' competences follow their occupations and some positions are described as tasks
(job crafting). Half of the positions are modelled on a citizen (their needs provided, near
them), as in the generator's open vacancies, so matching has real work to do. Places scatter
around the 98 municipalities' centres, weighted by population. The national generator's output
is untouched.
"""

from __future__ import annotations

import numpy as np

from fleksjob.core.records.limits import MAX_WEEKLY_HOURS
from fleksjob.reference import municipalities

from . import calibration as cal
from .competences import BY_OCCUPATION, competences_of
from .occupations import OCCUPATIONS
from .people import NEED_KEYS, draw_capacity, round_half
from .positions import _hours_range, _make, _provides, position_texts
from .profiles import occupation_codes, skills_texts, wishes
from .texts import LANGUAGE_SUPPORT_SHARE, NEEDS_PROFILES

_WEIGHT = np.array([o.weight for o in OCCUPATIONS])
_KEY = {k: i for i, k in enumerate(NEED_KEYS)}
COMMUTE_KM = np.array([5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 60.0])
_COMMUTE_P = np.array([0.05, 0.15, 0.2, 0.25, 0.2, 0.1, 0.05])
SCATTER_KM = 8.0  # [assumption] spread of homes and workplaces around a municipality's centre
CRAFTED_SHARE = 0.15  # [assumption] positions described as tasks (job crafting)


def _places(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    ref = municipalities()
    weight = np.array([m.population for m in ref], dtype=float)
    idx = rng.choice(len(ref), size=n, p=weight / weight.sum())
    lat0 = np.array([m.lat for m in ref])[idx]
    lon0 = np.array([m.lon for m in ref])[idx]
    lat = lat0 + rng.standard_normal(n) * SCATTER_KM / 111.0
    lon = lon0 + rng.standard_normal(n) * SCATTER_KM / (111.0 * np.cos(np.radians(lat0)))
    return np.round(np.clip(lat, 54.56, 57.74), 5), np.round(np.clip(lon, 8.06, 15.14), 5)


def _needs(rng: np.random.Generator, n: int) -> np.ndarray:
    probs = np.zeros((len(NEEDS_PROFILES), len(NEED_KEYS)))
    for i, profile in enumerate(NEEDS_PROFILES):
        for key, p in profile.keys:
            probs[i, _KEY[key]] = p
    weights = np.array([p.weight for p in NEEDS_PROFILES])
    profile = rng.choice(len(weights), size=n, p=weights / weights.sum())
    needs = rng.random((n, len(NEED_KEYS))) < probs[profile]
    needs[:, _KEY["language_support"]] |= rng.random(n) < LANGUAGE_SUPPORT_SHARE
    top = probs.argmax(axis=1)[profile]
    none = ~needs.any(axis=1)
    needs[np.flatnonzero(none), top[none]] = True
    return needs


def _keys(row: np.ndarray) -> list[str]:
    return sorted(NEED_KEYS[i] for i in np.flatnonzero(row))


def matching_instance(
    n_candidates: int, n_positions: int, seed: int = 1
) -> tuple[list[dict], list[dict]]:
    """(candidates, positions) as dicts in the JSONL formats of ``fleksjob match``."""
    rng = np.random.default_rng([seed, 4])
    n = n_candidates
    lat, lon = _places(rng, n)
    capacity = draw_capacity(rng, n)
    hours_max = capacity
    hours_min = np.maximum(1.0, round_half(capacity - rng.choice([0.0, 2.0, 4.0, 6.0], size=n)))
    hours_min = np.minimum(hours_min, hours_max)
    needs = _needs(rng, n)
    occ1 = rng.choice(len(OCCUPATIONS), size=n, p=_WEIGHT / _WEIGHT.sum())
    occ2 = rng.choice(len(OCCUPATIONS), size=n, p=_WEIGHT / _WEIGHT.sum())
    occ2 = np.where((rng.random(n) < 0.5) & (occ2 != occ1), occ2, -1)
    codes = occupation_codes(occ1, occ2)
    sectors, _ = wishes(rng, occ1)
    texts = skills_texts(rng, occ1, occ2)
    commute = rng.choice(COMMUTE_KM, size=n, p=_COMMUTE_P)
    remote_ok = rng.random(n) < 0.3
    weeks = np.round(rng.exponential(40.0, size=n))
    goals = rng.choice(list(cal.GOAL_SHARES), size=n, p=list(cal.GOAL_SHARES.values()))
    candidates = [
        {
            "id": f"c{i + 1}",
            "lat": float(lat[i]),
            "lon": float(lon[i]),
            "max_commute_km": float(commute[i]),
            "remote_ok": bool(remote_ok[i]),
            "hours_min": float(hours_min[i]),
            "hours_max": float(hours_max[i]),
            "needs": _keys(needs[i]),
            "occupations": codes[i],
            "skills_text": texts[i],
            "wishes_sectors": sectors[i],
            "weeks_waiting": float(weeks[i]),
            "goal": str(goals[i]),
        }
        for i in range(n)
    ]

    m = n_positions
    templated = (rng.random(m) < cal.TEMPLATED_OPEN_SHARE) & (n > 0)
    model = rng.integers(0, max(n, 1), size=m)
    occ = rng.choice(len(OCCUPATIONS), size=m, p=_WEIGHT / _WEIGHT.sum())
    occ = np.where(templated, occ1[model] if n else occ, occ)
    must = np.where(templated[:, None], needs[model] if n else False, False)
    p_lat, p_lon = _places(rng, m)
    near = templated & (rng.random(m) < 0.7)
    jitter = rng.standard_normal((2, m)) * 5.0 / 111.0
    if n:
        p_lat = np.where(near, np.round(np.clip(lat[model] + jitter[0], 54.56, 57.74), 5), p_lat)
        p_lon = np.where(near, np.round(np.clip(lon[model] + jitter[1], 8.06, 15.14), 5), p_lon)
    low, high = _hours_range(rng, occ)
    if n:
        low = np.where(templated, np.minimum(low, hours_min[model]), low)
        high = np.where(
            templated, np.maximum(high, np.minimum(hours_max[model], MAX_WEEKLY_HOURS)), high
        )
    employer = rng.integers(0, max(1, m // 2), size=m)
    pos = _make(
        employer, occ, low, high, _provides(rng, occ, must), 1, np.zeros(m, dtype=np.int64), rng
    )
    _, p_texts = position_texts(rng, pos)
    sector_pick = rng.integers(0, 1 << 30, size=m)
    hires = rng.poisson(0.6, size=m)
    positions = [
        {
            "id": f"p{j + 1}",
            "employer_id": f"e{int(employer[j]) + 1}",
            "lat": float(p_lat[j]),
            "lon": float(p_lon[j]),
            "remote": bool(pos.remote[j]),
            "hours_min": float(pos.hours_min[j]),
            "hours_max": float(pos.hours_max[j]),
            "provides": _keys(pos.provides[j]),
            "occupation": OCCUPATIONS[int(occ[j])].code,
            "text": p_texts[j],
            "sector": OCCUPATIONS[int(occ[j])].sectors[
                int(sector_pick[j]) % len(OCCUPATIONS[int(occ[j])].sectors)
            ],
            "openings": int(pos.openings[j]),
            "employer_fleksjob_hires": int(hires[j]),
        }
        for j in range(m)
    ]
    _crafting(seed, candidates, positions)
    return candidates, positions


def _crafting(seed: int, candidates: list[dict], positions: list[dict]) -> None:
    """Job crafting, from its own stream (the draws above stay as they were): every citizen's
    competences from their occupations, and CRAFTED_SHARE of the positions described as tasks,
    one per competence of the occupation, sharing the position's most hours."""
    rng = np.random.default_rng([seed, 5])
    for c in candidates:
        c["competences"] = competences_of(c["occupations"])
    crafted = rng.random(len(positions)) < CRAFTED_SHARE
    for p, is_crafted in zip(positions, crafted.tolist(), strict=True):
        keys = BY_OCCUPATION.get(p["occupation"], ())
        if not is_crafted or not keys:
            continue
        share = max(0.5, round_half(p["hours_max"] / len(keys)))
        p["tasks"] = [
            {"id": str(i), "hours": float(share), "skills": [key]} for i, key in enumerate(keys)
        ]
