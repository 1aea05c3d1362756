"""Top-k positions per citizen (single queries and batch runs) and top-k citizens per position.

A batch run evaluates every citizen once against the index (in worker processes when asked) and
keeps a ranked shortlist per citizen; recommendations, the exposure cap, the assignment's edges and
the candidates per position are all drawn from that one pass.
"""

from __future__ import annotations

import itertools
import multiprocessing
from dataclasses import dataclass

import numpy as np

from . import config
from .explain import reasons
from .index import PositionIndex, PreparedCandidates
from .records import Candidate
from .scoring import WEIGHT_VECTOR, distance_km, factors, feasible, lift, prospects_lift, score

SCORE_DIGITS = 6  # scores are rounded once, so files and the assignment see the same numbers


@dataclass(frozen=True)
class Match:
    """One explained citizen–position pair."""

    candidate: str
    position: str
    score: float
    reasons: list[str]
    factors: dict[str, float]
    distance_km: float

    def for_candidate(self) -> dict:
        return {"position": self.position, "score": self.score, "reasons": self.reasons}

    def for_position(self) -> dict:
        return {"candidate": self.candidate, "score": self.score, "reasons": self.reasons}


@dataclass
class Evaluation:
    """A citizen's feasible positions: rows, distances, factors, scores (best first)."""

    rows: np.ndarray
    km: np.ndarray
    components: np.ndarray
    scores: np.ndarray
    n_feasible: int  # all feasible positions, also when only the best k are kept
    # With keep_bounds: every feasible row, its score estimate, an upper bound of its exact
    # score and whether the estimate is exact (see ``candidates_per_position``).
    bounds: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None


_TEXT = config.FACTORS.index("text")
_W_TEXT = config.WEIGHTS["text"]


def _ranked(scores: np.ndarray, rows: np.ndarray, k: int | None) -> np.ndarray:
    """Order of the best ``k`` by score (ties: lower row first)."""
    if k is not None and k < len(scores):
        part = np.argpartition(-scores, k - 1)[:k]
        # Keep everything tied with the k-th so the tie-break below is exact.
        cut = scores[part].min()
        part = np.flatnonzero(scores >= cut)
    else:
        part = np.arange(len(scores))
    order = part[np.lexsort((rows[part], -scores[part]))]
    return order if k is None else order[:k]


def evaluate(
    index: PositionIndex,
    prepared: PreparedCandidates,
    ci: int,
    k: int | None = None,
    keep_bounds: bool = False,
) -> Evaluation:
    """Candidate ``ci``'s feasible positions, scored, best first (only the best ``k`` if given).

    With ``k``, exact text cosines are computed only where they can matter: for the best
    TEXT_EXACT_FACTOR · k pairs by the projected cosine, then for every other pair whose upper
    bound (projected cosine + error bound) reaches the k-th best exact score. The top k and
    their scores are therefore exact.
    """
    rows, km = index.feasible(prepared, ci)
    n = len(rows)
    c, p = prepared.table, index.table
    by = prospects_lift(c, ci, p, rows)  # 0 unless the retraining prospects option applies
    bounds = None
    if k is None or n <= config.TEXT_EXACT_FACTOR * k:
        comps = factors(c, ci, p, rows, km, index.text_scores(prepared, ci, rows))
        if keep_bounds:
            exact = np.round(score(comps, by), SCORE_DIGITS)
            bounds = (rows, exact, exact, np.ones(n, dtype=bool))
    else:
        approx, bound = index.approximate_text_scores(prepared, ci, rows)
        comps = factors(c, ci, p, rows, km, approx)
        base = comps @ WEIGHT_VECTOR - _W_TEXT * comps[:, _TEXT]
        m = config.TEXT_EXACT_FACTOR * k
        # The lift is monotone in the score, so the bounds hold for the lifted scores too.
        first = np.argpartition(-lift(base + _W_TEXT * comps[:, _TEXT], by), m - 1)[:m]
        comps[first, _TEXT] = np.clip(index.text_scores(prepared, ci, rows[first]), 0, 1)
        kth = np.partition(lift(comps[first] @ WEIGHT_VECTOR, by[first]), m - k)[m - k]
        upper = lift(base + _W_TEXT * np.clip(approx + bound, 0.0, 1.0), by)
        maybe = upper >= kth - 1e-6
        maybe[first] = False
        extra = np.flatnonzero(maybe)
        if extra.size:
            comps[extra, _TEXT] = np.clip(index.text_scores(prepared, ci, rows[extra]), 0, 1)
        keep = np.concatenate([first, extra])
        if keep_bounds:
            known = np.zeros(n, dtype=bool)
            known[keep] = True
            estimate = np.round(score(comps, by), SCORE_DIGITS)
            bounds = (rows, estimate, np.where(known, estimate, upper), known)
        rows, km, comps, by = rows[keep], km[keep], comps[keep], by[keep]
    scores = np.round(score(comps, by), SCORE_DIGITS)
    order = _ranked(scores, rows, k)
    return Evaluation(rows[order], km[order], comps[order], scores[order], n, bounds)


