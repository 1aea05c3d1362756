"""Job crafting in the core: coverage by hand-worked examples, the best subset of tasks against
brute force over every subset."""

from __future__ import annotations

import itertools
import random
from decimal import Decimal

import pytest

from fleksjob.core.matching.competences import COMPETENCES
from fleksjob.core.matching.crafting import (
    best_subset,
    coverage,
    needed_skills,
    reason_in_english,
    task,
)

LAWYER = [
    task(1, 13, {"law_contracts"}),
    task(2, 6, {"law_contracts", "writing"}),
    task(3, 4, {"payroll_hr"}),
    task(4, 2.5, {"filing_archive", "office_admin"}),
]


def test_coverage_counts_tasks_and_competences_by_hand():
    c = coverage({"law_contracts", "writing", "office_admin"}, LAWYER)
    # Tasks 1 and 2 fully; competences needed: law, writing, payroll, filing, office → 3 of 5.
    assert (c.tasks, c.tasks_covered, c.skills_needed, c.skills_covered) == (4, 2, 5, 3)
    assert c.score == pytest.approx(0.6)
    assert c.reason == "Dækker 2 af 4 opgavers kompetencer (3 af 5 kompetencer)"
    assert reason_in_english(c.reason) == (
        "Covers the competences of 2 of 4 tasks (3 of 5 competences)"
    )


def test_no_tasks_or_no_needs_is_full_coverage():
    assert coverage({"cleaning"}, []).score == 1.0
    assert coverage(set(), [task(1, 5, set())]).tasks_covered == 1


def test_needed_skills_is_the_union():
    assert needed_skills(LAWYER) == {
        "law_contracts",
        "writing",
        "payroll_hr",
        "filing_archive",
        "office_admin",
    }


def test_best_subset_by_hand():
    # The citizen can do tasks 1, 2 and 4 (not HR), 10–20 hours: 13 + 6 = 19 is the most.
    s = best_subset(LAWYER, {"law_contracts", "writing", "filing_archive", "office_admin"}, 10, 20)
    assert s is not None and [t.id for t in s.tasks] == ["1", "2"]
    assert s.hours == Decimal("19.0")
    assert s.reason == "Kan tage 2 opgaver på 19 t/uge"
    assert reason_in_english(s.reason) == "Can take 2 tasks of 19 h/week"
    # At most 9 hours: 6 + 2.5 = 8.5.
    s = best_subset(LAWYER, {"law_contracts", "writing", "filing_archive", "office_admin"}, 0, 9)
    assert s is not None and [t.id for t in s.tasks] == ["2", "4"] and s.hours == Decimal("8.5")
    # Only HR competences and at least 5 hours: nothing fits.
    assert best_subset(LAWYER, {"payroll_hr"}, 5, 20) is None
    assert best_subset(LAWYER, set(), 0, 37) is None
    assert best_subset(LAWYER, {"law_contracts"}, 20, 10) is None


def test_ties_take_fewer_then_earlier_tasks():
    tasks = [task("a", 2, ()), task("b", 2, ()), task("c", 4, ()), task("d", 2, ())]
    s = best_subset(tasks, (), 0, 4)
    assert s is not None and [t.id for t in s.tasks] == ["c"]
    s = best_subset(tasks[:2] + tasks[3:], (), 0, 4)
    assert s is not None and [t.id for t in s.tasks] == ["a", "b"]


def brute_force(tasks, have, low, high):
    """Every subset, judged by the documented order: most hours, fewest tasks, earliest."""
    best = None
    for n in range(1, len(tasks) + 1):
        for combo in itertools.combinations(range(len(tasks)), n):
            if not all(tasks[i].skills <= have for i in combo):
                continue
            total = sum(tasks[i].hours for i in combo)
            if not Decimal(str(low)) <= total <= Decimal(str(high)) or total <= 0:
                continue
            key = (-total, n, combo)
            if best is None or key < best:
                best = key
    return None if best is None else list(best[2])


@pytest.mark.parametrize("seed", range(300))
def test_best_subset_equals_brute_force(seed):
    rng = random.Random(seed)
    keys = sorted(COMPETENCES)[:6]
    n = rng.randint(0, 10)
    tasks = [
        task(i, Decimal(rng.randint(1, 120)) / 10, rng.sample(keys, rng.randint(0, 2)))
        for i in range(n)
    ]
    have = frozenset(rng.sample(keys, rng.randint(0, 6)))
    low = Decimal(rng.randint(0, 150)) / 10
    high = low + Decimal(rng.randint(0, 250)) / 10
    got = best_subset(tasks, have, low, high)
    expected = brute_force(tasks, have, low, high)
    assert (None if got is None else [tasks.index(t) for t in got.tasks]) == expected
