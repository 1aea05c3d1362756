"""Job crafting in the score: the competence factor by hand, positions without tasks scored as
before job crafting, the explanation line in both languages, and the tasks in the file format."""

from __future__ import annotations

import pytest

from fleksjob.core.errors import InputError
from fleksjob.core.matching import config
from fleksjob.core.matching.explain import in_english
from fleksjob.core.matching.index import PositionIndex
from fleksjob.core.matching.ranking import recommend
from fleksjob.core.matching.records import candidate_from_dict, position_from_dict

from .conftest import random_instance
from .test_records import GOOD_C, GOOD_P

# The weights before job crafting: occupation 0.30 and no competence factor.
BEFORE = {**{f: w for f, w in config.WEIGHTS.items() if f != "competences"}, "occupation": 0.30}

TASKS = [
    {"hours": 6, "skills": ["office_admin", "filing_archive"]},
    {"hours": 4, "skills": ["payroll_hr"]},
]


def test_weights_sum_to_one_and_before_is_the_old_sum():
    assert sum(config.WEIGHTS.values()) == pytest.approx(1.0)
    assert sum(BEFORE.values()) == pytest.approx(1.0)


def test_competence_factor_and_reason_by_hand():
    candidate = candidate_from_dict({**GOOD_C, "competences": ["office_admin", "filing_archive"]})
    position = position_from_dict({**GOOD_P, "tasks": TASKS})
    [match] = recommend(candidate, PositionIndex([position]), k=1)
    # Needed: office_admin, filing_archive, payroll_hr; the citizen has 2 of 3; task 1 outright.
    assert match.factors["competences"] == pytest.approx(2 / 3)
    reason = next(r for r in match.reasons if r.startswith("Dækker"))
    assert reason == "Dækker 1 af 2 opgavers kompetencer (2 af 3 kompetencer) (+0,07)"
    assert in_english(reason) == (
        "Covers the competences of 1 of 2 tasks (2 of 3 competences) (+0.07)"
    )
    expected = sum(config.WEIGHTS[f] * v for f, v in match.factors.items())
    assert match.score == pytest.approx(expected, abs=1e-6)


def test_without_tasks_the_score_is_what_it_was():
    cands, poss = random_instance(30, 300, seed=11, spread_deg=0.6)
    index = PositionIndex(poss)
    plain = crafted = 0
    for c in cands:
        for m in recommend(c, index, k=10):
            p = index.table.records[index.row_of[m.position]]
            if p.skills:
                crafted += 1
                continue
            plain += 1
            assert m.factors["competences"] == m.factors["occupation"]
            old = sum(w * m.factors[f] for f, w in BEFORE.items())
            assert m.score == pytest.approx(old, abs=1e-6)
            assert not any(r.startswith("Dækker") for r in m.reasons)
    assert plain > 50 and crafted > 10


@pytest.mark.parametrize(
    ("tasks", "field"),
    [
        ("x", "tasks"),
        ([1], "tasks[0]"),
        ([{"skills": []}], "tasks[0].hours"),
        ([{"hours": 0, "skills": []}], "tasks[0].hours"),
        ([{"hours": "3", "skills": []}], "tasks[0].hours"),
        ([{"hours": 3, "skills": ["juggling"]}], "tasks[0].skills"),
        ([{"hours": 3, "skills": [], "occupation": "x"}], "tasks[0].occupation"),
        ([{"hours": 3}], "tasks[0].skills"),
    ],
)
def test_bad_tasks_name_the_field(tasks, field):
    with pytest.raises(InputError) as refused:
        position_from_dict({**GOOD_P, "tasks": tasks})
    assert refused.value.field == field


def test_bad_competences_name_the_field():
    with pytest.raises(InputError) as refused:
        candidate_from_dict({**GOOD_C, "competences": ["office_admin", "nope"]})
    assert refused.value.field == "competences"
    assert candidate_from_dict(GOOD_C).competences == ()
