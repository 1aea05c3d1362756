"""Benchmark: seeding synthetic Denmark into a fresh embedded database.

Runs ``fleksjob seed`` in a subprocess per scale (fresh SQLite in a temporary data dir), measures
wall time and the child's peak resident memory, and prints them beside the recorded baseline
(bench/baselines/seed.json) with the ratio. ``--record`` stores this run as the new baseline.

    .venv/bin/python bench/seed.py --scale tiny municipality national
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import baseline

FLEKSJOB = Path(sys.executable).with_name("fleksjob")


def run(scale: str, seed: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as data_dir:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY")}
        env.update({"FLEKSJOB_MODE": "demo", "FLEKSJOB_DATA_DIR": data_dir})
        subprocess.run([str(FLEKSJOB), "manage", "migrate", "-v0"], env=env, check=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        started = time.perf_counter()
        subprocess.run(
            [str(FLEKSJOB), "seed", "--scale", scale, "--seed", str(seed), "--today", "2026-11-23"],
            env=env,
            check=True,
            stderr=subprocess.DEVNULL,
        )
        seconds = time.perf_counter() - started
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        db_mb = Path(data_dir, "fleksjob.sqlite3").stat().st_size / 1e6
    # ru_maxrss of children is the largest child so far; migrate is far smaller than seeding.
    return {
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(max(peak_kb, before) / 1024, 1),
        "db_mb": round(db_mb, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", nargs="+", default=["tiny", "municipality"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--record", action="store_true", help="store this run as the baseline")
    args = parser.parse_args()
    recorded = baseline.load("seed")
    results = {}
    table = baseline.Table(group=14, metric=14, value=10)
    print(table.header())
    for scale in args.scale:
        results[scale] = run(scale, args.seed)
        table.print_rows(results[scale], recorded.get(scale, {}), group=scale)
    if args.record:
        baseline.record("seed", {**recorded, **results})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
