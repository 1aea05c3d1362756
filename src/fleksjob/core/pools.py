"""Municipal fleksjob pools: the arithmetic of places, spend against the annual cap and the
waiting list (docs/pools.md). Pure Python; the ``pools`` app persists and presents.

A pool pays the whole wage of the citizens placed in its jobs. A placement costs its monthly
wage cost for every month it is active, **pro rata by calendar days** in a month it starts or
ends in: a placement active on d of a month's D days costs ``monthly_cost × d / D`` that month.
Start and end days are both included; an open placement (no end) runs on. Amounts are exact
fractions of a krone; pages round them to whole kroner.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

# Projected spend at or above this share of the cap is warned about, at or above 1 it is over.
WARNING_SHARE = Fraction(9, 10)
REASON_MAX = 1000
MOTIVATION_MAX = 2000
WORKPLACE_MAX = 200
END_REASON_MAX = 200
MAX_MONTHLY_COST = 200_000  # kr a month: far above any fleksjob wage; a typo guard
# A pool's own figures (its form, the API's body and save_pool take them from here).
NAME_MAX = 120
ELIGIBILITY_MAX = 2000
MAX_CAP = 10**11  # kr a year
MAX_PLACES = 100_000
MAX_MIN_WEEKS = 520  # weeks on ledighedsydelse a pool may ask at least (ten years)


class Kind(StrEnum):
    """What a pool is for (the three kinds municipalities run)."""

    FULL_WAGE = "full_wage"  # the whole wage in municipal workplaces (Aalborg)
    NO_REFUSION = "no_refusion"  # for those the state no longer refunds (Odense)
    TEMPORARY = "temporary"  # temporary municipal jobs until the refusion restarts (Aarhus)


KIND_LABELS_DA = {
    Kind.FULL_WAGE: "Fuld løn på kommunale arbejdspladser",
    Kind.NO_REFUSION: "Målrettet borgere uden refusion",
    Kind.TEMPORARY: "Midlertidigt, indtil refusionen starter igen",
}
KIND_LABELS_EN = {
    Kind.FULL_WAGE: "Full wage in municipal workplaces",
    Kind.NO_REFUSION: "For citizens without state refusion",
    Kind.TEMPORARY: "Temporary, until the refusion restarts",
}


class ApplicationStatus(StrEnum):
    PENDING = "pending"  # venter på visitationen
    APPROVED = "approved"  # bevilget: holds a place
    REFUSED = "refused"  # afslået, with a reason
    WAITING = "waiting"  # på venteliste: approved in substance, no free place
    WITHDRAWN = "withdrawn"  # trukket tilbage
    ENDED = "ended"  # the pool job ended: the place is free again


STATUS_LABELS_DA = {
    ApplicationStatus.PENDING: "Venter",
    ApplicationStatus.APPROVED: "Bevilget",
    ApplicationStatus.REFUSED: "Afslået",
    ApplicationStatus.WAITING: "På venteliste",
    ApplicationStatus.WITHDRAWN: "Trukket tilbage",
    ApplicationStatus.ENDED: "Afsluttet",
}
STATUS_LABELS_EN = {
    ApplicationStatus.PENDING: "Pending",
    ApplicationStatus.APPROVED: "Granted",
    ApplicationStatus.REFUSED: "Refused",
    ApplicationStatus.WAITING: "On the waiting list",
    ApplicationStatus.WITHDRAWN: "Withdrawn",
    ApplicationStatus.ENDED: "Ended",
}
# An open application: a citizen has at most one per pool.
OPEN = frozenset({ApplicationStatus.PENDING, ApplicationStatus.APPROVED, ApplicationStatus.WAITING})
# What may follow each status (the write functions check it under the row lock).
TRANSITIONS: dict[ApplicationStatus, frozenset[ApplicationStatus]] = {
    ApplicationStatus.PENDING: frozenset(
        {
            ApplicationStatus.APPROVED,
            ApplicationStatus.WAITING,
            ApplicationStatus.REFUSED,
            ApplicationStatus.WITHDRAWN,
        }
    ),
    ApplicationStatus.WAITING: frozenset(
        {ApplicationStatus.APPROVED, ApplicationStatus.REFUSED, ApplicationStatus.WITHDRAWN}
    ),
    ApplicationStatus.APPROVED: frozenset({ApplicationStatus.ENDED, ApplicationStatus.WITHDRAWN}),
    ApplicationStatus.REFUSED: frozenset(),
    ApplicationStatus.WITHDRAWN: frozenset(),
    ApplicationStatus.ENDED: frozenset(),
}


def may_move(from_status: str, to_status: str) -> bool:
    return ApplicationStatus(to_status) in TRANSITIONS[ApplicationStatus(from_status)]


# --- places --------------------------------------------------------------------------------


def free_places(places: int, taken: int) -> int:
    """Places not held by a granted application (never below 0: a pool whose places were cut
    below those already granted has none free until enough leave)."""
    return max(places - taken, 0)


def decided_status(*, approve: bool, free: int) -> ApplicationStatus:
    """What the visitation's yes becomes: granted when a place is free, else the waiting list."""
    if not approve:
        return ApplicationStatus.REFUSED
    return ApplicationStatus.APPROVED if free > 0 else ApplicationStatus.WAITING


