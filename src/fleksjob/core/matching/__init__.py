"""Matching: taxonomy, feasibility, scoring, top-k, assignment, explanations, JSONL I/O.

The public API (imported lazily, so ``taxonomy`` and ``vocabulary`` stay light for Django):

- records: ``Candidate``, ``Position``, ``candidate_from_dict``, ``position_from_dict``,
  ``read_candidates``, ``read_positions``, ``InputError``;
- ``PositionIndex(positions)``: built once; ``index.prepare(candidates)`` gives
  ``PreparedCandidates`` for batch use;
- ``recommend(candidate, index, k=10) -> list[Match]``: one citizen's top-k with Danish reasons;
- ``candidates_for(position_id, index, prepared, k=10) -> list[Match]``: one position's top-k;
- ``run(candidates, positions, top=10, do_assign=False, per_position=None, workers=1)``: a whole
  batch run (what ``fleksjob match`` writes) and ``write(run, out, edges)``;
- ``assign(cand, pos, weights, n_candidates, openings) -> Assignment``: the exact optimum.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Candidate": "records",
    "Position": "records",
    "InputError": "records",
    "candidate_from_dict": "records",
    "position_from_dict": "records",
    "read_candidates": "records",
    "read_positions": "records",
    "PositionIndex": "index",
    "PreparedCandidates": "index",
    "Match": "ranking",
    "recommend": "ranking",
    "recommend_prepared": "ranking",
    "candidates_for": "ranking",
    "run": "engine",
    "write": "engine",
    "MatchRun": "engine",
    "assign": "assignment",
    "Assignment": "assignment",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
