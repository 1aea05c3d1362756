"""Benchmark: the matching engine on a synthetic Denmark instance.

Builds the instance with ``fleksjob.core.synth.matching_instance`` (small: 2,000 citizens ×
5,000 positions; national: 20,000 × 50,000), then measures: the prepared index, the top-10 for all
citizens (batch, with exposure caps; the Danish reasons separately), one citizen's top-10 against
the prepared index (p50/p95 over a sample), one position's top-10 citizens (p95), the global
assignment (min-cost flow) and peak memory.
Side by side in the same run: a naive pairwise Python scorer on a sample of citizens, scaled up to
all pairs, and SciPy's dense ``linear_sum_assignment`` on a municipal-scale instance (1,000 ×
2,500) against our min-cost flow on the same edges. Prints each figure beside the recorded
baseline (bench/baselines/matching.json) with the ratio; ``--record`` stores this run.

    .venv/bin/python bench/matching.py --scale small
    .venv/bin/python bench/matching.py --scale national --workers 2
"""

from __future__ import annotations

import argparse
import math
import resource
import time

import baseline
import numpy as np
from scipy.optimize import linear_sum_assignment

from fleksjob.core.matching import config, engine
from fleksjob.core.matching.assignment import assign
from fleksjob.core.matching.index import PositionIndex
from fleksjob.core.matching.ranking import (
    candidates_for,
    capped_recommendations,
    exposure_caps,
    recommend,
    shortlist,
)
from fleksjob.core.matching.ranking import explain as explain_pair
from fleksjob.core.matching.records import candidate_from_dict, position_from_dict
from fleksjob.core.synth.matching_instance import matching_instance

SCALES = {"small": (2_000, 5_000), "national": (20_000, 50_000)}
MUNICIPAL = (1_000, 2_500)


def _timed(fn):
    started = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - started


def naive_pairs_per_second(cands, poss, sample: int) -> float:
    """Pure-Python feasibility and score for every pair of ``sample`` citizens × all positions."""
    idf_text = {}

    def words(text):
        return {w for w in text.lower().replace(".", " ").replace(",", " ").split() if len(w) > 2}

    for p in poss:
        idf_text[p.id] = words(p.text)
    pairs = 0
    started = time.perf_counter()
    for c in cands[:sample]:
        needs = set(c.needs)
        own = words(c.skills_text)
        for p in poss:
            pairs += 1
            if not needs <= set(p.provides):
                continue
            if max(c.hours_min, p.hours_min) > min(c.hours_max, p.hours_max):
                continue
            p1, p2 = math.radians(c.lat), math.radians(p.lat)
            h = (
                math.sin((p2 - p1) / 2) ** 2
                + math.cos(p1) * math.cos(p2) * math.sin(math.radians(p.lon - c.lon) / 2) ** 2
            )
            km = 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))
            if km > c.max_commute_km and not (p.remote and c.remote_ok):
                continue
            other = idf_text[p.id]
            text = len(own & other) / math.sqrt(max(1, len(own) * len(other)))
            shared = 0
            for code in c.occupations:
                n = 0
                while n < min(len(code), len(p.occupation)) and code[n] == p.occupation[n]:
                    n += 1
                shared = max(shared, n)
            _ = (
                0.3 * config.OCCUPATION_CREDIT[shared]
                + 0.25 * text
                + 0.1 * (p.sector in c.wishes_sectors)
                + 0.15 * min(c.hours_max, p.hours_max) / max(c.hours_max, 1e-9)
                + 0.12 * max(0.0, 1 - km / max(c.max_commute_km, 1e-9))
            )
    return pairs / (time.perf_counter() - started)


def municipal_comparison(seed: int) -> dict[str, float]:
    cands, poss = _records(*MUNICIPAL, seed)
    run = engine.run(cands, poss, top=10)
    openings = np.array([run_p.openings for run_p in run_positions(run, poss)])
    edges = run.edges
    result, t_flow = _timed(
        lambda: assign(edges.cand, edges.rows, edges.weights, len(cands), openings)
    )

    def dense():
        slots = np.repeat(np.arange(len(openings)), openings)
        first = np.r_[0, np.cumsum(openings)[:-1]]
        matrix = np.zeros((len(cands), len(slots)))
        for c, r, w in zip(edges.cand, edges.rows, edges.weights, strict=True):
            matrix[c, first[r] : first[r] + openings[r]] = w
        rows, cols = linear_sum_assignment(matrix, maximize=True)
        return float(matrix[rows, cols].sum())

    optimum, t_dense = _timed(dense)
    if abs(optimum - result.objective) > 1e-4 * optimum:
        raise SystemExit(f"objectives differ: flow {result.objective}, dense {optimum}")
    return {"municipal_flow_s": round(t_flow, 3), "municipal_dense_lsa_s": round(t_dense, 3)}


