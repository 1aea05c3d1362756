"""A whole matching run on records: recommendations, candidates per position, the assignment's
edges, the optimal assignment and the statistics; and writing the files atomically."""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import config
from .assignment import assign, gini, placements_by_waiting
from .index import PositionIndex, PreparedCandidates
from .ranking import (
    Shortlists,
    candidates_per_position,
    capped_recommendations,
    explain,
    exposure_caps,
    shortlist,
)
from .records import Candidate, Position
from .scoring import weight

WEIGHT_DIGITS = 6


@dataclass
class Edges:
    """Pairs the assignment considers: citizen and position indices, score and weight."""

    cand: np.ndarray
    rows: np.ndarray
    scores: np.ndarray
    weights: np.ndarray


@dataclass
class MatchRun:
    output: dict
    edges: Edges
    candidate_ids: list[str]
    position_ids: list[str]  # in the index's row order
    extra: dict = field(default_factory=dict)


def edge_depth(top: int) -> int:
    return max(top, config.EDGES_PER_CANDIDATE)


def make_edges(lists: Shortlists, prepared: PreparedCandidates, top: int) -> Edges:
    """Each citizen's best ``edge_depth(top)`` feasible positions (includes the top-k)."""
    depth = edge_depth(top)
    n = len(lists.indptr) - 1
    take = np.concatenate(
        [
            np.arange(lists.indptr[c], min(lists.indptr[c + 1], lists.indptr[c] + depth))
            for c in range(n)
        ]
        or [np.empty(0, dtype=np.int64)]
    ).astype(np.int64)
    cand = np.repeat(np.arange(n), np.diff(lists.indptr))[take]
    scores = lists.scores[take]
    weights = np.round(weight(scores, prepared.table.weeks_waiting[cand]), WEIGHT_DIGITS)
    return Edges(cand, lists.rows[take], scores, weights)


def run(
    candidates: Sequence[Candidate],
    positions: Sequence[Position],
    *,
    top: int = 10,
    do_assign: bool = False,
    per_position: int | None = None,
    workers: int = 1,
    index: PositionIndex | None = None,
) -> MatchRun:
    """Everything ``fleksjob match`` computes, as the OUT.json dict plus the edges."""
    if top < 1:
        raise ValueError("top must be at least 1")
    index = index or PositionIndex(positions)
    prepared = index.prepare(candidates)
    n_c, n_p = len(prepared), len(index)
    depth = max(top * config.CANDIDATE_POOL_FACTOR, edge_depth(top))
    lists = shortlist(index, prepared, depth, workers=workers, keep_all=per_position is not None)

    caps = exposure_caps(index.table.openings)
    chosen = capped_recommendations(lists, n_p, caps, top)
    recommendations = {}
    exposure = np.zeros(n_p, dtype=np.int64)
    for ci, picks in enumerate(chosen):
        exposure[lists.rows[picks]] += 1
        recommendations[prepared.table.ids[ci]] = [
            explain(index, prepared, ci, *lists.pair(i)).for_candidate() for i in picks
        ]
    uncapped = np.bincount(
        np.concatenate(
            [
                lists.rows[lists.indptr[c] : min(lists.indptr[c + 1], lists.indptr[c] + top)]
                for c in range(n_c)
            ]
            or [np.empty(0, dtype=np.int64)]
        ).astype(np.int64),
        minlength=n_p,
    )
    edges = make_edges(lists, prepared, top)
    stats: dict = {
        "candidates": n_c,
        "positions": n_p,
        "feasible_pairs": int(lists.feasible_counts.sum()),
        "candidates_without_feasible_position": int((lists.feasible_counts == 0).sum()),
        "recommendations": int(exposure.sum()),
        "exposure": {
            "cap_rule": f"max({config.EXPOSURE_MIN}, {config.EXPOSURE_PER_OPENING} × openings)",
            "gini": round(gini(exposure), 4),
            "gini_without_cap": round(gini(uncapped), 4),
            "max": int(exposure.max()) if n_p else 0,
            "max_without_cap": int(uncapped.max()) if n_p else 0,
            "positions_recommended": int((exposure > 0).sum()),
        },
        "edges": len(edges.cand),
    }
    output: dict = {"recommendations": recommendations}

    if per_position is not None:
        best = candidates_per_position(index, prepared, lists, per_position)
        output["candidates_for"] = {
            p.id: [m.for_position() for m in best.get(index.row_of[p.id], [])] for p in positions
        }

    if do_assign:
        result = assign(edges.cand, edges.rows, edges.weights, n_c, index.table.openings)
        used = result.edges
        output["assignment"] = [
            {
                "candidate": prepared.table.ids[int(edges.cand[e])],
                "position": index.table.ids[int(edges.rows[e])],
                "score": float(edges.scores[e]),
                "weight": float(edges.weights[e]),
            }
            for e in used
        ]
        output["objective"] = round(result.objective, WEIGHT_DIGITS)
        placed = np.zeros(n_c, dtype=bool)
        placed[edges.cand[used]] = True
        filled = np.bincount(edges.rows[used], minlength=n_p)
        stats["assignment"] = {
            "placed": int(placed.sum()),
            "openings": int(index.table.openings.sum()),
            "positions_filled": int((filled > 0).sum()),
            "mean_score": round(float(edges.scores[used].mean()), 4) if len(used) else None,
            "by_waiting_time": placements_by_waiting(prepared.table.weeks_waiting, placed),
        }
    output["stats"] = stats
    return MatchRun(output, edges, prepared.table.ids, index.table.ids)


def _temporary(target: Path) -> Path:
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(handle)
    # mkstemp makes the file private; the result gets the usual mode under the umask.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(name, 0o666 & ~umask)
    return Path(name)


def write(run_result: MatchRun, out: str | Path, edges_path: str | Path | None = None) -> None:
    """Write OUT.json (and EDGES.csv) to temporary files beside them, then rename both."""
    out = Path(out)
    targets = [(out, _temporary(out))]
    if edges_path is not None:
        targets.append((Path(edges_path), _temporary(Path(edges_path))))
    try:
        with targets[0][1].open("w", encoding="utf-8") as handle:
            json.dump(run_result.output, handle, ensure_ascii=False)
            handle.write("\n")
        if edges_path is not None:
            e = run_result.edges
            with targets[1][1].open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["candidate", "position", "score", "weight"])
                cids, pids = run_result.candidate_ids, run_result.position_ids
                writer.writerows(
                    (cids[c], pids[r], repr(float(s)), repr(float(w)))
                    for c, r, s, w in zip(
                        e.cand.tolist(), e.rows.tolist(), e.scores, e.weights, strict=True
                    )
                )
        for final, temporary in targets:
            os.replace(temporary, final)
    finally:
        for _, temporary in targets:
            temporary.unlink(missing_ok=True)
