"""The spread of survey answers (core/survey_spread.py): counts per point and shares, small
cells hidden, and nothing hidden given back. Checked against an independent attacker: a linear
programme over the non-negative cells that are consistent with what is shown."""

from __future__ import annotations

import random
from itertools import combinations

import numpy as np
import pytest
from scipy.optimize import linprog

from fleksjob.core.survey_spread import SKIP, spread, tally
from fleksjob.core.surveys import SCALE, load_surveys

SURVEY = load_surveys()["citizen_after_meeting"]  # a headline and optional questions
HEADLINE = SURVEY.headline.id
OPTIONAL = [q.id for q in SURVEY.questions if not q.headline]


def _answers(rows: list[dict[int, int]], skips: list[int] | None = None) -> list[dict]:
    """Answers from per-question counts per point (question i's counts in rows[i]); the
    optional questions' left-outs are the answers minus their counts."""
    total = sum(rows[0].values())
    out: list[dict] = [{} for _ in range(total)]
    for q, counts in zip(SURVEY.questions, rows, strict=False):
        scores = [p for p in SCALE for _ in range(counts.get(p, 0))]
        assert len(scores) <= total
        for i, score in enumerate(scores):
            out[i][q.id] = score
    return out


def _shown(result) -> list[tuple[np.ndarray, float]]:
    """What a reader sees, as (sum over the unknown cells, value); the unknowns are every
    question's points and left-outs and the invitations not answered (as in the module, but
    built here from the published fields)."""
    names = [(q.id, p) for q in SURVEY.questions for p in SCALE]
    names += [(q, SKIP) for q in OPTIONAL] + [("", "rest")]
    col = {n: i for i, n in enumerate(names)}

    def v(keys):
        out = np.zeros(len(names))
        for k in keys:
            out[col[k]] = 1
        return out

    rows = []
    head = [(HEADLINE, p) for p in SCALE]
    if result.invitations is not None:
        rows.append((v([*head, ("", "rest")]), result.invitations))
    if result.answers is not None:
        rows.append((v(head), result.answers))
    for q in result.questions:
        for p, c in q.counts.items():
            if c is not None:
                rows.append((v([(q.question, p)]), c))
        if not q.headline and q.skipped is not None:
            rows.append((v([(q.question, SKIP)]), q.skipped))
        if q.answered is not None:
            rows.append((v([(q.question, p) for p in SCALE]), q.answered))
        if q.satisfied is not None:
            rows.append((v([(q.question, p) for p in (4, 5)]), q.satisfied))
    # What everyone knows: each question's cells add up to the answers.
    known = [(v([(q, p) for p in SCALE] + [(q, SKIP)]) - v(head), 0) for q in OPTIONAL]
    return names, rows, known


def _range(names, rows, target: np.ndarray) -> tuple[float, float]:
    a = np.array([r for r, _ in rows])
    b = np.array([value for _, value in rows], dtype=float)
    bounds = [(0, None)] * len(names)
    low = linprog(target, A_eq=a, b_eq=b, bounds=bounds, method="highs")
    high = linprog(-target, A_eq=a, b_eq=b, bounds=bounds, method="highs")
    assert low.status == 0 and high.status == 0
    return low.fun, -high.fun


def _assert_safe(result, cells: dict, invitations: int) -> None:
    """Every shown count is true and at least 5; no hidden count and no small sum of a
    question's hidden cells is pinned down by what is shown."""
    names, shown, known = _shown(result)
    truth = {**cells, ("", "rest"): invitations - sum(cells[(HEADLINE, p)] for p in SCALE)}
    for row, value in shown:
        assert value == sum(truth[n] for n, on in zip(names, row, strict=True) if on == 1)
        assert value >= 5
    rows = shown + known
    for q in SURVEY.questions:
        hidden = [(q.id, p) for p in SCALE if result_count(result, q.id, p) is None]
        if not q.headline and _question(result, q.id).skipped is None:
            hidden.append((q.id, SKIP))
        for size in range(1, len(hidden) + 1):
            for chosen in combinations(hidden, size):
                target = np.array([1.0 if n in chosen else 0.0 for n in names])
                low, high = _range(names, rows, target)
                if size == 1:
                    assert high - low > 0.5, f"{chosen} is given back"
                elif high - low < 0.5:
                    assert low >= 5, f"the sum of {chosen} is given back and small"


def _question(result, qid):
    return next(q for q in result.questions if q.question == qid)


def result_count(result, qid, point):
    return _question(result, qid).counts[point]


def test_counts_and_shares_when_every_cell_is_large():
    rows = [
        {1: 6, 2: 7, 3: 10, 4: 20, 5: 30},
        {1: 5, 2: 8, 3: 9, 4: 16, 5: 30},  # 5 left it out
        {1: 5, 2: 5, 3: 10, 4: 20, 5: 27},  # 6 left it out
    ]
    answers = _answers(rows)
    result = spread(SURVEY, 200, answers)
    assert (result.invitations, result.answers) == (200, 73)
    assert result.response_rate == pytest.approx(73 / 200)
    head = _question(result, HEADLINE)
    assert head.counts == {1: 6, 2: 7, 3: 10, 4: 20, 5: 30}
    assert head.satisfied == 50 and head.share_satisfied == pytest.approx(50 / 73)
    listened = _question(result, OPTIONAL[0])
    assert (listened.answered, listened.skipped, listened.satisfied) == (68, 5, 46)
    _assert_safe(result, tally(SURVEY, answers), 200)


def test_a_small_cell_is_hidden_with_a_complement():
    answers = _answers([{1: 2, 2: 9, 3: 10, 4: 20, 5: 30}])
    result = spread(SURVEY, 200, answers)
    head = _question(result, HEADLINE)
    assert head.counts[1] is None
    # Total minus the others would give it back: at least one more is hidden.
    assert sum(c is None for c in head.counts.values()) >= 2
    _assert_safe(result, tally(SURVEY, answers), 200)


def test_the_share_is_hidden_when_few_are_not_satisfied():
    answers = _answers([{3: 3, 4: 20, 5: 30}])
    result = spread(SURVEY, 100, answers)
    head = _question(result, HEADLINE)
    assert head.share_satisfied is None  # 3 not satisfied: 53 − 50
    _assert_safe(result, tally(SURVEY, answers), 100)


def test_few_answers_hide_everything_and_few_non_answers_hide_the_rate():
    few = _answers([{4: 2, 5: 2}])
    assert spread(SURVEY, 40, few).hidden_everything
    many = _answers([{3: 10, 4: 20, 5: 30}])
    result = spread(SURVEY, 62, many)  # 2 did not answer
    assert result.response_rate is None
    _assert_safe(result, tally(SURVEY, many), 62)


def test_nothing_hidden_is_given_back_in_random_tables():
    rng = random.Random(15)
    for _ in range(8):
        total = rng.randint(0, 80)
        answers = []
        for _ in range(total):
            scores = {HEADLINE: rng.choice([1, 2, 3, 4, 4, 5, 5, 5])}
            for q in OPTIONAL:
                if rng.random() < 0.8:
                    scores[q] = rng.choice(SCALE)
            answers.append(scores)
        invitations = total + rng.randint(0, 40)
        result = spread(SURVEY, invitations, answers)
        _assert_safe(result, tally(SURVEY, answers), invitations)


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        spread(SURVEY, 1, _answers([{4: 5}]))
    with pytest.raises(ValueError):
        spread(SURVEY, 10, [{HEADLINE: 7}])