@dataclass(frozen=True)
class Waiting:
    """An application on the waiting list: put there at ``since``, applied at ``applied``."""

    id: int
    since: dt.datetime
    applied: dt.datetime


def waiting_order(entries: Iterable[Waiting]) -> list[Waiting]:
    """First come, first served: the earliest put on the list first, then the earliest
    application, then the lowest id (so the order is total and the same everywhere)."""
    return sorted(entries, key=lambda w: (w.since, w.applied, w.id))


def next_in_line(entries: Iterable[Waiting]) -> Waiting | None:
    ordered = waiting_order(entries)
    return ordered[0] if ordered else None


# --- spend ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cost:
    """A placement's wage cost: ``monthly`` kr while active from ``start`` to ``end`` (both
    days included; ``end`` None = open)."""

    start: dt.date
    end: dt.date | None
    monthly: int


def _days(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def month_spend(
    costs: Iterable[Cost], year: int, *, until: dt.date | None = None
) -> list[Fraction]:
    """Spend in each month of ``year`` (12 amounts), pro rata by days; with ``until`` only the
    days up to and including it count (spend so far)."""
    months = [Fraction(0)] * 12
    year_start, year_end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    for cost in costs:
        first = max(cost.start, year_start)
        last = min(cost.end or year_end, year_end)
        if until is not None:
            last = min(last, until)
        if last < first:
            continue
        for month in range(first.month, last.month + 1):
            days = _days(year, month)
            lo = first.day if month == first.month else 1
            hi = last.day if month == last.month else days
            months[month - 1] += Fraction(cost.monthly * (hi - lo + 1), days)
    return months


@dataclass(frozen=True)
class CapStatus:
    """A pool's year: spend so far, projected spend (open placements running to the year's
    end, ended ones to their end) and how close the projection comes to the cap."""

    year: int
    cap: int
    months: tuple[Fraction, ...]  # projected spend per month
    spent: Fraction  # to and including ``as_of``
    projected: Fraction

    @property
    def share(self) -> Fraction | None:
        return Fraction(self.projected, self.cap) if self.cap else None

    @property
    def level(self) -> str:
        """``ok``, ``warning`` (projected at or above 90 % of the cap) or ``over`` (at or above
        the cap). A pool without a cap (0) is always over once it spends anything."""
        if self.cap <= 0:
            return "over" if self.projected > 0 else "ok"
        if self.projected >= self.cap:
            return "over"
        return "warning" if self.share >= WARNING_SHARE else "ok"

    @property
    def remaining(self) -> Fraction:
        return self.cap - self.projected


def cap_status(costs: Sequence[Cost], cap: int, as_of: dt.date) -> CapStatus:
    year = as_of.year
    months = month_spend(costs, year)
    spent = sum(month_spend(costs, year, until=as_of), Fraction(0))
    return CapStatus(year, cap, tuple(months), spent, sum(months, Fraction(0)))


# --- eligibility ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Criteria:
    """What a pool asks of a citizen besides an active fleksjob case."""

    requires_ledighedsydelse: bool = False
    min_weeks_on_ledighedsydelse: int = 0


@dataclass(frozen=True)
class Facts:
    has_active_case: bool
    ledighedsydelse_since: dt.date | None  # start of the open spell, None when not on it


def eligibility_refusal(criteria: Criteria, facts: Facts, on: dt.date) -> str:
    """Why the citizen does not meet the pool's criteria on ``on`` (Danish), or ""."""
    if not facts.has_active_case:
        return "borgeren har ingen aktiv fleksjobsag"
    needs_spell = criteria.requires_ledighedsydelse or criteria.min_weeks_on_ledighedsydelse > 0
    if needs_spell and facts.ledighedsydelse_since is None:
        return "puljen er for borgere på ledighedsydelse, og borgeren er ikke på ledighedsydelse"
    if criteria.min_weeks_on_ledighedsydelse > 0:
        weeks = (on - facts.ledighedsydelse_since).days // 7
        if weeks < criteria.min_weeks_on_ledighedsydelse:
            return (
                "borgeren har ikke været på ledighedsydelse i de uger, puljen kræver "
                f"({criteria.min_weeks_on_ledighedsydelse})"
            )
    return ""
