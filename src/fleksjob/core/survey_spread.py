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

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
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
    return spreads([(survey, invitations, answers)], totals_known=False, threshold=threshold)[0]


def spreads(
    tables: Sequence[tuple[Survey, int, Iterable[Mapping[str, int]]]],
    *,
    totals_known: bool = True,
    threshold: int = THRESHOLD,
) -> list[SurveySpread]:
    """The spreads of one audience's questionnaires (each (survey, invitations, answers)),
    protected together. ``totals_known``: a reader knows the sums over the questionnaires of
    the invitations, the answers and the headline's satisfied answers (they are the published
    survey indicators' counts of the months counted, ``published_months``), so a hidden
    questionnaire's count must not be their total minus the others'."""
    systems = [_system(survey, inv, answers, threshold) for survey, inv, answers in tables]
    width = sum(s.values.size for s in systems)
    offsets = np.cumsum([0, *(s.values.size for s in systems)])[:-1]

    def place(rows: np.ndarray, at: int) -> np.ndarray:
        out = np.zeros((rows.shape[0], width))
        out[:, at : at + rows.shape[1]] = rows
        return out

    matrix = np.vstack([place(s.matrix, o) for s, o in zip(systems, offsets, strict=True)])
    values = np.concatenate([s.values for s in systems])
    known = [place(s.known, o) for s, o in zip(systems, offsets, strict=True)]
    if totals_known:
        for item in ("invitations", "answers", "satisfied"):
            rows = [
                place(s.matrix[[s.keys.index(s.total_key(item))]], o)
                for s, o in zip(systems, offsets, strict=True)
            ]
            known.append(np.sum(rows, axis=0))
    known_m = np.vstack(known) if known else np.zeros((0, width))
    subsets = np.vstack([place(s.subsets, o) for s, o in zip(systems, offsets, strict=True)])
    amount = matrix @ values
    hidden = np.concatenate([s.primary for s in systems])
    overall = np.concatenate([np.arange(len(s.keys)) < 2 for s in systems])
    hidden = _protect(
        matrix, amount, hidden, known_m, subsets, subsets @ values, threshold, overall
    )
    results, at = [], 0
    for s in systems:
        part = hidden[at : at + len(s.keys)]
        shown = {k: (None if part[i] else int(s.amount[i])) for i, k in enumerate(s.keys)}
        results.append(_result(s.survey, shown))
        at += len(s.keys)
    return results


def indicators_of(audience: str) -> tuple[str, str]:
    """The survey indicators of an audience (``core/stats/indicators``): the response rate
    (answers of invitations, by the month the invitation was sent) and the share satisfied
    (headline 4 or 5 of the answers; its denominator is the rate's numerator)."""
    return f"{audience}_survey_response_rate", f"{audience}_satisfied_share"


@dataclass(frozen=True)
class MonthCounts:
    """One municipality's month of one audience: invitations sent, their answers, and the
    answers satisfied (4 or 5 on the headline); None where the published figure is hidden."""

    invitations: int | None
    answers: int | None
    satisfied: int | None


def published_months(
    published: Mapping[date, MonthCounts],
    live: Mapping[date, MonthCounts],
    other_versions: Iterable[date] = (),
) -> list[date]:
    """The months the spread may count: those whose survey indicator counts (the response
    rate's numerator and denominator, the share satisfied's numerator) are all published for
    the municipality and are still what the data holds now, and with no invitation or answer
    to another version of a questionnaire than the one counted. The spread's totals over the
    audience's questionnaires are then sums of published figures, and no hidden month (nor a
    sum of hidden months, of the municipality, its region or the country) can be worked out
    from them: a year total minus the published months would otherwise give back the hidden
    ones."""
    mixed = set(other_versions)
    empty = MonthCounts(0, 0, 0)
    return sorted(
        month
        for month, shown in published.items()
        if None not in (shown.invitations, shown.answers, shown.satisfied)
        and live.get(month, empty) == shown
        and month not in mixed
    )


