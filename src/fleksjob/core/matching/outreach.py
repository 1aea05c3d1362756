"""Outreach that starts from people: which waiting citizens an employer could take.

For one employer, the **workplace** offers the union of what its positions have ever provided
(``offered``; a quiet room or a mentor is the workplace's, not one job's), so a candidate is
checked against each open position with the position's own provisions plus the workplace's:

- a **match**: feasible against at least one open position (``scoring.feasible`` with those
  provisions: every need provided, hours overlap, within the commute or remote);
- a **near miss**: no match, but hours and distance fit an open position and exactly one of the
  candidate's needs is missing there, so the match would be there if the workplace offered that
  one more provision. A candidate can be a near miss by different provisions at different
  positions; every such provision is named.

Employers are ranked by how many candidates they could take: matches, then near misses. Bits
and arrays are the ones ``tables`` builds; the work is a few array operations per chunk of
candidates against all open positions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from .scoring import distance_km, hours_overlap, reachable
from .tables import KEY_BIT, CandidateTable, PositionTable, mask

KEY_OF_BIT: dict[int, str] = {bit: key for key, bit in KEY_BIT.items()}
_CHUNK = 512  # candidates per block: bounds the (chunk × positions) arrays to a few MB


@dataclass(frozen=True)
class Fit:
    """One candidate for one employer: a match (``positions`` it fits, ``borrowed`` needs the
    positions do not list but the workplace has offered) or a near miss (``missing``: each
    provision that alone would make a match, ``positions`` where it would)."""

    candidate: str
    kind: str  # "match" or "near"
    positions: tuple[str, ...]
    missing: tuple[str, ...] = ()
    borrowed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reach:
    """An employer's candidates in counts, and near misses per missing provision."""

    employer: str
    matches: int
    near: int
    near_by_provision: tuple[tuple[str, int], ...] = field(default=())  # most first

    @property
    def total(self) -> int:
        return self.matches + self.near


def _bits(value: int) -> list[str]:
    """The provision keys set in a mask, in taxonomy order."""
    return [key for key, bit in KEY_BIT.items() if value & bit]


def _single_bit(missing: np.ndarray) -> np.ndarray:
    """Exactly one bit set."""
    return (missing != 0) & ((missing & (missing - 1)) == 0)


def workplace_masks(
    positions: PositionTable, offered: Mapping[str, Iterable[str]]
) -> tuple[np.ndarray, np.ndarray]:
    """Per open position: the employer's workplace mask, and the position's effective mask (its
    own provisions plus the workplace's)."""
    workplace = {e: mask(tuple(keys), KEY_BIT) for e, keys in offered.items()}
    employer_mask = np.array(
        [workplace.get(p.employer_id, 0) for p in positions.records], dtype=np.uint32
    )
    return employer_mask, positions.provides | employer_mask


def _pairs(c: CandidateTable, rows: slice, p: PositionTable, effective: np.ndarray):
    """(fits on hours and distance, missing needs) for a block of candidates × all positions.
    Distances (the expensive part) only for pairs that could be a match or a near miss: hours
    overlap and at most one need short; every other pair is left as not fitting."""
    ci = np.arange(len(c))[rows][:, None]
    pj = np.arange(len(p))[None, :]
    missing = c.needs[ci] & ~effective[pj]
    maybe = ((missing & (missing - np.uint32(1))) == 0) & hours_overlap(c, ci, p, pj)
    i, j = np.nonzero(maybe)
    ci_, pj_ = ci[i, 0], pj[0, j]
    fits = np.zeros(maybe.shape, dtype=bool)
    fits[i, j] = reachable(c, ci_, p, pj_, distance_km(c, ci_, p, pj_))
    return fits, missing


