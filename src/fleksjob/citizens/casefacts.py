"""What the rules engine says about one case: legal deadlines and income at more hours."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db.models import Count, Max, Q, Sum, Value

from fleksjob.citizens import casepage
from fleksjob.citizens.models import Approval, BenefitSpell, CaseDecision
from fleksjob.core.records.limits import MAX_WEEKLY_HOURS
from fleksjob.core.rules import RatesNotCovered, hours_outlook, income_by_hours
from fleksjob.core.rules.case_status import Status
from fleksjob.core.rules.deadlines import (
    JOBSAMTALE_WINDOW_MONTHS,
    JOBSAMTALER_MIN,
    CaseFacts,
    DeadlineState,
    DeadlineStatus,
    add_months,
    case_deadline_states,
)
from fleksjob.core.rules.decisions import DecisionKind
from fleksjob.core.rules.income_tax import TaxNotCovered


@dataclass(frozen=True)
class JobsamtaleStatus:
    window_start: dt.date
    window_end: dt.date
    held: int
    required: int = JOBSAMTALER_MIN

    @property
    def met(self) -> bool:
        return self.held >= self.required


# What the deadline rules read of a case (plain rows: loading every field of a municipality's
# cases cost more than the rules themselves).
CASE_FACT_FIELDS = (
    "pk",
    "citizen_id",
    "first_fleksjob_start",
    "old_scheme",
    "permanent",
    "reviewed_on",
    "temporary_until",
    "status",
    "status_since",
)

# Meeting kinds (followup.MeetingKind values) that settle deadlines.
REVIEW, FOLLOW_UP, JOBSAMTALE = "review", "follow_up", "jobsamtale"


def case_facts(
    approval,
    open_spell_start: dt.date | None,
    meetings: Iterable[tuple[str, dt.date]],
    review_decisions: Iterable[dt.date] = (),
) -> CaseFacts:
    """The facts the deadline rules read: the case's own fields, the meetings held, as
    (kind, held_on) pairs (the citizen's meetings: a review belongs to the fleksjob, not to one
    visitation record), and the days of the case's applied review decisions."""
    held: dict[str, list[dt.date]] = {REVIEW: [], FOLLOW_UP: [], JOBSAMTALE: []}
    for kind, day in meetings:
        if kind in held:
            held[kind].append(day)
    return CaseFacts(
        first_fleksjob_start=approval.first_fleksjob_start,
        old_scheme=approval.old_scheme,
        permanent=approval.permanent,
        review_decisions=tuple(sorted(review_decisions)),
        temporary_until=approval.temporary_until if approval.reviewed_on else None,
        ended_on=approval.status_since if approval.status == Status.ENDED else None,
        ledighedsydelse_start=open_spell_start,
        reviews_held=tuple(held[REVIEW]),
        follow_ups_held=tuple(held[FOLLOW_UP]),
        jobsamtaler_held=tuple(held[JOBSAMTALE]),
    )


def legal_deadlines(
    approval,
    open_spell_start: dt.date | None,
    today: dt.date,
    meetings: Iterable[tuple[str, dt.date]] = (),
    review_decisions: Iterable[dt.date] | None = None,
) -> list[DeadlineStatus]:
    """The case's deadlines with their state (met, overdue, due, no longer relevant), up to three
    years on (dates moved to working days). ``review_decisions``: the case's review decision
    days, read here when not given."""
    if review_decisions is None:
        review_decisions = reviews_decided([approval]).get(approval.pk, ())
    return list(
        _deadline_states(case_facts(approval, open_spell_start, meetings, review_decisions), today)
    )


# The rules are a pure function of a case's facts and the day, so their answers are kept: a
# home page counting a municipality's overdue deadlines recomputes only the cases whose facts
# changed since the last view (at most 30,000 cases per process, tens of MB; the largest
# municipality fits).
@lru_cache(maxsize=30_000)
def _deadline_states(facts: CaseFacts, today: dt.date) -> tuple[DeadlineStatus, ...]:
    return tuple(case_deadline_states(facts, today))


def reviews_decided(approvals) -> dict[int, list[dt.date]]:
    """The days of each case's applied, not cancelled review decisions (one query; none for
    cases whose review was never decided)."""
    decided = [a.pk for a in approvals if a.reviewed_on is not None]
    found: dict[int, list[dt.date]] = {}
    if not decided:
        return found
    rows = CaseDecision.objects.filter(
        approval__in=decided,
        kind=DecisionKind.REVIEW,
        applied_on__isnull=False,
        cancelled_at__isnull=True,
    )
    for approval_id, on in rows.order_by("approval_id", "on").values_list("approval_id", "on"):
        found.setdefault(approval_id, []).append(on)
    return found


def jobsamtale_status(spell_start: dt.date, meeting_days: list[dt.date]) -> JobsamtaleStatus:
    """Jobsamtaler held in the first 6 months of the ledighedsydelse spell (the legal minimum 4)."""
    end = add_months(spell_start, JOBSAMTALE_WINDOW_MONTHS)
    held = sum(1 for day in meeting_days if spell_start <= day <= end)
    return JobsamtaleStatus(spell_start, end, held)


