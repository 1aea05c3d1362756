"""Summaries of a load test's samples: throughput, latency percentiles and errors per endpoint.

Plain Python (no locust, no Django) so the figures can be checked on their own.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

TOTAL = "total"


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0 ≤ q ≤ 100), linear between the two closest ranks.

    Rank ``q/100 × (n − 1)`` of the sorted values: the usual definition (and NumPy's default).
    """
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile must lie between 0 and 100, not {q}")
    ordered = sorted(values)
    rank = q / 100 * (len(ordered) - 1)
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary(latencies_ms: Sequence[float], errors: int, seconds: float) -> dict[str, float]:
    """Requests/s, p50/p95/p99 in ms, error count and share for one endpoint (or all)."""
    if seconds <= 0:
        raise ValueError(f"duration must be positive, not {seconds}")
    count = len(latencies_ms)
    if errors > count:
        raise ValueError(f"{errors} errors among {count} requests")

    def pct(q: float) -> float:
        return round(percentile(latencies_ms, q), 1) if count else 0.0

    return {
        "requests": count,
        "req_per_s": round(count / seconds, 2),
        "p50_ms": pct(50),
        "p95_ms": pct(95),
        "p99_ms": pct(99),
        "errors": errors,
        "error_share": round(errors / count, 4) if count else 0.0,
    }


def summarise(
    latencies_ms: Mapping[str, Sequence[float]], errors: Mapping[str, int], seconds: float
) -> dict[str, dict[str, float]]:
    """Per endpoint (sorted by name), then ``total`` over every request of the run."""
    names = sorted(set(latencies_ms) | set(errors))
    figures = {
        name: summary(latencies_ms.get(name, ()), errors.get(name, 0), seconds) for name in names
    }
    everything = [ms for name in names for ms in latencies_ms.get(name, ())]
    figures[TOTAL] = summary(everything, sum(errors.values()), seconds)
    return figures