@dataclass(frozen=True)
class Invited:
    survey_id: str
    version: int
    month: date  # the first of the month the invitation was sent


@dataclass(frozen=True)
class Answered:
    survey_id: str
    version: int
    month: date  # the invitation's month, as the indicators count it
    scores: Mapping[str, int]
    satisfied: bool  # as stored (the headline 4 or 5): what the indicators count


@dataclass(frozen=True)
class AudienceSpread:
    months: list[date]  # the months counted (``published_months``)
    tables: list[SurveySpread]  # one per questionnaire, in the order given; none without months


def audience_spread(
    surveys: Sequence[Survey],
    invited: Iterable[Invited],
    answered: Iterable[Answered],
    published: Mapping[date, MonthCounts],
    threshold: int = THRESHOLD,
) -> AudienceSpread:
    """The spread of one audience's questionnaires (every one of them: the published counts
    are the audience's) over the months ``published_months`` allows, from a municipality's
    invitations and answers (every version; only the current ones are counted) and the
    published survey indicator counts of its months (``published``; a month missing is not
    published)."""
    invited, answered = list(invited), list(answered)
    current = {s.id: s.version for s in surveys}
    live: dict[date, list[int]] = {}
    mixed: set[date] = set()
    for row in invited:
        live.setdefault(row.month, [0, 0, 0])[0] += 1
        if current.get(row.survey_id) != row.version:
            mixed.add(row.month)
    for row in answered:
        counts = live.setdefault(row.month, [0, 0, 0])
        counts[1] += 1
        counts[2] += int(row.satisfied)
        if current.get(row.survey_id) != row.version:
            mixed.add(row.month)
    months = published_months(
        published, {m: MonthCounts(*c) for m, c in live.items()}, other_versions=mixed
    )
    if not months:  # nothing published to count: no table (its zeros would be no secret)
        return AudienceSpread(months=[], tables=[])
    chosen = set(months)
    tables = [
        (
            survey,
            sum(1 for r in invited if r.survey_id == survey.id and r.month in chosen),
            [r.scores for r in answered if r.survey_id == survey.id and r.month in chosen],
        )
        for survey in surveys
    ]
    return AudienceSpread(months=months, tables=spreads(tables, threshold=threshold))


@dataclass(frozen=True)
class _System:
    survey: Survey
    keys: list[tuple[str, object]]
    matrix: np.ndarray
    values: np.ndarray
    amount: np.ndarray
    known: np.ndarray
    subsets: np.ndarray
    primary: np.ndarray

    def total_key(self, item: str) -> tuple[str, object]:
        """The key of a count the audience's published totals add up over questionnaires."""
        return (self.survey.headline.id, "satisfied") if item == "satisfied" else ("", item)


def _system(
    survey: Survey, invitations: int, answers: Iterable[Mapping[str, int]], threshold: int
) -> _System:
    """One questionnaire's shown items as sums over its unknown cells, with what a reader
    knows without being told, the small sums to protect and the primary suppression."""
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

    return _System(survey, keys, matrix, values, amount, known, subsets_m, hidden)


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


def _protect(
    matrix, amount, hidden, known, subsets, subset_values, threshold, overall
) -> np.ndarray:
    hidden = hidden.copy()
    width = matrix.shape[1]
    # What the reader knows without the page (e.g. the published totals) is no disclosure of
    # the page's: such an item is shown, and such a sum is not the page's to protect.
    public = _basis(known, width)
    public_item = _in_span(matrix, public) if known.size else np.zeros(len(matrix), bool)
    hidden &= ~public_item
    small = subsets[subset_values < threshold]
    if small.size and known.size:
        small = small[~_in_span(small, public)]
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
        hidden[min(choice, key=lambda i: (amount[i], bool(overall[i]), i))] = True


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
