"""The benchmarks' pure helpers (bench/ is a folder of scripts, not a package: loaded by path)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


latency = _load("latency")
baseline = _load("baseline")

values = st.lists(st.floats(min_value=0, max_value=1e5, allow_nan=False), min_size=1, max_size=200)


@given(values, st.sampled_from([0, 1, 37.5, 50, 95, 99, 99.9, 100]))
def test_percentile_agrees_with_numpy(sample, q):
    assert latency.percentile(sample, q) == pytest.approx(np.percentile(sample, q), abs=1e-6)


def test_percentile_refuses_no_values_and_bad_q():
    with pytest.raises(ValueError, match="no values"):
        latency.percentile([], 50)
    with pytest.raises(ValueError, match="between 0 and 100"):
        latency.percentile([1.0], 101)


def test_summarise_per_endpoint_and_total():
    figures = latency.summarise(
        {"citizen page": [10.0, 20.0, 30.0, 40.0], "caseload": [100.0]},
        {"caseload": 1},
        seconds=2.0,
    )
    assert list(figures) == ["caseload", "citizen page", "total"]
    page = figures["citizen page"]
    assert page["requests"] == 4
    assert page["req_per_s"] == 2.0
    assert page["p50_ms"] == 25.0
    assert page["errors"] == 0
    assert figures["caseload"]["error_share"] == 1.0
    total = figures["total"]
    assert total["requests"] == 5
    assert total["req_per_s"] == 2.5
    assert total["p99_ms"] == pytest.approx(np.percentile([10, 20, 30, 40, 100], 99), abs=0.05)
    assert total["errors"] == 1
    assert total["error_share"] == 0.2


def test_summary_refuses_impossible_input():
    with pytest.raises(ValueError, match="duration"):
        latency.summary([1.0], 0, seconds=0)
    with pytest.raises(ValueError, match="2 errors among 1"):
        latency.summary([1.0], 2, seconds=1)


def test_baseline_round_trip_and_table(tmp_path, monkeypatch):
    monkeypatch.setattr(baseline, "DIRECTORY", tmp_path)
    assert baseline.load("load") == {}
    baseline.record("load", {"national": {"total": {"p95_ms": 40.0}}})
    assert baseline.load("load") == {"national": {"total": {"p95_ms": 40.0}}}
    table = baseline.Table(group=8, metric=8, value=8)
    assert table.row("p95_ms", 50.0, 40.0, group="total").split() == [
        "total",
        "p95_ms",
        "50.0",
        "40.0",
        "1.25",
    ]
    assert table.row("p95_ms", 50.0, None, group="total").split()[-2:] == ["–", "–"]
    assert baseline.Table(metric=10, value=12, spec=",").row("rate", 1234567, 1000000).split() == [
        "rate",
        "1,234,567",
        "1,000,000",
        "1.23",
    ]
