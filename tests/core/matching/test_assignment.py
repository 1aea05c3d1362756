"""The assignment is optimal over its edges: checked against SciPy's exact solvers."""

from __future__ import annotations

import csv

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, linear_sum_assignment, milp
from scipy.sparse import coo_matrix

from fleksjob.core.matching import config, engine
from fleksjob.core.matching.assignment import assign, gini, placements_by_waiting

from .conftest import random_instance


def lsa_optimum(cand, pos, weights, n_c, openings) -> float:
    """Maximum total weight by linear_sum_assignment on positions expanded by openings."""
    slots = np.repeat(np.arange(len(openings)), openings)
    first = np.r_[0, np.cumsum(openings)[:-1]]
    matrix = np.zeros((n_c, len(slots)))
    for c, p, w in zip(cand, pos, weights, strict=True):
        matrix[c, first[p] : first[p] + openings[p]] = w
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    return float(matrix[rows, cols].sum())


def milp_optimum(cand, pos, weights, n_c, openings) -> float:
    n = len(cand)
    e = np.arange(n)
    a_c = coo_matrix((np.ones(n), (cand, e)), shape=(n_c, n))
    a_p = coo_matrix((np.ones(n), (pos, e)), shape=(len(openings), n))
    res = milp(
        -np.asarray(weights),
        constraints=[LinearConstraint(a_c, 0, 1), LinearConstraint(a_p, 0, openings)],
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
    )
    assert res.success
    return float(-res.fun)


@pytest.mark.parametrize("seed", range(6))
def test_assign_random_edges_equals_milp_and_lsa(seed):
    rng = np.random.default_rng(seed)
    n_c, n_p = int(rng.integers(1, 40)), int(rng.integers(1, 30))
    n_e = int(rng.integers(1, 200))
    pairs = {(int(rng.integers(n_c)), int(rng.integers(n_p))) for _ in range(n_e)}
    cand = np.array([c for c, _ in pairs])
    pos = np.array([p for _, p in pairs])
    weights = np.round(1 + rng.random(len(pairs)) * 1.5, 6)
    openings = rng.integers(1, 4, size=n_p)
    got = assign(cand, pos, weights, n_c, openings)
    used_c, used_p = cand[got.edges], pos[got.edges]
    assert len(set(used_c.tolist())) == len(used_c)
    assert (np.bincount(used_p, minlength=n_p) <= openings).all()
    assert got.objective == pytest.approx(weights[got.edges].sum())
    best = milp_optimum(cand, pos, weights, n_c, openings)
    assert got.objective == pytest.approx(best, rel=1e-6)
    assert got.objective == pytest.approx(lsa_optimum(cand, pos, weights, n_c, openings), rel=1e-6)


def test_total_weight_not_count_decides():
    # c0–p0 alone (2.5) beats c1–p0 plus c0–p1 (1.0 + 1.0); with a second opening both fit.
    cand, pos, w = np.array([0, 1, 0]), np.array([0, 0, 1]), np.array([2.5, 1.0, 1.0])
    assert assign(cand, pos, w, 2, np.array([1, 1])).objective == pytest.approx(2.5)
    assert assign(cand, pos, w, 2, np.array([2, 1])).objective == pytest.approx(3.5)


def _read_edges(path):
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return rows


def _check_run(n_c, n_p, seed, tmp_path):
    cands, poss = random_instance(n_c, n_p, seed=seed, spread_deg=0.8)
    run = engine.run(cands, poss, top=10, do_assign=True)
    engine.write(run, tmp_path / "out.json", tmp_path / "edges.csv")
    rows = _read_edges(tmp_path / "edges.csv")
    c_index = {c.id: i for i, c in enumerate(cands)}
    p_index = {p.id: j for j, p in enumerate(poss)}
    cand = np.array([c_index[r["candidate"]] for r in rows], dtype=np.int64)
    pos = np.array([p_index[r["position"]] for r in rows], dtype=np.int64)
    weights = np.array([float(r["weight"]) for r in rows])
    # weight = 1 + score + priority, priority in [0, 0.5] rising with weeks_waiting.
    waits = np.array([cands[i].weeks_waiting for i in cand])
    scores = np.array([float(r["score"]) for r in rows])
    priority = 0.5 * np.minimum(waits, 104) / 104
    assert weights == pytest.approx(1 + scores + priority, abs=2e-6)
    openings = np.array([p.openings for p in poss])
    best = lsa_optimum(cand, pos, weights, len(cands), openings)
    out = run.output
    assert out["objective"] == pytest.approx(best, rel=1e-4)
    assert sum(a["weight"] for a in out["assignment"]) == pytest.approx(out["objective"], abs=1e-5)
    edge_set = {(r["candidate"], r["position"]) for r in rows}
    assert all((a["candidate"], a["position"]) in edge_set for a in out["assignment"])
    assert len({a["candidate"] for a in out["assignment"]}) == len(out["assignment"])
    return best


@pytest.mark.parametrize(("n_c", "n_p", "seed"), [(30, 80, 1), (150, 300, 2), (400, 1000, 3)])
def test_run_assignment_optimal_over_edges(n_c, n_p, seed, tmp_path):
    _check_run(n_c, n_p, seed, tmp_path)


@pytest.mark.slow
def test_run_assignment_optimal_national_slice(tmp_path):
    _check_run(2000, 5000, 9, tmp_path)


def test_gini_against_mean_difference_formula():
    rng = np.random.default_rng(3)
    x = rng.integers(0, 30, size=200).astype(float)
    # G = Σ_i Σ_j |x_i − x_j| / (2 n² mean)
    expected = np.abs(x[:, None] - x[None, :]).sum() / (2 * len(x) ** 2 * x.mean())
    assert gini(x) == pytest.approx(expected)
    assert gini(np.ones(10)) == pytest.approx(0.0)
    assert gini(np.zeros(5)) == 0.0


def test_waiting_groups():
    weeks = np.array([0, 25, 26, 51.5, 52, 103, 104, 400])
    placed = np.array([True, False, True, True, False, False, True, True])
    groups = placements_by_waiting(weeks, placed)
    assert [g["group"] for g in groups] == [label for label, _ in config.WAITING_GROUPS]
    assert [(g["candidates"], g["placed"]) for g in groups] == [(2, 1), (2, 2), (2, 0), (2, 2)]
