"""Retraining options against a brute force over random balances."""

import random

import pytest

from fleksjob.core.imports.balance import CATEGORIES, GOOD, RANK, SHORTAGE
from fleksjob.core.matching.retraining import Positions, best_prospects, retraining_options
from fleksjob.reference import isco_groups

UNITS = sorted(c for c, g in isco_groups().items() if g.level == 4)


def brute(own, prospects, positions, has_needs, min_shared):
    found = []
    for code, (category, _shortage) in prospects.items():
        if code in own or category not in GOOD:
            continue
        best = 0
        for mine in own:
            for n in (4, 3, 2, 1):
                if code[:n] == mine[:n]:
                    best = max(best, n)
                    break
        best = min(best, 3)
        if best < min_shared:
            continue
        p = positions.get(code, Positions(0, 0))
        if has_needs and p.total and not p.fitting:
            continue
        found.append((-best, RANK[category], -p.fitting, code))
    return [row[3] for row in sorted(found)]


@pytest.mark.parametrize("seed", range(40))
def test_matches_the_brute_force(seed):
    rng = random.Random(seed)
    own = rng.sample(UNITS, rng.randint(0, 3))
    near = [c for c in UNITS if any(c[:2] == o[:2] for o in own)]
    pool = sorted(set(rng.sample(UNITS, 30) + rng.sample(near, min(len(near), 15))))
    prospects = {c: (rng.choice(list(CATEGORIES)), rng.random() < 0.2) for c in pool}
    positions = {}
    for c in pool:
        if rng.random() < 0.5:
            total = rng.randint(1, 4)
            positions[c] = Positions(total, rng.randint(0, total))
    has_needs = rng.random() < 0.7
    min_shared = rng.choice([1, 2, 3])
    got = retraining_options(
        own, prospects, positions, has_needs=has_needs, min_shared=min_shared, limit=1000
    )
    assert [o.occupation for o in got] == brute(own, prospects, positions, has_needs, min_shared)
    for o in got:
        assert o.near in own and o.occupation[: o.shared] == o.near[: o.shared]
        assert o.shortage == (prospects[o.occupation][1] or o.category in SHORTAGE)


def test_reasons_and_skaanehensyn():
    prospects = {
        "5321": ("shortage", True),
        "5311": ("good", False),
        "5322": ("good", False),  # the citizen's own
        "5120": ("extensive_shortage", True),  # same major group only: not near enough
        "5329": ("less_good", False),
        "5312": ("good", False),
    }
    positions = {"5321": Positions(3, 1), "5311": Positions(2, 0)}
    got = retraining_options(["5322"], prospects, positions, has_needs=True)
    assert [o.occupation for o in got] == ["5321", "5312"]
    assert got[0].reasons == ("shared_3", "shortage", "in_shortage", "positions_fit")
    assert got[1].reasons == ("shared_2", "good", "no_positions")
    # Without needs, positions that provide nothing still count.
    got = retraining_options(["5322"], prospects, positions, has_needs=False)
    assert [o.occupation for o in got] == ["5321", "5311", "5312"]
    assert retraining_options([], prospects, positions, has_needs=False) == []


def test_best_prospects_takes_the_best_title_of_a_unit_group():
    best = best_prospects(
        [("5321", "less_good", False), ("5321", "good", False), ("5321", "paradox", True)]
    )
    assert best == {"5321": ("paradox", True)}