def explain(
    index: PositionIndex, prepared: PreparedCandidates, ci: int, row: int, comps, km: float, s
) -> Match:
    candidate = prepared.table.records[ci]
    position = index.table.records[row]
    named = {f: float(v) for f, v in zip(config.FACTORS, comps, strict=True)}
    # What the retraining prospects option added to the score (0 when it does not apply).
    lifted = float(s) - float(np.round(score(np.asarray(comps)), SCORE_DIGITS))
    return Match(
        candidate.id,
        position.id,
        float(s),
        reasons(candidate, position, named, km, prospects=lifted),
        named,
        km,
    )


def recommend_prepared(
    index: PositionIndex, prepared: PreparedCandidates, ci: int, k: int = 10
) -> list[Match]:
    ev = evaluate(index, prepared, ci, k)
    return [
        explain(index, prepared, ci, int(r), c, float(d), s)
        for r, d, c, s in zip(ev.rows, ev.km, ev.components, ev.scores, strict=True)
    ]


def recommend(candidate: Candidate, index: PositionIndex, k: int = 10) -> list[Match]:
    """One citizen's top-k feasible positions with Danish reasons (no exposure cap)."""
    return recommend_prepared(index, index.prepare([candidate]), 0, k)


def candidates_for(
    position_id: str, index: PositionIndex, prepared: PreparedCandidates, k: int = 10
) -> list[Match]:
    """One position's top-k feasible citizens among ``prepared``, with Danish reasons."""
    row = index.row_of[position_id]
    c, p = prepared.table, index.table
    ci = np.arange(len(c))
    ci = ci[feasible(c, ci, p, row)]
    km = distance_km(c, ci, p, row)
    text = index.pair_text_scores(prepared, ci, np.full(len(ci), row))
    comps = factors(c, ci, p, row, km, text)
    scores = np.round(score(comps, prospects_lift(c, ci, p, row)), SCORE_DIGITS)
    order = _ranked(scores, ci, k)
    return [
        explain(index, prepared, int(ci[o]), row, comps[o], float(km[o]), scores[o]) for o in order
    ]


# --- batch ------------------------------------------------------------------------------------


@dataclass
class Shortlists:
    """Each citizen's best ``depth`` feasible positions, flattened (CSR-like by citizen)."""

    indptr: np.ndarray
    rows: np.ndarray
    km: np.ndarray
    components: np.ndarray
    scores: np.ndarray
    feasible_counts: np.ndarray
    # Every feasible pair, when asked for (candidates per position): citizen, position row,
    # score estimate, upper bound of the exact score, whether the estimate is exact.
    all_pairs: tuple[np.ndarray, ...] | None = None

    def of(self, ci: int) -> slice:
        return slice(int(self.indptr[ci]), int(self.indptr[ci + 1]))

    def pair(self, i: int) -> tuple:
        """Shortlist entry ``i`` as ``explain`` takes it: row, components, km, score."""
        return int(self.rows[i]), self.components[i], float(self.km[i]), self.scores[i]


_STATE: tuple = ()


