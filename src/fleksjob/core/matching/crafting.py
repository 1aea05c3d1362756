"""Job crafting: a position as tasks, each with weekly hours and the competences it needs.

Two questions about one citizen and one position's tasks (docs/matching.md, *Job crafting*):

- ``coverage``: how many of the tasks' needed competences the citizen has, and how many tasks
  the citizen could do outright (has every competence the task needs);
- ``best_subset``: the tasks the position could be shaped around for this citizen: tasks the
  citizen can do, their hours together within the citizen's range, as many hours as possible
  (then as few tasks, then the earliest tasks). Exact: hours are whole tenths (one decimal), so a
  0/1 knapsack over the reachable sums, O(tasks² · tenths); checked against brute force in tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

Hours = Decimal | float | int


@dataclass(frozen=True)
class Task:
    id: str
    hours: Decimal
    skills: frozenset[str]
    occupation: str = ""


def task(id: object, hours: Hours, skills: Iterable[str], occupation: str = "") -> Task:
    """A Task with hours as an exact one-decimal Decimal (13.0 → Decimal("13.0"))."""
    return Task(str(id), tenths_to_hours(to_tenths(hours)), frozenset(skills), occupation)


def to_tenths(hours: Hours) -> int:
    """Weekly hours as whole tenths, rounded half up (13.25 → 133)."""
    return int((Decimal(str(hours)) * 10).quantize(Decimal(1), rounding="ROUND_HALF_UP"))


def tenths_to_hours(tenths: int) -> Decimal:
    return Decimal(tenths).scaleb(-1)


@dataclass(frozen=True)
class Coverage:
    tasks: int  # tasks of the position
    tasks_covered: int  # tasks whose every needed competence the citizen has
    skills_needed: int  # distinct competences the tasks need
    skills_covered: int  # of those, the ones the citizen has

    @property
    def score(self) -> float:
        """Share of the needed competences the citizen has, in [0, 1] (1 when none is needed)."""
        return self.skills_covered / self.skills_needed if self.skills_needed else 1.0

    @property
    def reason(self) -> str:
        """The explanation line, in Danish (``reason_in_english`` translates it)."""
        return (
            f"Dækker {self.tasks_covered} af {self.tasks} opgavers kompetencer "
            f"({self.skills_covered} af {self.skills_needed} kompetencer)"
        )


def needed_skills(tasks: Iterable[Task]) -> frozenset[str]:
    """The union of the competences the tasks need (what an assembled position requires)."""
    out: set[str] = set()
    for t in tasks:
        out |= t.skills
    return frozenset(out)


def coverage(competences: Iterable[str], tasks: Sequence[Task]) -> Coverage:
    have = frozenset(competences)
    needed = needed_skills(tasks)
    return Coverage(
        tasks=len(tasks),
        tasks_covered=sum(1 for t in tasks if t.skills <= have),
        skills_needed=len(needed),
        skills_covered=len(needed & have),
    )


@dataclass(frozen=True)
class Subset:
    tasks: tuple[Task, ...]  # in the position's order

    @property
    def hours(self) -> Decimal:
        return tenths_to_hours(sum(to_tenths(t.hours) for t in self.tasks))

    @property
    def reason(self) -> str:
        n = len(self.tasks)
        return f"Kan tage {n} {'opgave' if n == 1 else 'opgaver'} på {_da(self.hours)} t/uge"


def best_subset(
    tasks: Sequence[Task], competences: Iterable[str], hours_min: Hours, hours_max: Hours
) -> Subset | None:
    """The best non-empty set of tasks the citizen can do whose hours together lie within
    [hours_min, hours_max]: most hours, then fewest tasks, then earliest tasks (the sorted
    positions compared in order); None when no such set exists."""
    have = frozenset(competences)
    low, high = max(to_tenths(hours_min), 1), to_tenths(hours_max)
    doable = [(i, to_tenths(t.hours)) for i, t in enumerate(tasks) if t.skills <= have]
    if high < low or not doable:
        return None
    # best[s]: the best (count, positions) reaching exactly s tenths with the tasks seen so far.
    # Adding task i (larger than every position already in a set) to every set keeps their
    # order, so keeping only each sum's best is exact.
    best: dict[int, tuple[int, tuple[int, ...]]] = {0: (0, ())}
    for i, h in doable:
        if h <= 0:
            continue
        for s, (n, chosen) in sorted(best.items(), reverse=True):
            t = s + h
            if t > high:
                continue
            new = (n + 1, (*chosen, i))
            if t not in best or new < best[t]:
                best[t] = new
    fits = [s for s in best if low <= s <= high and best[s][0] > 0]
    if not fits:
        return None
    top = max(fits)
    return Subset(tuple(tasks[i] for i in best[top][1]))


def _da(hours: Decimal) -> str:
    return f"{hours.normalize():f}".replace(".", ",")


COVERAGE_REASON = re.compile(
    r"Dækker (\d+) af (\d+) opgavers kompetencer \((\d+) af (\d+) kompetencer\)"
)
_SUBSET = re.compile(r"Kan tage (\d+) (?:opgave|opgaver) på ([\d,]+) t/uge")


def reason_in_english(reason: str) -> str:
    """A reason written here, in English; an unknown text as it is."""
    if m := COVERAGE_REASON.fullmatch(reason):
        return f"Covers the competences of {m[1]} of {m[2]} tasks ({m[3]} of {m[4]} competences)"
    if m := _SUBSET.fullmatch(reason):
        noun = "task" if m[1] == "1" else "tasks"
        return f"Can take {m[1]} {noun} of {m[2].replace(',', '.')} h/week"
    return reason
