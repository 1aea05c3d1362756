"""Case deadlines derived from the approval (the rules issue extends this with the Danish calendar).

The first fleksjob after 1 January 2013 is temporary for 5 years from its start; the review
(revurdering) is due 4½ years in (lov om en aktiv beskæftigelsesindsats § 122 and § 123).
"""

from __future__ import annotations

import calendar
import datetime as dt

TEMPORARY_MONTHS = 60
REVIEW_MONTHS = 54


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
