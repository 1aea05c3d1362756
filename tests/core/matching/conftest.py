"""Shared helpers: random instances and an independent, pure-Python reference scorer."""

from __future__ import annotations

import math
import random
from collections import Counter

import pytest

from fleksjob.core.matching import config
from fleksjob.core.matching.competences import COMPETENCES
from fleksjob.core.matching.records import candidate_from_dict, position_from_dict
from fleksjob.core.matching.taxonomy import KEYS
from fleksjob.core.matching.text import word_features, words
from fleksjob.core.matching.vocabulary import SECTORS

KEY_LIST = sorted(KEYS)
SECTOR_LIST = sorted(SECTORS)
CODES = ["4110", "4120", "4132", "5223", "5414", "9112", "9121", "2611", "2619", "7411"]
PHRASES = [
    "rengøring af kontorer",
    "erfaring som rengøringsassistent",
    "kundeservice i butik",
    "lagerarbejde og pakning",
    "journalisering og scanning af post",
    "pasning af grønne områder",
    "IT-support til kolleger",
    "kalenderstyring for ledelsen",
]


def random_instance(n_c: int, n_p: int, seed: int, spread_deg: float = 1.0):
    """Candidates and positions (records) with everything drawn at random around Denmark."""
    rng = random.Random(seed)

    def place():
        return (
            round(56.0 + rng.uniform(-spread_deg, spread_deg), 5),
            round(10.5 + rng.uniform(-spread_deg, spread_deg) * 1.6, 5),
        )

    def hours():
        low = rng.choice([0, 2, 4, 5, 8, 10, 15, 20])
        return float(low), float(low + rng.choice([0, 2, 5, 10]))

    # Job crafting from its own stream, so the draws above stay what they were.
    crafting = random.Random(seed + 1_000_003)
    competences = sorted(COMPETENCES)[:8]

    def crafted():
        return {"competences": crafting.sample(competences, crafting.choice([0, 1, 2, 3]))}

    def tasks():
        if crafting.random() < 0.5:
            return {}
        return {
            "tasks": [
                {
                    "hours": crafting.choice([2, 4.5, 8, 13]),
                    "skills": crafting.sample(competences, crafting.choice([0, 1, 2])),
                }
                for _ in range(crafting.choice([1, 2, 3, 4]))
            ]
        }

    cands, poss = [], []
    for i in range(n_c):
        lat, lon = place()
        lo, hi = hours()
        cands.append(
            {
                "id": f"c{i}",
                "lat": lat,
                "lon": lon,
                "max_commute_km": rng.choice([0.0, 5.0, 15.0, 30.0, 60.0]),
                "remote_ok": rng.random() < 0.3,
                "hours_min": lo,
                "hours_max": hi,
                "needs": rng.sample(KEY_LIST, rng.choice([0, 1, 1, 2, 3])),
                "occupations": rng.sample(CODES, rng.choice([0, 1, 1, 2])),
                "skills_text": " ".join(rng.sample(PHRASES, rng.choice([0, 1, 2]))),
                "wishes_sectors": rng.sample(SECTOR_LIST, rng.choice([0, 1, 2])),
                "weeks_waiting": float(rng.choice([0, 5, 30, 60, 120, 200])),
                "goal": rng.choice(["progression", "retention", "education"]),
                **crafted(),
            }
        )
    for j in range(n_p):
        lat, lon = place()
        lo, hi = hours()
        poss.append(
            {
                "id": f"p{j}",
                "employer_id": f"e{j % 7}",
                "lat": lat,
                "lon": lon,
                "remote": rng.random() < 0.15,
                "hours_min": lo,
                "hours_max": hi,
                "provides": rng.sample(KEY_LIST, rng.choice([0, 4, 8, 16, 24])),
                "occupation": rng.choice([*CODES, "41", "9"]),
                "text": " ".join(rng.sample(PHRASES, rng.choice([1, 2, 3]))),
                "sector": rng.choice(SECTOR_LIST),
                "openings": rng.choice([1, 1, 1, 2, 3]),
                "employer_fleksjob_hires": rng.choice([0, 0, 1, 4]),
                **tasks(),
            }
        )
    return [candidate_from_dict(c) for c in cands], [position_from_dict(p) for p in poss]


def haversine(lat1, lon1, lat2, lon2) -> float:
    """Written from the formula, independently of the engine's NumPy version."""
    r = 6371.0
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * r * math.asin(math.sqrt(min(1.0, a)))


def is_feasible(c, p) -> bool:
    """The issue's three rules, literally."""
    if not set(c.needs) <= set(p.provides):
        return False
    if max(c.hours_min, p.hours_min) > min(c.hours_max, p.hours_max):
        return False
    near = haversine(c.lat, c.lon, p.lat, p.lon) <= c.max_commute_km
    return near or (p.remote and c.remote_ok)


class ReferenceScorer:
    """Pure-Python scorer from the documented factor definitions (config's docstrings)."""

    def __init__(self, positions):
        self.positions = positions
        n = len(positions)
        df = Counter()
        for p in positions:
            df.update(set(self._features(p.text)))
        self.idf = {f: math.log((1 + n) / (1 + d)) + 1 for f, d in df.items()}
        self.unseen = math.log(1 + n) + 1

    @staticmethod
    def _features(text):
        return [f for w in words(text) for f in word_features(w)]

    def _vector(self, text):
        tf = Counter(self._features(text))
        weights = {f: t * self.idf.get(f, self.unseen) for f, t in tf.items()}
        norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
        return {f: v / norm for f, v in weights.items() if f in self.idf}

    def text(self, a: str, b: str) -> float:
        va, vb = self._vector(a), self._vector(b)
        return sum(v * vb.get(f, 0.0) for f, v in va.items())

    def factors(self, c, p) -> dict[str, float]:
        shared = 0
        for code in c.occupations:
            n = 0
            for x, y in zip(code, p.occupation, strict=False):
                if x != y:
                    break
                n += 1
            shared = max(shared, n)
        credit = {0: 0.0, 1: 0.1, 2: 0.3, 3: 0.6, 4: 1.0}[shared]
        wished = 1.0 if p.sector in c.wishes_sectors else 0.0
        sector = wished if c.wishes_sectors else 0.5
        use = min(c.hours_max, p.hours_max) / c.hours_max if c.hours_max > 0 else 1.0
        growth = min(1.0, max(0.0, (p.hours_max - c.hours_max) / 5.0))
        hours = 0.7 * use + 0.3 * growth if c.goal == "progression" else use
        km = haversine(c.lat, c.lon, p.lat, p.lon)
        if p.remote and c.remote_ok:
            distance = 1.0
        elif c.max_commute_km > 0:
            distance = min(1.0, max(0.0, 1 - km / c.max_commute_km))
        else:
            distance = 1.0
        needed = set().union(*(t.skills for t in p.tasks))
        have = needed & set(c.competences)
        return {
            "occupation": credit,
            # Job crafting: share of the tasks' competences; the occupation's value without.
            "competences": len(have) / len(needed) if needed else credit,
            "text": min(1.0, max(0.0, self.text(c.skills_text, p.text))),
            "sector": sector,
            "hours": hours,
            "distance": distance,
            "employer": 1 - math.exp(-p.employer_fleksjob_hires / 3.0),
        }

    def score(self, c, p) -> float:
        f = self.factors(c, p)
        return sum(config.WEIGHTS[k] * f[k] for k in f)


@pytest.fixture
def small_instance():
    return random_instance(60, 200, seed=7)
