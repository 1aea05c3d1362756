"""How the answers to each question of a questionnaire spread over the scale (docs/surveys.md).

For one questionnaire and one group of invitations (a municipality and a period): the
invitations, the answers and the response rate; per question the count at each point of the
scale, the answers that left an optional question out, the question's answers and the share
satisfied. Pure Python and numpy, no Django.

Discretion as for the survey indicators (``core/stats/suppression.py``): no count below 5 is
shown, zero included, and nothing shown gives one back. Primary: every count under the
threshold is hidden; the satisfied count is hidden also when the not-satisfied count is (the
share x/n hides x when n − x is small), the answers also when the invitations not answered are.
Secondary: the shown counts are linear sums of the unknown cells (a question's points and its
left-outs, the invitations not answered; every question's cells add up to the same answers,
which a reader knows), so a hidden count may be given back by differences (a total minus the
shown parts). More counts are hidden, each time the shown count of least value whose hiding
breaks the disclosure, until (a) no hidden count lies in the span of the shown ones and (b) no
sum of a question's cells (with or without the invitations not answered) that the shown counts
determine is below the threshold. A reader learns nothing about a hidden count but bounds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from fleksjob.core.surveys import SCALE, Survey

THRESHOLD = 5
SKIP = "skip"  # a question's cell of answers that left it out


@dataclass(frozen=True)
class QuestionSpread:
    question: str
    headline: bool
    counts: dict[int, int | None]  # per point of the scale; None: hidden
    skipped: int | None  # answers that left the question out (None: hidden; 0 for the headline)
    answered: int | None
    satisfied: int | None
    share_satisfied: float | None  # satisfied / answered, shown when both are


@dataclass(frozen=True)
class SurveySpread:
    survey: str
    invitations: int | None
    answers: int | None
    response_rate: float | None  # answers / invitations, shown when both are
    questions: tuple[QuestionSpread, ...]

    @property
    def hidden_everything(self) -> bool:
        return self.answers is None and all(q.answered is None for q in self.questions)


def tally(survey: Survey, answers: Iterable[Mapping[str, int]]) -> dict[tuple[str, object], int]:
    """The raw cells: (question, point) and (question, SKIP) → count of answers."""
    cells: dict[tuple[str, object], int] = {}
    for q in survey.questions:
        for point in SCALE:
            cells[(q.id, point)] = 0
        if not q.headline:
            cells[(q.id, SKIP)] = 0
    for scores in answers:
        for q in survey.questions:
            score = scores.get(q.id)
            key = (q.id, SKIP) if score is None else (q.id, int(score))
            if key not in cells:
                raise ValueError(f"{survey.id}: {q.id} has no answer on the scale")
            cells[key] += 1
    return cells


def spread(
    survey: Survey,
    invitations: int,
    answers: Iterable[Mapping[str, int]],
    threshold: int = THRESHOLD,
) -> SurveySpread:
    """The spread of ``answers`` (each a question id → score dict) to ``survey`` among
    ``invitations`` invitations, with small and recoverable counts hidden (None)."""
    cells = tally(survey, answers)
    n_answers = sum(cells[(survey.headline.id, p)] for p in SCALE)
    if invitations < n_answers:
        raise ValueError(f"{survey.id}: more answers than invitations")
    # The unknowns: every cell, and the invitations not answered.
    names = [*cells, ("", "not_answered")]
    column = {name: j for j, name in enumerate(names)}
    values = np.array([*cells.values(), invitations - n_answers], dtype=float)

    def vector(keys: Iterable[tuple[str, object]]) -> np.ndarray:
        v = np.zeros(len(names))
        for key in keys:
            v[column[key]] = 1.0
        return v

    first = survey.questions[0].id

    def cells_of(qid: str) -> list[tuple[str, object]]:
        return [k for k in cells if k[0] == qid]

    items: dict[tuple[str, object], np.ndarray] = {
        ("", "invitations"): vector([*cells_of(first), ("", "not_answered")]),
        ("", "answers"): vector(cells_of(first)),
    }
    for q in survey.questions:
        for key in cells_of(q.id):
            items[key] = vector([key])
        items[(q.id, "answered")] = vector((q.id, p) for p in SCALE)
        items[(q.id, "satisfied")] = vector((q.id, p) for p in SCALE if survey.satisfied(p))
    keys = list(items)
    matrix = np.array([items[k] for k in keys])
    amount = matrix @ values
    # What a reader knows without being told: every question's cells add up to the answers.
    known = np.array(
        [vector(cells_of(q.id)) - vector(cells_of(first)) for q in survey.questions[1:]]
    ).reshape(-1, len(names))

    hidden = amount < threshold
    for q in survey.questions:  # the share's complement: the answers not satisfied
        i, j = keys.index((q.id, "satisfied")), keys.index((q.id, "answered"))
        hidden[i] |= amount[j] - amount[i] < threshold
    i, j = keys.index(("", "answers")), keys.index(("", "invitations"))
    hidden[i] |= amount[j] - amount[i] < threshold  # the response rate's complement

    # Sums a reader must not learn when small: any of a question's cells, with or without the
    # invitations not answered.
    rest = column[("", "not_answered")]
    subsets = []
    for q in survey.questions:
        own = [column[k] for k in cells_of(q.id)]
        for size in range(1, len(own) + 1):
            for chosen in combinations(own, size):
                for extra in ((), (rest,)):
                    v = np.zeros(len(names))
                    v[list(chosen + extra)] = 1.0
                    subsets.append(v)
    v = np.zeros(len(names))
    v[rest] = 1.0
    subsets.append(v)
    subsets_m = np.array(subsets)
    subset_values = subsets_m @ values

    hidden = _protect(matrix, amount, hidden, known, subsets_m, subset_values, threshold)
    shown = {k: (None if hidden[i] else int(amount[i])) for i, k in enumerate(keys)}
    return _result(survey, shown)


def _basis(rows: np.ndarray, width: int) -> np.ndarray:
    """An orthonormal basis of the row space of ``rows``."""
    if not rows.size:
        return np.zeros((0, width))
    _, sv, vt = np.linalg.svd(rows, full_matrices=False)
    return vt[: int((sv > 1e-9 * max(sv.max(), 1.0)).sum())]


def _in_span(targets: np.ndarray, basis: np.ndarray) -> np.ndarray:
    """Per row of ``targets``: it lies in the space ``basis`` spans (the sums give it)."""
    rest = targets - (targets @ basis.T) @ basis
    return np.abs(rest).max(axis=1) < 1e-8


def _protect(matrix, amount, hidden, known, subsets, subset_values, threshold) -> np.ndarray:
    hidden = hidden.copy()
    width = matrix.shape[1]
    small = subsets[subset_values < threshold]
    while True:
        basis = _basis(np.vstack([matrix[~hidden], known]), width)
        pinned = np.flatnonzero(hidden)[_in_span(matrix[hidden], basis)]
        if pinned.size:
            problem = matrix[pinned[0]]
        else:
            given = small[_in_span(small, basis)] if small.size else small
            if not given.size:
                return hidden
            problem = given[0]
        shown = np.flatnonzero(~hidden)
        breaking = [
            i
            for i in shown
            if not _in_span(
                problem[None, :], _basis(np.vstack([matrix[shown[shown != i]], known]), width)
            )[0]
        ]
        choice = breaking or list(shown)
        # The smallest count first; on a tie a question's count before the questionnaire's.
        hidden[min(choice, key=lambda i: (amount[i], i < 2, i))] = True


def _result(survey: Survey, shown: dict[tuple[str, object], int | None]) -> SurveySpread:
    def share(x: int | None, n: int | None) -> float | None:
        return None if x is None or n is None or n == 0 else x / n

    questions = []
    for q in survey.questions:
        answered, satisfied = shown[(q.id, "answered")], shown[(q.id, "satisfied")]
        questions.append(
            QuestionSpread(
                question=q.id,
                headline=q.headline,
                counts={p: shown[(q.id, p)] for p in SCALE},
                skipped=0 if q.headline else shown[(q.id, SKIP)],
                answered=answered,
                satisfied=satisfied if answered is not None else None,
                share_satisfied=share(satisfied, answered),
            )
        )
    invitations, n_answers = shown[("", "invitations")], shown[("", "answers")]
    return SurveySpread(
        survey=survey.id,
        invitations=invitations,
        answers=n_answers,
        response_rate=share(n_answers, invitations),
        questions=tuple(questions),
    )