def _adopt(state: tuple) -> None:
    """Pool initializer: each worker process receives the shared state once."""
    global _STATE
    _STATE = state


def _work(bounds: tuple[int, int]) -> tuple:
    index, prepared, depth, keep_all = _STATE
    parts: list[list[np.ndarray]] = [[] for _ in range(10)]
    for ci in range(*bounds):
        ev = evaluate(index, prepared, ci, depth, keep_bounds=keep_all)
        parts[0].append(ev.rows)
        parts[1].append(ev.km)
        parts[2].append(ev.components.astype(np.float32))
        parts[3].append(ev.scores)
        parts[4].append(np.array([ev.n_feasible]))
        parts[5].append(np.array([len(ev.rows)]))
        if keep_all:
            rows, estimate, upper, known = ev.bounds
            parts[6].append(np.full(len(rows), ci, dtype=np.int32))
            parts[7].append(rows.astype(np.int32))
            # float32 is enough for selection (error < 1e-7, the bound test allows 1e-6); the
            # scores printed are recomputed exactly.
            parts[8].append(np.stack([estimate, upper]).astype(np.float32))
            parts[9].append(known)
    n_factors = len(config.FACTORS)
    out = []
    for i, p in enumerate(parts):
        if i == 8:
            out.append(np.concatenate(p, axis=1) if p else np.empty((2, 0), dtype=np.float32))
        elif p:
            out.append(np.concatenate(p))
        else:
            out.append(np.empty((0, n_factors) if i == 2 else 0))
    return tuple(out)


def shortlist(
    index: PositionIndex,
    prepared: PreparedCandidates,
    depth: int,
    *,
    workers: int = 1,
    keep_all: bool = False,
) -> Shortlists:
    """Every citizen's best ``depth`` positions; ``workers`` > 1 runs worker processes.

    The workers start from a fork server, not by forking this process: a plain fork copies
    locks that other threads hold (DuckDB's allocator, a browser driver in tests), and the
    child then waits on them for ever."""
    n = len(prepared)
    state = (index, prepared, depth, keep_all)
    if workers > 1 and n > 1:
        chunks = max(workers * 4, 1)
        edges = np.linspace(0, n, chunks + 1).astype(int)
        bounds = [(int(a), int(b)) for a, b in itertools.pairwise(edges)]
        context = multiprocessing.get_context("forkserver")
        with context.Pool(workers, initializer=_adopt, initargs=(state,)) as pool:
            results = pool.map(_work, bounds)
    else:
        _adopt(state)
        try:
            results = [_work((0, n))]
        finally:
            _adopt(())
    cols = [np.concatenate([r[i] for r in results], axis=1 if i == 8 else 0) for i in range(10)]
    counts = cols[5].astype(np.int64)
    return Shortlists(
        indptr=np.concatenate([[0], np.cumsum(counts)]),
        rows=cols[0].astype(np.int64),
        km=cols[1],
        components=cols[2].reshape(-1, len(config.FACTORS)),
        scores=cols[3],
        feasible_counts=cols[4].astype(np.int64),
        all_pairs=(cols[6], cols[7], cols[8][0], cols[8][1], cols[9]) if keep_all else None,
    )


def exposure_caps(openings: np.ndarray) -> np.ndarray:
    return np.maximum(config.EXPOSURE_MIN, config.EXPOSURE_PER_OPENING * openings)


