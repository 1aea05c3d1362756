"""Case deadlines derived from the approval and the case history.

- The first fleksjob after 1 January 2013 is temporary for 5 years from its start; the review
  (revurdering) is due 4½ years in (lov om en aktiv beskæftigelsesindsats § 122 and § 123).
- A follow-up conversation every 2½ years while in fleksjob (issue 3).
- At least 4 jobsamtaler within the first 6 months of ledighedsydelse, then an individually agreed
  cadence (issue 3).

``add_months``, ``temporary_until`` and ``review_due`` give the calendar dates; ``case_deadlines``
moves every due date that falls on a weekend, a Danish public holiday or an extra day off to the
next working day (``workdays``). ``assess`` gives each deadline its state from the case's facts
(``CaseFacts``: what was held and decided, and when): met, overdue, due or no longer relevant.
A date in the past alone does not make a deadline overdue.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from fleksjob.core.rules.workdays import DEFAULT_CALENDAR, WorkCalendar

TEMPORARY_MONTHS = 60
REVIEW_MONTHS = 54
CONVERSATION_MONTHS = 30
JOBSAMTALE_WINDOW_MONTHS = 6
JOBSAMTALER_MIN = 4
REFORM_2013 = dt.date(2013, 1, 1)  # fleksjobs started before follow the old, permanent scheme


@lru_cache(maxsize=1 << 16)  # pure, and called ~10 times per case for a municipality's cases
def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def temporary_until(first_fleksjob_start: dt.date) -> dt.date:
    return add_months(first_fleksjob_start, TEMPORARY_MONTHS)


def review_due(first_fleksjob_start: dt.date) -> dt.date:
    return add_months(first_fleksjob_start, REVIEW_MONTHS)


@dataclass(frozen=True)
class Deadline:
    key: str  # temporary_until, review, conversation, jobsamtaler
    label: str  # Danish
    calendar_date: dt.date  # the date by the rule
    due: dt.date  # moved to a working day
    label_en: str = ""  # English (the pages' second language)

    def as_dict(self) -> dict[str, str]:
        return {
            "key": self.key,
            "label": self.label,
            "calendar_date": self.calendar_date.isoformat(),
            "due": self.due.isoformat(),
        }


def temporary_periods(first_fleksjob_start: dt.date, current_until: dt.date | None) -> int:
    """How many temporary periods of 5 years the case has had: 1, and one more for each new
    temporary period a review granted (``current_until``: the end of the current one)."""
    if current_until is None:
        return 1
    return max(1, _months_between(first_fleksjob_start, current_until) // TEMPORARY_MONTHS)


def period_of(first_fleksjob_start: dt.date, deadline: Deadline) -> int:
    """The temporary period (0: the first) a review or temporary-period deadline belongs to."""
    months = _months_between(first_fleksjob_start, deadline.calendar_date)
    if deadline.key == "temporary_until":  # the end of period k is 60·(k+1) months in
        months -= 1
    return months // TEMPORARY_MONTHS


_PERIOD_LABELS = {
    ("temporary_until", True): (
        "Første fleksjob er midlertidigt til",
        "First fleksjob temporary until",
    ),
    ("temporary_until", False): ("Ny midlertidig periode til", "New temporary period until"),
    ("review", True): ("Revurdering (4½ år)", "Review (revurdering, 4½ years)"),
    ("review", False): (
        "Revurdering af ny periode (4½ år)",
        "Review of the new period (revurdering, 4½ years)",
    ),
}


def case_deadlines(
    first_fleksjob_start: dt.date | None = None,
    ledighedsydelse_start: dt.date | None = None,
    until: dt.date | None = None,
    work_calendar: WorkCalendar = DEFAULT_CALENDAR,
    current_temporary_until: dt.date | None = None,
) -> list[Deadline]:
    """The case's deadlines, sorted by due date.

    Each temporary period of 5 years (the first from the first fleksjob's start, and each new one
    a review granted, up to ``current_temporary_until``) has its end and its review 4½ years in.
    Conversations every 2½ years from the first fleksjob's start are listed up to ``until``
    (default: 10 years after the start). A first fleksjob started before 1 January 2013 follows
    the old scheme (not temporary, no revurdering) and gives no fleksjob deadlines.
    """
    out: list[Deadline] = []

    def add(key: str, labels: tuple[str, str], day: dt.date) -> None:
        da, en = labels
        out.append(Deadline(key, da, day, work_calendar.next_working_day(day), en))

    if first_fleksjob_start is not None and first_fleksjob_start >= REFORM_2013:
        start = first_fleksjob_start
        for k in range(temporary_periods(start, current_temporary_until)):
            first = k == 0
            add(
                "temporary_until",
                _PERIOD_LABELS["temporary_until", first],
                add_months(start, TEMPORARY_MONTHS * (k + 1)),
            )
            add(
                "review",
                _PERIOD_LABELS["review", first],
                add_months(start, TEMPORARY_MONTHS * k + REVIEW_MONTHS),
            )
        stop = until or add_months(first_fleksjob_start, 120)
        k = 1
        while (day := add_months(first_fleksjob_start, CONVERSATION_MONTHS * k)) <= stop:
            years = f"{k * 2.5:g}"
            labels = (
                f"Opfølgningssamtale ({years.replace('.', ',')} år)",
                f"Follow-up meeting ({years} years)",
            )
            add("conversation", labels, day)
            k += 1
    if ledighedsydelse_start is not None:
        add(
            "jobsamtaler",
            (
                f"Mindst {JOBSAMTALER_MIN} jobsamtaler inden for de første 6 måneder",
                f"At least {JOBSAMTALER_MIN} jobcentre meetings (jobsamtaler) "
                "in the first 6 months",
            ),
            add_months(ledighedsydelse_start, JOBSAMTALE_WINDOW_MONTHS),
        )
    return sorted(out, key=lambda d: (d.due, d.key))


def jobsamtale_plan(
    ledighedsydelse_start: dt.date, work_calendar: WorkCalendar = DEFAULT_CALENDAR
) -> list[dt.date]:
    """A suggested plan of the 4 jobsamtaler: one by the end of each 1½-month quarter of the first
    6 months, each moved back to the last working day on or before it so none falls late."""
    plan = []
    for k in range(1, JOBSAMTALER_MIN + 1):
        day = (
            ledighedsydelse_start
            + (add_months(ledighedsydelse_start, JOBSAMTALE_WINDOW_MONTHS) - ledighedsydelse_start)
            * k
            / JOBSAMTALER_MIN
        )
        while not work_calendar.is_working_day(day):
            day -= dt.timedelta(days=1)
        plan.append(day)
    return plan


class DeadlineState(StrEnum):
    DUE = "due"  # not yet reached, nothing done yet
    MET = "met"  # what the rule asks for was done (on time or late: ``met_on`` says when)
    OVERDUE = "overdue"  # passed, and not done
    NOT_RELEVANT = "not_relevant"  # the case's facts took it away (ended, permanent fleksjob)


STATE_LABELS_DA: dict[str, str] = {
    DeadlineState.DUE: "frist",
    DeadlineState.MET: "overholdt",
    DeadlineState.OVERDUE: "overskredet",
    DeadlineState.NOT_RELEVANT: "ikke længere aktuel",
}


@dataclass(frozen=True)
class CaseFacts:
    """What happened on a case, as far as its deadlines are concerned (dates only).

    ``reviews_held``, ``follow_ups_held`` and ``jobsamtaler_held`` are the days the meetings of
    each kind were held; ``review_decisions`` the days of the reviews' recorded decisions, one
    per temporary period, in order; ``temporary_until`` the end of the current temporary period
    when a review granted a new one; ``ended_on`` is the day the case ended (None while open).
    """

    first_fleksjob_start: dt.date | None = None
    old_scheme: bool = False
    permanent: bool = False
    ended_on: dt.date | None = None
    ledighedsydelse_start: dt.date | None = None
    reviews_held: tuple[dt.date, ...] = ()
    review_decisions: tuple[dt.date, ...] = ()  # core/rules/decisions.py, oldest first
    temporary_until: dt.date | None = None
    follow_ups_held: tuple[dt.date, ...] = ()
    jobsamtaler_held: tuple[dt.date, ...] = ()


@dataclass(frozen=True)
class DeadlineStatus:
    deadline: Deadline
    state: DeadlineState
    met_on: dt.date | None = None

    @property
    def key(self) -> str:
        return self.deadline.key

    @property
    def label(self) -> str:
        return self.deadline.label

    @property
    def label_en(self) -> str:
        return self.deadline.label_en

    @property
    def due(self) -> dt.date:
        return self.deadline.due

    @property
    def calendar_date(self) -> dt.date:
        return self.deadline.calendar_date

    @property
    def overdue(self) -> bool:
        return self.state == DeadlineState.OVERDUE

    @property
    def met_late(self) -> bool:
        return self.met_on is not None and self.met_on > self.deadline.due


def _first_in(days: tuple[dt.date, ...], after: dt.date, until: dt.date) -> dt.date | None:
    """The earliest day in (after, until]."""
    return min((d for d in days if after < d <= until), default=None)


def _met_on(deadline: Deadline, facts: CaseFacts, today: dt.date) -> dt.date | None:
    """The day the rule behind ``deadline`` was satisfied, if it was (a late day counts: the
    deadline is then met, late, and no longer overdue)."""
    start = facts.first_fleksjob_start
    if deadline.key in ("review", "temporary_until") and start is not None:
        # § 123: within 4½ years the municipality reviews whether the conditions still hold, and
        # that decision also settles what follows the temporary period (§ 122): a review held
        # in the period meets both (late if after the due date), and so does the review's
        # recorded decision (permanent, a new period, or the end). A new period's review is one
        # held after the decision that granted the period.
        k = period_of(start, deadline)
        decided = facts.review_decisions
        if k == 0:
            after = start - dt.timedelta(days=1)
        elif len(decided) >= k:
            after = decided[k - 1]
        else:
            return None
        return _first_in(facts.reviews_held + decided[k : k + 1], after, today)
    if deadline.key == "conversation" and start is not None:
        k = round(_months_between(start, deadline.calendar_date) / CONVERSATION_MONTHS)
        return _conversation_held(start, k, facts.follow_ups_held + facts.reviews_held, today)
    if deadline.key == "jobsamtaler" and facts.ledighedsydelse_start is not None:
        # At least 4 jobsamtaler in the first 6 months of ledighedsydelse (lov om en aktiv
        # beskæftigelsesindsats; issue 3): met on the day of the 4th held inside the window.
        held = sorted(
            d for d in facts.jobsamtaler_held if facts.ledighedsydelse_start <= d <= today
        )
        in_window = [d for d in held if d <= deadline.calendar_date]
        if len(in_window) >= JOBSAMTALER_MIN:
            return in_window[JOBSAMTALER_MIN - 1]
    return None


def _conversation_held(
    start: dt.date, k: int, held: tuple[dt.date, ...], today: dt.date
) -> dt.date | None:
    """The day the k-th 2½-year follow-up conversation was held, if it was.

    Each conversation (a follow-up in fleksjob, or the review, which is one) is used once, in
    date order: the j-th mark is met by the first unused one held after the (j-1)-th mark and
    before the (j+1)-th (after its own mark it is late). A late conversation thus never also
    meets the next mark, and one conversation never meets two.
    """
    days = sorted(d for d in held if d <= today)
    used: dt.date | None = None
    found: dt.date | None = None
    for j in range(1, k + 1):
        since = max(add_months(start, CONVERSATION_MONTHS * (j - 1)), used or start)
        before = add_months(start, CONVERSATION_MONTHS * (j + 1))
        found = next((d for d in days if since < d < before and d != used), None)
        if found is not None:
            used = found
    return found


def _months_between(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def assess(deadline: Deadline, facts: CaseFacts, today: dt.date) -> DeadlineStatus:
    """The deadline's state on ``today`` from the case's facts.

    Met when what it asks for was done (even late); otherwise no longer relevant when the case
    ended by the deadline or the fleksjob became permanent (a permanent fleksjob has no temporary
    period left to review, §§ 122 – 123); otherwise overdue once its working-day due date passed;
    otherwise due.
    """
    met_on = _met_on(deadline, facts, today)
    if met_on is not None:
        return DeadlineStatus(deadline, DeadlineState.MET, met_on)
    if facts.ended_on is not None and facts.ended_on <= deadline.due:
        return DeadlineStatus(deadline, DeadlineState.NOT_RELEVANT)
    if facts.permanent and deadline.key in ("review", "temporary_until"):
        return DeadlineStatus(deadline, DeadlineState.NOT_RELEVANT)
    if deadline.due < today:
        return DeadlineStatus(deadline, DeadlineState.OVERDUE)
    return DeadlineStatus(deadline, DeadlineState.DUE)


def case_deadline_states(
    facts: CaseFacts,
    today: dt.date,
    horizon_months: int = 36,
    work_calendar: WorkCalendar = DEFAULT_CALENDAR,
) -> list[DeadlineStatus]:
    """The case's deadlines with their states, sorted by due date: every review, temporary-period
    and jobsamtale deadline; of the 2½-year conversations the latest past one (held or not) and
    those up to ``horizon_months`` ahead. An old-scheme fleksjob (before 2013) has none of the
    temporary period's deadlines."""
    first = None if facts.old_scheme else facts.first_fleksjob_start
    found = case_deadlines(
        first,
        facts.ledighedsydelse_start,
        until=add_months(today, horizon_months),
        work_calendar=work_calendar,
        current_temporary_until=facts.temporary_until,
    )
    past = [d for d in found if d.key == "conversation" and d.due < today]
    latest_past = past[-1] if past else None
    shown = [d for d in found if d.key != "conversation" or d.due >= today or d is latest_past]
    return [assess(d, facts, today) for d in shown]