def run_positions(run, poss):
    by_id = {p.id: p for p in poss}
    return [by_id[pid] for pid in run.position_ids]


def _records(n_c, n_p, seed):
    c, p = matching_instance(n_c, n_p, seed)
    return [candidate_from_dict(x) for x in c], [position_from_dict(x) for x in p]


def measure(scale: str, seed: int, workers: int, queries: int) -> dict[str, float]:
    n_c, n_p = SCALES[scale]
    (raw, t_gen) = _timed(lambda: matching_instance(n_c, n_p, seed))
    (cands, poss), t_parse = _timed(
        lambda: ([candidate_from_dict(x) for x in raw[0]], [position_from_dict(x) for x in raw[1]])
    )
    index, t_index = _timed(lambda: PositionIndex(poss))
    prepared, t_prepare = _timed(lambda: index.prepare(cands))
    top = 10
    depth = max(top * config.CANDIDATE_POOL_FACTOR, engine.edge_depth(top))

    def all_top10():
        lists = shortlist(index, prepared, depth, workers=workers)
        caps = exposure_caps(index.table.openings)
        return lists, capped_recommendations(lists, len(index), caps, top)

    (lists, chosen), t_top = _timed(all_top10)

    def reasons():
        return [
            [explain_pair(index, prepared, ci, *lists.pair(i)) for i in picks]
            for ci, picks in enumerate(chosen)
        ]

    _, t_reasons = _timed(reasons)
    rng = np.random.default_rng(seed)
    sample = rng.choice(len(cands), size=min(queries, len(cands)), replace=False)
    latencies = []
    for ci in sample:
        _, t = _timed(lambda ci=ci: recommend(cands[ci], index, top))
        latencies.append(t * 1000)
    position_latencies = []
    for row in rng.choice(len(poss), size=min(queries, len(poss)), replace=False):
        pid = index.table.ids[int(row)]
        _, t = _timed(lambda pid=pid: candidates_for(pid, index, prepared, top))
        position_latencies.append(t * 1000)
    edges, t_edges = _timed(lambda: engine.make_edges(lists, prepared, top))
    result, t_assign = _timed(
        lambda: assign(edges.cand, edges.rows, edges.weights, len(cands), index.table.openings)
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    naive_rate = naive_pairs_per_second(cands, poss, sample=max(2, 40_000 // n_p * 10))
    figures = {
        "generate_s": round(t_gen + t_parse, 2),
        "index_s": round(t_index, 2),
        "prepare_candidates_s": round(t_prepare, 2),
        "top10_all_s": round(t_top, 2),
        "reasons_all_s": round(t_reasons, 2),
        "one_citizen_p50_ms": round(float(np.percentile(latencies, 50)), 2),
        "one_citizen_p95_ms": round(float(np.percentile(latencies, 95)), 2),
        "one_position_p95_ms": round(float(np.percentile(position_latencies, 95)), 2),
        "assignment_s": round(t_edges + t_assign, 2),
        "peak_rss_mb": round(peak, 1),
        "naive_python_all_pairs_s": round(n_c * n_p / naive_rate, 1),
        "feasible_pairs": int(lists.feasible_counts.sum()),
        "edges": len(edges.cand),
        "placed": len(result.edges),
    }
    figures.update(municipal_comparison(seed))
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--queries", type=int, default=200, help="single-citizen queries timed")
    parser.add_argument("--record", action="store_true", help="store this run as the baseline")
    args = parser.parse_args()
    recorded = baseline.load("matching")
    figures = measure(args.scale, args.seed, args.workers, args.queries)
    table = baseline.Table(group=10, metric=28, value=12)
    print(table.header())
    table.print_rows(figures, recorded.get(args.scale, {}), group=args.scale)
    if args.record:
        baseline.record("matching", {**recorded, args.scale: figures})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
