"""Benchmark: every indicator for the 98 municipalities (and regions, country) × every month of
20 years of synthetic history, DuckDB engine beside the naive pandas recomputation.

Generates synthetic Denmark in-process (not timed), builds the event tables (not timed), then
times the engine (loading the tables into DuckDB + all indicators) and the naive month-by-month
pandas recomputation from the tests (every month, or every ``--pandas-every``-th month and scaled
up, said so in the output). Prints the figures beside the recorded baseline
(bench/baselines/stats.json) with the ratio; ``--record`` stores this run as the baseline.
Target (issue 6): engine ≤ 10 s at national scale on 2 cores.

    .venv/bin/python bench/stats.py                      # quick: municipality scale
    .venv/bin/python bench/stats.py --scale national --pandas-every 12
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the naive baseline lives with the tests

import baseline  # noqa: E402
from tests.core.stats.pandas_indicators import recompute  # noqa: E402

from fleksjob.core.stats.engine import compute_indicators, connect  # noqa: E402
from fleksjob.core.stats.from_synth import tables_from_synth  # noqa: E402
from fleksjob.core.synth import generate  # noqa: E402

TODAY = dt.date(2026, 11, 23)


def run(scale: str, seed: int, years: int, pandas_every: int, threads: int | None) -> dict:
    last = dt.date(TODAY.year, TODAY.month, 1) - dt.timedelta(days=1)  # last complete month
    k = last.year * 12 + last.month - 1 - (12 * years - 1)
    first = dt.date(k // 12, k % 12 + 1, 1)
    started = time.perf_counter()
    data = generate(scale, seed, TODAY)
    generate_s = time.perf_counter() - started
    started = time.perf_counter()
    tables = tables_from_synth(data)
    tables_s = time.perf_counter() - started
    events = sum(len(t) for t in tables.values())

    started = time.perf_counter()
    con = connect(tables, threads=threads)
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    out = compute_indicators(con, first, last)
    compute_s = time.perf_counter() - started
    months = out["period"].nunique()

    started = time.perf_counter()
    ref = recompute(tables, first, last, every=pandas_every)
    pandas_s = (time.perf_counter() - started) * months / ref["period"].nunique()
    engine_s = load_s + compute_s
    return {
        "generate_s": round(generate_s, 2),
        "event_tables_s": round(tables_s, 2),
        "event_rows": events,
        "months": months,
        "output_rows": len(out),
        "engine_load_s": round(load_s, 2),
        "engine_compute_s": round(compute_s, 2),
        "engine_s": round(engine_s, 2),
        "pandas_s": round(pandas_s, 2),
        "speedup": round(pandas_s / engine_s, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", nargs="+", default=["municipality"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument(
        "--pandas-every",
        type=int,
        default=1,
        help="time the naive pandas baseline on every N-th month and scale up (default: all)",
    )
    parser.add_argument("--threads", type=int, help="DuckDB threads (default: all cores)")
    parser.add_argument("--record", action="store_true", help="store this run as the baseline")
    args = parser.parse_args()
    recorded = baseline.load("stats")
    results = {}
    if args.pandas_every > 1:
        print(f"(pandas baseline timed on every {args.pandas_every}th month, scaled to all)")
    table = baseline.Table(group=14, metric=18, value=12)
    print(table.header())
    for scale in args.scale:
        results[scale] = run(scale, args.seed, args.years, args.pandas_every, args.threads)
        table.print_rows(results[scale], recorded.get(scale, {}), group=scale)
    if args.record:
        baseline.record("stats", {**recorded, **results})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
