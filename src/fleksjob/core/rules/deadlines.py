"""Case deadlines derived from the approval and the case history.

- The first fleksjob after 1 January 2013 is temporary for 5 years from its start; the review
  (revurdering) is due 4½ years in (lov om en aktiv beskæftigelsesindsats § 122 and § 123).
- A follow-up conversation every 2½ years while in fleksjob (issue 3).
- At least 4 jobsamtaler within the first 6 months of ledighedsydelse, then an individually agreed
  cadence (issue 3).

``add_months``, ``temporary_until`` and ``review_due`` give the calendar dates; ``case_deadlines``
moves every due date that falls on a weekend, a Danish public holiday or an extra day off to the
next working day (``workdays``).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from fleksjob.core.rules.workdays import DEFAULT_CALENDAR, WorkCalendar

TEMPORARY_MONTHS = 60
REVIEW_MONTHS = 54
CONVERSATION_MONTHS = 30
JOBSAMTALE_WINDOW_MONTHS = 6
JOBSAMTALER_MIN = 4
REFORM_2013 = dt.date(2013, 1, 1)  # fleksjobs started before follow the old, permanent scheme


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

    def as_dict(self) -> dict[str, str]:
        return {
            "key": self.key,
            "label": self.label,
            "calendar_date": self.calendar_date.isoformat(),
            "due": self.due.isoformat(),
        }


def case_deadlines(
    first_fleksjob_start: dt.date | None = None,
    ledighedsydelse_start: dt.date | None = None,
    until: dt.date | None = None,
    work_calendar: WorkCalendar = DEFAULT_CALENDAR,
) -> list[Deadline]:
    """The case's deadlines, sorted by due date.

    Conversations every 2½ years from the first fleksjob's start are listed up to ``until``
    (default: 10 years after the start). A first fleksjob started before 1 January 2013 follows
    the old scheme (not temporary, no revurdering) and gives no fleksjob deadlines.
    """
    out: list[Deadline] = []

    def add(key: str, label: str, day: dt.date) -> None:
        out.append(Deadline(key, label, day, work_calendar.next_working_day(day)))

    if first_fleksjob_start is not None and first_fleksjob_start >= REFORM_2013:
        add(
            "temporary_until",
            "Første fleksjob er midlertidigt til",
            temporary_until(first_fleksjob_start),
        )
        add("review", "Revurdering (4½ år)", review_due(first_fleksjob_start))
        stop = until or add_months(first_fleksjob_start, 120)
        k = 1
        while (day := add_months(first_fleksjob_start, CONVERSATION_MONTHS * k)) <= stop:
            add("conversation", f"Opfølgningssamtale ({k * 2.5:g} år)".replace(".", ","), day)
            k += 1
    if ledighedsydelse_start is not None:
        add(
            "jobsamtaler",
            f"Mindst {JOBSAMTALER_MIN} jobsamtaler inden for de første 6 måneder",
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