def reach(
    candidates: CandidateTable,
    positions: PositionTable,
    offered: Mapping[str, Iterable[str]],
) -> dict[str, Reach]:
    """Every employer with an open position: its matches and near misses among ``candidates``.

    ``positions`` are the open positions (any order); ``offered`` maps an employer id to the
    provisions its positions have offered (open or not)."""
    if not len(positions):
        return {}
    _, effective = workplace_masks(positions, offered)
    employers = np.array([p.employer_id for p in positions.records], dtype=object)
    order = np.argsort(employers, kind="stable")
    ids, starts = np.unique(employers[order], return_index=True)
    sorted_positions = PositionTable.build([positions.records[i] for i in order])
    effective = effective[order]
    matches = np.zeros(len(ids), dtype=np.int64)
    near = np.zeros(len(ids), dtype=np.int64)
    keys = list(KEY_BIT)
    per_key = np.zeros((len(ids), len(keys)), dtype=np.int64)
    for start in range(0, len(candidates), _CHUNK):
        block = slice(start, start + _CHUNK)
        fits, missing = _pairs(candidates, block, sorted_positions, effective)
        match = np.logical_or.reduceat(fits & (missing == 0), starts, axis=1)
        one = np.where(fits & _single_bit(missing), missing, 0).astype(np.uint32)
        near_bits = np.bitwise_or.reduceat(one, starts, axis=1)
        near_bits[match] = 0
        matches += match.sum(axis=0)
        near += (near_bits != 0).sum(axis=0)
        # Bit k of a mask is the taxonomy's k-th key (tables.KEY_BIT): count each bit at once.
        bits = np.unpackbits(
            near_bits.astype("<u4").view(np.uint8).reshape(*near_bits.shape, 4),
            axis=-1,
            bitorder="little",
        )
        per_key += bits.sum(axis=0, dtype=np.int64)[:, : len(keys)]
    return {
        str(e): Reach(
            str(e),
            int(matches[i]),
            int(near[i]),
            _most_first((keys[k], int(n)) for k, n in enumerate(per_key[i]) if n),
        )
        for i, e in enumerate(ids)
    }


def rank(reaches: Iterable[Reach]) -> list[Reach]:
    """Employers that could take anyone, most matches first, then most near misses."""
    return sorted(
        (r for r in reaches if r.total),
        key=lambda r: (-r.matches, -r.near, r.employer),
    )


def fits_for(
    candidates: CandidateTable,
    positions: PositionTable,
    offered: Iterable[str],
) -> list[Fit]:
    """One employer's candidates in detail: ``positions`` are its open positions, ``offered``
    what its workplace has offered. Matches first, then near misses; within each, the longest
    waiting first (the matching's priority), then by id."""
    if not len(positions) or not len(candidates):
        return []
    workplace = np.uint32(mask(tuple(offered), KEY_BIT))
    effective = positions.provides | workplace
    found: list[tuple[Fit, float]] = []
    for start in range(0, len(candidates), _CHUNK):
        fits, missing = _pairs(candidates, slice(start, start + _CHUNK), positions, effective)
        for row in np.flatnonzero(fits.any(axis=1)):
            i = start + int(row)
            ok = fits[row]
            hit = ok & (missing[row] == 0)
            if hit.any():
                # Needs that no matching position lists itself: the workplace's offer.
                own = int(np.bitwise_or.reduce(positions.provides[hit]))
                borrowed = int(candidates.needs[i]) & ~own
                fit = Fit(
                    candidates.ids[i],
                    "match",
                    tuple(positions.ids[j] for j in np.flatnonzero(hit)),
                    borrowed=tuple(_bits(borrowed)),
                )
            else:
                one = ok & _single_bit(missing[row])
                if not one.any():
                    continue
                fit = Fit(
                    candidates.ids[i],
                    "near",
                    tuple(positions.ids[j] for j in np.flatnonzero(one)),
                    missing=tuple(_bits(int(np.bitwise_or.reduce(missing[row][one])))),
                )
            found.append((fit, float(candidates.weeks_waiting[i])))
    found.sort(key=lambda pair: (pair[0].kind != "match", -pair[1], pair[0].candidate))
    return [fit for fit, _weeks in found]


def summarise(fits: Sequence[Fit]) -> tuple[int, int, tuple[tuple[str, int], ...]]:
    """(matches, near misses, near misses per missing provision) of one employer's fits: the
    same figures ``reach`` computes for all employers at once."""
    counts = Counter(key for fit in fits if fit.kind == "near" for key in fit.missing)
    return (
        sum(fit.kind == "match" for fit in fits),
        sum(fit.kind == "near" for fit in fits),
        _most_first(counts.items()),
    )


def _most_first(counts: Iterable[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts, key=lambda kv: (-kv[1], kv[0])))
