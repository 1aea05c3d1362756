"""Columnar forms of candidates and positions (NumPy arrays) that the scorer works on.

Skånehensyn become bit masks over the taxonomy, wished sectors bit masks over the sector
vocabulary and occupation codes their 1-, 2-, 3- and 4-digit prefixes as integers (−1 where a
code is shorter), so feasibility and scoring are array operations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import config
from .competences import COMPETENCES
from .records import GOALS, Candidate, Position
from .taxonomy import ACCOMMODATIONS
from .vocabulary import SECTORS

KEY_BIT = {key: 1 << i for i, key in enumerate(ACCOMMODATIONS)}
COMPETENCE_BIT = {key: 1 << i for i, key in enumerate(COMPETENCES)}
SECTOR_KEYS: tuple[str, ...] = tuple(SECTORS)
SECTOR_INDEX = {key: i for i, key in enumerate(SECTOR_KEYS)}


def mask(keys: Sequence[str], bits: dict[str, int]) -> int:
    out = 0
    for key in keys:
        out |= bits[key]
    return out


def prefixes(code: str) -> list[int]:
    """[1-digit, 2-digit, 3-digit, 4-digit] groups of a code, −1 beyond its length."""
    return [int(code[:k]) if len(code) >= k else -1 for k in range(1, 5)]


@dataclass
class CandidateTable:
    records: list[Candidate]
    ids: list[str]
    lat: np.ndarray
    lon: np.ndarray
    max_commute_km: np.ndarray
    remote_ok: np.ndarray
    hours_min: np.ndarray
    hours_max: np.ndarray
    needs: np.ndarray  # uint32 bit mask
    occupations: np.ndarray  # (n, max codes, 4) prefixes, −1 padded
    wishes: np.ndarray  # uint32 bit mask over SECTOR_KEYS
    weeks_waiting: np.ndarray
    progression: np.ndarray  # bool: goal == "progression"
    competences: np.ndarray  # uint32 bit mask over COMPETENCES
    prospects: np.ndarray  # (n, max codes) 4-digit unit groups with good prospects, −1 padded
    prospects_weight: np.ndarray  # the lift of a position in one of them (0: off)

    @classmethod
    def build(cls, records: Sequence[Candidate]) -> CandidateTable:
        records = list(records)
        width = max([len(c.occupations) for c in records] + [1])
        occ = np.full((len(records), width, 4), -1, dtype=np.int64)
        for i, c in enumerate(records):
            for j, code in enumerate(c.occupations):
                occ[i, j] = prefixes(code)
        good_width = max([len(c.prospects) for c in records] + [1])
        good = np.full((len(records), good_width), -1, dtype=np.int64)
        for i, c in enumerate(records):
            good[i, : len(c.prospects)] = [int(code) for code in c.prospects]
        sector_bits = {k: 1 << i for i, k in enumerate(SECTOR_KEYS)}

        def col(name, dtype=np.float64):
            return np.array([getattr(c, name) for c in records], dtype=dtype)

        return cls(
            records=records,
            ids=[c.id for c in records],
            lat=col("lat"),
            lon=col("lon"),
            max_commute_km=col("max_commute_km"),
            remote_ok=col("remote_ok", bool),
            hours_min=col("hours_min"),
            hours_max=col("hours_max"),
            needs=np.array([mask(c.needs, KEY_BIT) for c in records], dtype=np.uint32),
            occupations=occ,
            wishes=np.array(
                [mask(c.wishes_sectors, sector_bits) for c in records], dtype=np.uint32
            ),
            weeks_waiting=col("weeks_waiting"),
            progression=np.array([c.goal == GOALS[0] for c in records], dtype=bool),
            competences=np.array(
                [mask(c.competences, COMPETENCE_BIT) for c in records], dtype=np.uint32
            ),
            prospects=good,
            prospects_weight=col("prospects_weight"),
        )

    def __len__(self) -> int:
        return len(self.records)


@dataclass
class PositionTable:
    records: list[Position]
    ids: list[str]
    lat: np.ndarray
    lon: np.ndarray
    remote: np.ndarray
    hours_min: np.ndarray
    hours_max: np.ndarray
    provides: np.ndarray  # uint32 bit mask
    occupation: np.ndarray  # (n, 4) prefixes
    sector: np.ndarray  # index into SECTOR_KEYS
    openings: np.ndarray
    employer: np.ndarray  # employer factor in [0, 1], from fleksjob hires
    skills: np.ndarray  # uint32 bit mask over COMPETENCES: what the position's tasks need

    @classmethod
    def build(cls, records: Sequence[Position]) -> PositionTable:
        records = list(records)

        def col(name, dtype=np.float64):
            return np.array([getattr(p, name) for p in records], dtype=dtype)

        hires = col("employer_fleksjob_hires")
        return cls(
            records=records,
            ids=[p.id for p in records],
            lat=col("lat"),
            lon=col("lon"),
            remote=col("remote", bool),
            hours_min=col("hours_min"),
            hours_max=col("hours_max"),
            provides=np.array([mask(p.provides, KEY_BIT) for p in records], dtype=np.uint32),
            occupation=np.array([prefixes(p.occupation) for p in records], dtype=np.int64).reshape(
                -1, 4
            ),
            sector=np.array([SECTOR_INDEX[p.sector] for p in records], dtype=np.int64),
            openings=col("openings", np.int64),
            employer=1.0 - np.exp(-hires / config.EMPLOYER_HIRES_SCALE),
            skills=np.array([mask(p.skills, COMPETENCE_BIT) for p in records], dtype=np.uint32),
        )

    def __len__(self) -> int:
        return len(self.records)
