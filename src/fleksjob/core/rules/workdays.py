"""Danish working days: weekends and public holidays (the maintained `holidays` package) are not
working days, and by default neither are 24 December, 31 December and Grundlovsdag (5 June), which
are days off in most public-sector agreements though not public holidays. The extra days are
configurable."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache

import holidays

DEFAULT_EXTRA_DAYS_OFF: tuple[tuple[int, int], ...] = ((12, 24), (12, 31), (6, 5))


@cache
def _public_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("DK", years=year))


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are working days; ``extra_days_off`` are (month, day) pairs off every year."""

    extra_days_off: tuple[tuple[int, int], ...] = field(default=DEFAULT_EXTRA_DAYS_OFF)

    def is_working_day(self, day: dt.date) -> bool:
        if day.weekday() >= 5:
            return False
        if (day.month, day.day) in self.extra_days_off:
            return False
        return day not in _public_holidays(day.year)

    def next_working_day(self, day: dt.date) -> dt.date:
        """The day itself when it is a working day, else the next one."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day


DEFAULT_CALENDAR = WorkCalendar()


def next_working_day(day: dt.date, calendar: WorkCalendar = DEFAULT_CALENDAR) -> dt.date:
    return calendar.next_working_day(day)