def capped_recommendations(
    lists: Shortlists, n_positions: int, caps: np.ndarray, k: int
) -> list[np.ndarray]:
    """Per citizen, the indices (into the shortlists) of at most ``k`` recommendations.

    Greedy by score over all shortlisted pairs: a pair is taken while the citizen has fewer than
    ``k`` and the position has been recommended fewer than its cap times, so a position that suits
    everyone goes to the citizens it suits best and the others get their next best.
    """
    n = len(lists.indptr) - 1
    cand = np.repeat(np.arange(n), np.diff(lists.indptr))
    rank = np.arange(len(cand)) - lists.indptr[cand]
    order = np.lexsort((rank, cand, -lists.scores))
    taken = np.zeros(n, dtype=np.int64)
    exposure = np.zeros(n_positions, dtype=np.int64)
    chosen = np.zeros(len(cand), dtype=bool)
    rows, cands, caps_l = lists.rows.tolist(), cand.tolist(), caps.tolist()
    taken_l, exp_l = taken.tolist(), exposure.tolist()
    for i in order.tolist():
        c, r = cands[i], rows[i]
        if taken_l[c] < k and exp_l[r] < caps_l[r]:
            taken_l[c] += 1
            exp_l[r] += 1
            chosen[i] = True
    return [np.flatnonzero(chosen[lists.of(ci)]) + lists.indptr[ci] for ci in range(n)]


def exact_pair_scores(
    index: PositionIndex, prepared: PreparedCandidates, ci: np.ndarray, rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Exact (components, distances, scores) of pairs, text grouped by citizen."""
    text = np.zeros(len(ci))
    order = np.argsort(ci, kind="stable")
    bounds = np.flatnonzero(np.r_[True, ci[order][1:] != ci[order][:-1], True])
    for a, b in itertools.pairwise(bounds):
        sel = order[a:b]
        text[sel] = index.text_scores(prepared, int(ci[sel[0]]), rows[sel])
    km = distance_km(prepared.table, ci, index.table, rows)
    comps = factors(prepared.table, ci, index.table, rows, km, text)
    by = prospects_lift(prepared.table, ci, index.table, rows)
    return comps, km, np.round(score(comps, by), SCORE_DIGITS)


def _group_rank(rows: np.ndarray, value: np.ndarray, ci: np.ndarray) -> tuple[np.ndarray, ...]:
    """Order by (row, −value, citizen) and each pair's rank within its row."""
    order = np.lexsort((ci, -value, rows))
    sorted_rows = rows[order]
    starts = np.flatnonzero(np.r_[True, sorted_rows[1:] != sorted_rows[:-1]])
    first_of = np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    return order, np.arange(len(order)) - first_of


def candidates_per_position(
    index: PositionIndex, prepared: PreparedCandidates, lists: Shortlists, k: int
) -> dict[int, list[Match]]:
    """Per position row, its exact best ``k`` citizens with reasons (from all feasible pairs).

    Same bound as for citizens: exact scores for each position's best TEXT_EXACT_FACTOR · k
    pairs by estimate, then for every pair whose upper bound reaches that position's k-th best
    exact score; pairs left with estimates cannot be in the top k.
    """
    if lists.all_pairs is None:
        raise ValueError("the shortlists were made without keep_all=True")
    ci, rows, estimate, upper, known = lists.all_pairs  # updated in place below
    ci, rows = ci.astype(np.int64), rows.astype(np.int64)

    def settle(pick: np.ndarray) -> None:
        pick = pick[~known[pick]]
        if pick.size:
            _, _, exact = exact_pair_scores(index, prepared, ci[pick], rows[pick])
            estimate[pick] = upper[pick] = exact
            known[pick] = True

    m = config.TEXT_EXACT_FACTOR * k
    order, rank = _group_rank(rows, estimate, ci)
    settle(order[rank < m])
    # k-th best exact score per position among its first m (−inf where fewer than k).
    order, rank = _group_rank(rows, np.where(known, estimate, -np.inf), ci)
    kth = np.full(len(index), -np.inf)
    at_k = order[rank == k - 1]
    kth[rows[at_k]] = estimate[at_k]
    settle(np.flatnonzero(~known & (upper >= kth[rows] - 1e-6)))
    order, rank = _group_rank(rows, np.where(known, estimate, -np.inf), ci)
    best = order[(rank < k) & known[order]]
    comps, km, scores = exact_pair_scores(index, prepared, ci[best], rows[best])
    out: dict[int, list[Match]] = {}
    for i, pair in enumerate(best):
        out.setdefault(int(rows[pair]), []).append(
            explain(
                index, prepared, int(ci[pair]), int(rows[pair]), comps[i], float(km[i]), scores[i]
            )
        )
    return out
