"""Benchmark: the municipal budget run (a year of fleksløntilskud, ledighedsydelse and refusion
per citizen and month) vectorised with NumPy, beside the plain per-citizen Python loop.

Builds a synthetic population (``budget.synthetic_input``), times ``run_budget`` on all of it
(best of ``--repeat``) and ``run_budget_naive`` on the first ``--naive-citizens`` (it is slow),
checks that both agree on that subset, and prints person-months per second for each, the speed-up
and the ratio against the recorded baseline (bench/baselines/rules.json). ``--record`` stores this
run as the baseline. National scale is ~100,000 citizens × 12 months:

    .venv/bin/python bench/rules.py                     # quick: 10,000 citizens
    .venv/bin/python bench/rules.py --citizens 100000   # national scale
"""

from __future__ import annotations

import argparse
import dataclasses
import time

import baseline
import numpy as np

from fleksjob.core.rules.budget import run_budget, run_budget_naive, synthetic_input


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--citizens", type=int, default=10_000)
    parser.add_argument("--naive-citizens", type=int, default=2_000)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--record", action="store_true", help="store this run as the baseline")
    args = parser.parse_args()

    inp = synthetic_input(args.citizens, args.year, args.seed)
    months = args.citizens * 12
    vec_s = _best(lambda: run_budget(inp), args.repeat)

    n_naive = min(args.naive_citizens, args.citizens)
    sub = dataclasses.replace(
        inp,
        **{
            f.name: getattr(inp, f.name)[:n_naive]
            for f in dataclasses.fields(inp)
            if isinstance(getattr(inp, f.name), np.ndarray)
        },
    )
    started = time.perf_counter()
    naive = run_budget_naive(sub)
    naive_s = time.perf_counter() - started
    fast = run_budget(sub)
    agree = np.allclose(naive.refusion, fast.refusion) and np.allclose(naive.gross, fast.gross)

    results = {
        f"vectorised_pm_per_s_{args.citizens}": round(months / vec_s),
        "naive_pm_per_s": round(n_naive * 12 / naive_s),
    }
    recorded = baseline.load("rules")
    totals = run_budget(inp).totals()
    print(f"citizens {args.citizens:,} × 12 months = {months:,} person-months, year {args.year}")
    net, ref = totals["net"] / 1e6, totals["refusion"] / 1e6
    print(f"net cost {net:,.1f} mio. kr. after refusion {ref:,.1f} mio. kr.")
    print(f"vectorised: {vec_s * 1000:,.1f} ms (best of {args.repeat})")
    print(f"naive loop: {naive_s * 1000:,.1f} ms for {n_naive:,} citizens; results agree: {agree}")
    print(f"speed-up: {(months / vec_s) / results['naive_pm_per_s']:.0f}×")
    table = baseline.Table(metric=34, value=14, spec=",")
    print(table.header())
    table.print_rows(results, recorded)
    if args.record:
        baseline.record("rules", {**recorded, **results})
    return 0 if agree else 1


if __name__ == "__main__":
    raise SystemExit(main())
