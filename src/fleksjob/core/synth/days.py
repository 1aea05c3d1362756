"""Dates as integer day numbers (proleptic ordinals) so whole histories are NumPy arrays.

Conversion back to ``datetime.date`` goes through one shared list of date objects, so millions of
date cells cost one lookup each and share the same few thousand objects.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

_EPOCH = dt.date(1970, 1, 1).toordinal()
NONE = -1  # "no date" in day arrays (open ends, no first job)
FAR = 10**9  # "never" for competing-event times


def day(date: dt.date) -> int:
    return date.toordinal()


def to_datetime64(days: np.ndarray) -> np.ndarray:
    return (np.asarray(days, dtype=np.int64) - _EPOCH).astype("datetime64[D]")


def from_datetime64(values: np.ndarray) -> np.ndarray:
    return values.astype("datetime64[D]").astype(np.int64) + _EPOCH


def add_months(days: np.ndarray, months: np.ndarray | int) -> np.ndarray:
    """Same day of month ``months`` later, clipped to the month's last day (29 Feb → 28 Feb)."""
    d = to_datetime64(days)
    month = d.astype("datetime64[M]")
    dom = (d - month.astype("datetime64[D]")).astype(np.int64)
    target = month + np.asarray(months, dtype=np.int64)
    length = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(
        np.int64
    )
    return from_datetime64(target.astype("datetime64[D]") + np.minimum(dom, length - 1))


def add_years(days: np.ndarray, years: np.ndarray | int) -> np.ndarray:
    return add_months(days, np.asarray(years, dtype=np.int64) * 12)


def month_starts(first: dt.date, last: dt.date) -> np.ndarray:
    """Day numbers of the first day of every month from ``first``'s month to ``last``'s month."""
    a = np.datetime64(first.replace(day=1), "M")
    b = np.datetime64(last.replace(day=1), "M")
    return from_datetime64(np.arange(a, b + 1).astype("datetime64[D]"))


def year_of(days: np.ndarray) -> np.ndarray:
    return to_datetime64(days).astype("datetime64[Y]").astype(np.int64) + 1970


class DateCache:
    """``datetime.date`` objects for a contiguous range of day numbers, created once."""

    def __init__(self, first: dt.date, last: dt.date) -> None:
        self.base = first.toordinal()
        n = last.toordinal() - self.base + 1
        self.dates = [dt.date.fromordinal(self.base + i) for i in range(n)]

    def many(self, days: np.ndarray) -> list[dt.date | None]:
        """Dates for an array of day numbers; NONE becomes None."""
        arr = np.asarray(days, dtype=np.int64)
        dates = self.dates
        base = self.base
        if (arr == NONE).any():
            return [None if v == NONE else dates[v - base] for v in arr.tolist()]
        return [dates[i] for i in (arr - base).tolist()]
