"""What the rules engine says about one case: legal deadlines and income at more hours."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fleksjob.core.records.limits import MAX_WEEKLY_HOURS
from fleksjob.core.rules import RatesNotCovered, case_deadlines, hours_outlook, income_by_hours
from fleksjob.core.rules.deadlines import (
    JOBSAMTALE_WINDOW_MONTHS,
    JOBSAMTALER_MIN,
    Deadline,
    add_months,
)


@dataclass(frozen=True)
class JobsamtaleStatus:
    window_start: dt.date
    window_end: dt.date
    held: int
    required: int = JOBSAMTALER_MIN

    @property
    def met(self) -> bool:
        return self.held >= self.required


def legal_deadlines(approval, open_spell_start: dt.date | None, today: dt.date) -> list[Deadline]:
    """The case's deadlines from today and three years on (dates moved to working days)."""
    first = None if approval.old_scheme else approval.first_fleksjob_start
    found = case_deadlines(first, open_spell_start, until=add_months(today, 36))
    return [d for d in found if d.key != "conversation" or d.due >= today]


def jobsamtale_status(spell_start: dt.date, meeting_days: list[dt.date]) -> JobsamtaleStatus:
    """Jobsamtaler held in the first 6 months of the ledighedsydelse spell (the legal minimum 4)."""
    end = add_months(spell_start, JOBSAMTALE_WINDOW_MONTHS)
    held = sum(1 for day in meeting_days if spell_start <= day <= end)
    return JobsamtaleStatus(spell_start, end, held)


def income_outlook(employment, hours: float, today: dt.date) -> list[dict] | None:
    """Income now and at +1…+5 weekly hours in the current fleksjob (no pension assumed)."""
    if employment is None or not 1 <= round(hours) <= MAX_WEEKLY_HOURS:
        return None
    try:
        return hours_outlook(today, float(employment.hourly_wage), round(hours))
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
