"""Retraining prospects in matching (opt-in, docs/matching.md): off by default (scores and runs
exactly as without it); on, a retraining citizen's position in an occupation with good prospects
in their area is lifted by the weight's share of its distance to 1, in the top-k, the candidates
per position and the optimal assignment, all against the independent reference scorer."""

from __future__ import annotations

import dataclasses
import random

import numpy as np
import pytest

from fleksjob.core.errors import InputError
from fleksjob.core.matching import config, engine
from fleksjob.core.matching.explain import in_english
from fleksjob.core.matching.index import PositionIndex
from fleksjob.core.matching.ranking import candidates_for, evaluate, recommend
from fleksjob.core.matching.records import candidate_from_dict

from .conftest import CODES, ReferenceScorer, is_feasible, random_instance
from .test_assignment import _read_edges, lsa_optimum

WEIGHT = 0.2


def _retraining(cands, seed: int, weight: float = WEIGHT):
    """Every second citizen is retraining, with three of the instance's occupations good in
    their area."""
    rng = random.Random(seed)
    return [
        dataclasses.replace(
            c, prospects=tuple(sorted(rng.sample(CODES, 3))), prospects_weight=weight
        )
        if i % 2 == 0
        else c
        for i, c in enumerate(cands)
    ]


def _expected(ref: ReferenceScorer, c, p) -> float:
    """The reference score, lifted by hand: s + w · (1 − s) where the position's 4-digit group
    is one of the citizen's good ones."""
    s = ref.score(c, p)
    if c.prospects_weight and p.occupation[:4] in c.prospects:
        return s + c.prospects_weight * (1 - s)
    return s


def test_off_by_default_changes_nothing(tmp_path):
    cands, poss = random_instance(60, 300, seed=11, spread_deg=0.6)
    off = _retraining(cands, 11, weight=0.0)  # good occupations given, weight 0
    plain = engine.run(cands, poss, top=5, do_assign=True, per_position=3).output
    given = engine.run(off, poss, top=5, do_assign=True, per_position=3).output
    assert given == plain
    # A record without the fields is the same record as before.
    row = {
        "id": "x", "lat": 56.0, "lon": 10.0, "max_commute_km": 10, "remote_ok": False,
        "hours_min": 5, "hours_max": 10, "needs": [], "occupations": ["4110"], "skills_text": "",
        "wishes_sectors": [], "weeks_waiting": 3, "goal": "education",
    }  # fmt: skip
    c = candidate_from_dict(row)
    assert (c.prospects, c.prospects_weight) == ((), 0.0)
    for bad in ({"prospects": ["41"]}, {"prospects_weight": 1.0}, {"prospects_weight": -0.1}):
        with pytest.raises(InputError):
            candidate_from_dict(row | bad)


@pytest.mark.parametrize("seed", [4, 5])
def test_lifted_scores_and_top_k_equal_reference(seed):
    cands, poss = random_instance(40, 600, seed=seed, spread_deg=0.6)
    cands = _retraining(cands, seed)
    index = PositionIndex(poss)
    prepared = index.prepare(cands)
    ref = ReferenceScorer(poss)
    k, lifted, big = 5, 0, 0
    for ci, c in enumerate(cands):
        expected = sorted((_expected(ref, c, p) for p in poss if is_feasible(c, p)), reverse=True)
        got = evaluate(index, prepared, ci, k)
        for row, s in zip(got.rows, got.scores, strict=True):
            p = index.table.records[row]
            assert s == pytest.approx(_expected(ref, c, p), abs=2e-6)
            lifted += _expected(ref, c, p) != ref.score(c, p)
        assert list(got.scores) == pytest.approx(expected[:k], abs=2e-6)
        big += got.n_feasible > config.TEXT_EXACT_FACTOR * k
    assert lifted >= 10 and big >= 10  # the lift changed top lists, through the text bound too


def test_candidates_for_a_position_equal_reference():
    cands, poss = random_instance(120, 200, seed=7, spread_deg=0.5)
    cands = _retraining(cands, 7)
    index = PositionIndex(poss)
    prepared = index.prepare(cands)
    ref = ReferenceScorer(poss)
    for p in poss[:40]:
        got = candidates_for(p.id, index, prepared, 3)
        expected = sorted((_expected(ref, c, p) for c in cands if is_feasible(c, p)), reverse=True)
        assert [m.score for m in got] == pytest.approx(expected[:3], abs=2e-6)


def test_the_reason_names_the_lift_in_danish_and_english():
    cands, poss = random_instance(40, 300, seed=3, spread_deg=0.5)
    cands = _retraining(cands, 3)
    index = PositionIndex(poss)
    found = [(c, m) for c in cands for m in recommend(c, index, 10)]
    reasons = [r for _, m in found for r in m.reasons if r.startswith("Omskoling")]
    assert reasons
    assert all(in_english(r).startswith("Retraining: the occupation") for r in reasons)
    # Only the retraining citizens' positions in a good occupation carry it.
    by_id = {p.id: p for p in poss}
    for c, m in found:
        has = any(r.startswith("Omskoling") for r in m.reasons)
        assert has == (by_id[m.position].occupation[:4] in c.prospects)


@pytest.mark.parametrize(("n_c", "n_p", "seed"), [(30, 80, 1), (150, 300, 2)])
def test_the_assignment_stays_optimal_with_the_lift(n_c, n_p, seed, tmp_path):
    cands, poss = random_instance(n_c, n_p, seed=seed, spread_deg=0.8)
    cands = _retraining(cands, seed)
    run = engine.run(cands, poss, top=10, do_assign=True)
    engine.write(run, tmp_path / "out.json", tmp_path / "edges.csv")
    rows = _read_edges(tmp_path / "edges.csv")
    by_c = {c.id: i for i, c in enumerate(cands)}
    by_p = {p.id: j for j, p in enumerate(poss)}
    ref = ReferenceScorer(poss)
    cand = np.array([by_c[r["candidate"]] for r in rows], dtype=np.int64)
    pos = np.array([by_p[r["position"]] for r in rows], dtype=np.int64)
    scores = np.array([float(r["score"]) for r in rows])
    # Each edge's score is the lifted reference score; weight = 1 + score + priority.
    expected = [_expected(ref, cands[i], poss[j]) for i, j in zip(cand, pos, strict=True)]
    assert scores == pytest.approx(expected, abs=2e-6)
    waits = np.array([cands[i].weeks_waiting for i in cand])
    weights = np.array([float(r["weight"]) for r in rows])
    assert weights == pytest.approx(1 + scores + 0.5 * np.minimum(waits, 104) / 104, abs=2e-6)
    best = lsa_optimum(cand, pos, weights, len(cands), np.array([p.openings for p in poss]))
    assert run.output["objective"] == pytest.approx(best, rel=1e-4)