def income_outlook(
    employment, hours: float, today: dt.date, municipality: str | None = None
) -> list[dict] | None:
    """Income now and at +1…+5 weekly hours in the current fleksjob (no pension assumed); with
    the citizen's municipality also after tax (without kirkeskat: membership is not recorded),
    or before tax only when the year has no tax data."""
    if employment is None or not 1 <= round(hours) <= MAX_WEEKLY_HOURS:
        return None
    wage = float(employment.hourly_wage)
    try:
        return hours_outlook(today, wage, round(hours), municipality=municipality)
    except TaxNotCovered:
        return hours_outlook(today, wage, round(hours))
    except RatesNotCovered:
        return None


# Positions carry no wage yet: the income at a recommended position's hours is shown at this
# hourly wage (about the lowest collectively agreed wages in 2025), and labelled so.
ASSUMED_HOURLY_WAGE = 200.0


def income_at_hours(hours: float, today: dt.date) -> dict | None:
    """Wage, subsidy and total per month at whole weekly ``hours`` and the assumed wage."""
    if not 1 <= round(hours) <= MAX_WEEKLY_HOURS:
        return None
    try:
        return income_by_hours(today, ASSUMED_HOURLY_WAGE).rows[round(hours) - 1]
    except RatesNotCovered:
        return None


def deadlines_of_cases(approvals, today: dt.date) -> list[tuple[Any, list[DeadlineStatus]]]:
    """Each case with its deadlines and their states, in four queries whatever the number of
    cases (the cases, their open ledighedsydelse spells, the meetings that settle deadlines, the
    review decisions of the cases with one);
    ``approvals`` is a queryset of Approval."""
    cases = list(approvals)
    spells = dict(
        BenefitSpell.objects.filter(approval__in=approvals.values("pk"), end__isnull=True)
        .order_by("approval_id", "start")
        .values_list("approval_id", "start")
    )
    held: dict[int, list[tuple[str, dt.date]]] = {}
    # Only the meetings that can settle a deadline: jobsamtaler count only for a case on
    # ledighedsydelse now (its open spell), reviews and follow-ups only for a case that has had a
    # fleksjob. (Most of a municipality's jobsamtaler are from past spells: half the rows.)
    on_ydelse = {a.citizen_id for a in cases if a.pk in spells}
    had_fleksjob = {a.citizen_id for a in cases if a.first_fleksjob_start is not None}
    meetings = casepage.followup_meetings().filter(
        Q(kind=JOBSAMTALE, citizen__in=on_ydelse)
        | Q(kind__in=(REVIEW, FOLLOW_UP), citizen__in=had_fleksjob)
    )
    for citizen_id, kind, day in meetings.order_by().values_list("citizen_id", "kind", "held_on"):
        held.setdefault(citizen_id, []).append((kind, day))
    decided = reviews_decided(cases)
    return [
        (
            a,
            legal_deadlines(
                a, spells.get(a.pk), today, held.get(a.citizen_id, ()), decided.get(a.pk, ())
            ),
        )
        for a in cases
    ]


def next_deadline(states: list[DeadlineStatus]) -> DeadlineStatus | None:
    """The deadline a caseload row shows: the earliest overdue one, else the next one due."""
    overdue = [s for s in states if s.state == DeadlineState.OVERDUE]
    due = [s for s in states if s.state == DeadlineState.DUE]
    return (overdue or due or [None])[0]


# --- every open case of a municipality, kept per version of the facts ---------------------------
# A manager's home page counts the overdue deadlines of all the municipality's open cases (8,500
# in Aarhus: reading their facts takes most of a second). The answer is kept per process for the
# day and the version of the facts it was computed from, read from the data on every use as the
# matching's index is (docs/writes.md): any committed change of a case, a ledighedsydelse spell,
# a meeting or a decision there changes it, and no write function has to clear anything.
_STATES: dict[str, tuple[tuple, dict[int, tuple[DeadlineStatus, ...]]]] = {}
_STATES_LOCK = threading.Lock()


def facts_version(municipality_code: str) -> tuple:
    """What the municipality's deadline states are computed from, summed up in one query over
    four indexes: the number, id sum and latest change of its cases, spells, meetings and
    decisions (an id sum tells two sets of the same size apart; every save moves ``updated_at``:
    ``fleksjob.audit.stamped``)."""
    path = "citizen__municipality_id"
    parts = [
        rows.filter(**{where: municipality_code})
        .order_by()
        .values(where)
        .annotate(table=Value(i), n=Count("pk"), ids=Sum("pk"), at=Max("updated_at"))
        .values_list("table", "n", "ids", "at")
        for i, (rows, where) in enumerate(
            (
                (Approval.objects.all(), path),
                (BenefitSpell.objects.all(), path),
                (casepage.followup_meetings(), path),
                (CaseDecision.objects.all(), f"approval__{path}"),
            )
        )
    ]
    return tuple(sorted(parts[0].union(*parts[1:], all=True)))


def open_case_deadlines(user, today: dt.date) -> dict[int, tuple[DeadlineStatus, ...]]:
    """Each open case of the user's municipality (by id) with its deadline states on ``today``:
    ``deadlines_of_cases`` over ``Approval.objects.visible_to(user).active()``, recomputed only
    when the day or the facts changed."""
    code = user.municipality_id
    key = (today, facts_version(code))
    with _STATES_LOCK:
        cached = _STATES.get(code)
    if cached is not None and cached[0] == key:
        return cached[1]
    cases = Approval.objects.visible_to(user).active().values_list(*CASE_FACT_FIELDS, named=True)
    states = {a.pk: tuple(found) for a, found in deadlines_of_cases(cases, today)}
    with _STATES_LOCK:
        _STATES[code] = (key, states)
    return states
