"""The global assignment: each citizen at most one position, each position at most ``openings``
citizens, maximising the total weight over the given edges (exact, by min-cost flow).

Network: source → citizen (capacity 1) → position (capacity 1 per edge, cost −weight) → sink
(capacity ``openings``), plus a zero-cost bypass source → sink so nobody has to be placed: a
placement is made only when it adds weight. Weights are scaled to integers (``COST_SCALE``); the
relative loss from rounding is below 1 / COST_SCALE (see config).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from . import config


@dataclass(frozen=True)
class Assignment:
    edges: np.ndarray  # indices into the edge arrays that are used
    objective: float  # total weight of the used edges (unscaled)


def assign(
    cand: np.ndarray, pos: np.ndarray, weights: np.ndarray, n_candidates: int, openings: np.ndarray
) -> Assignment:
    """Optimal assignment over edges (cand[i], pos[i]) with ``weights[i]`` > 0."""
    cand = np.asarray(cand, dtype=np.int64)
    pos = np.asarray(pos, dtype=np.int64)
    weights = np.asarray(weights, dtype=np.float64)
    if len(cand) == 0:
        return Assignment(np.empty(0, dtype=np.int64), 0.0)
    if (weights <= 0).any():
        raise ValueError("edge weights must be positive")
    n_pos = len(openings)
    source, sink = n_candidates + n_pos, n_candidates + n_pos + 1
    # Only citizens and positions that have edges take part; the others add nothing.
    used_c = np.unique(cand)
    used_p = np.unique(pos)
    flow = min_cost_flow.SimpleMinCostFlow()
    zeros_c = np.zeros(len(used_c), dtype=np.int64)
    zeros_p = np.zeros(len(used_p), dtype=np.int64)
    flow.add_arcs_with_capacity_and_unit_cost(
        np.full(len(used_c), source), used_c, np.ones(len(used_c), dtype=np.int64), zeros_c
    )
    first_edge = len(used_c)
    costs = -np.rint(weights * config.COST_SCALE).astype(np.int64)
    flow.add_arcs_with_capacity_and_unit_cost(
        cand, n_candidates + pos, np.ones(len(cand), dtype=np.int64), costs
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        n_candidates + used_p,
        np.full(len(used_p), sink),
        np.asarray(openings, dtype=np.int64)[used_p],
        zeros_p,
    )
    supply = len(used_c)
    flow.add_arc_with_capacity_and_unit_cost(source, sink, supply, 0)
    flow.set_node_supply(source, supply)
    flow.set_node_supply(sink, -supply)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow did not find an optimum (status {status})")
    arcs = np.arange(first_edge, first_edge + len(cand))
    used = np.flatnonzero(flow.flows(arcs) > 0)
    return Assignment(used, float(weights[used].sum()))


def gini(values: np.ndarray) -> float:
    """Gini coefficient of non-negative values (0 = all equal); 0 for an empty or all-zero set."""
    x = np.sort(np.asarray(values, dtype=np.float64))
    n, total = len(x), x.sum()
    if n == 0 or total == 0:
        return 0.0
    ranks = np.arange(1, n + 1)
    return float((2 * (ranks * x).sum()) / (n * total) - (n + 1) / n)


def waiting_group(weeks: np.ndarray) -> np.ndarray:
    bounds = np.array([low for _, low in config.WAITING_GROUPS])
    return np.searchsorted(bounds, np.asarray(weeks, dtype=float), side="right") - 1


def placements_by_waiting(weeks: np.ndarray, placed: np.ndarray) -> list[dict]:
    """Citizens and placements per waiting-time group."""
    group = waiting_group(weeks)
    out = []
    for g, (label, _) in enumerate(config.WAITING_GROUPS):
        members = group == g
        n = int(members.sum())
        k = int((members & placed).sum())
        out.append(
            {"group": label, "candidates": n, "placed": k, "share": round(k / n, 4) if n else None}
        )
    return out
