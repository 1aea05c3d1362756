"""Bounds of every amount, count, date, id, page number and text that enters the system.

One place per kind of value: the API's schema types (``fleksjob.api.types``), the forms
(``fleksjob.ui.forms``), the CLI (``fleksjob.commands.calc``) and the import files
(``fleksjob.core.imports.cells``) all check against these, so a far date or a huge number is a
clear 4xx (or exit code 2) naming the field, never an overflow deep inside (a 5xx) and never an
``Infinity`` in a JSON answer. They are generous technical limits, not rules of the scheme: a
use case's own rules (``core.records.limits``, no contact in the future) are checked after them.

Messages are Danish and never repeat the value (it may be anything a user typed).
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

# Dates: a case, a rate table or a birth date lies well inside; arithmetic on them (a deadline
# ten years on, a retention period back) stays far from Python's year 1 and 9999.
DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)
YEAR_MIN, YEAR_MAX = DATE_MIN.year, DATE_MAX.year
# Amounts in kr: an hourly wage, a monthly income, a ceiling (far above any real one, far below
# where a float loses whole kroner or a product overflows).
AMOUNT_MAX = 10_000_000
PERCENT_MAX = 100
# Weekly hours anyone can work; the scheme's own limit (``core.records.limits``) is checked
# by the use cases.
WEEKLY_HOURS_MAX = 80
# Counts of weeks (the refusion clock): a century.
WEEKS_MAX = 5_200
# Database ids are 64-bit integers.
ID_MAX = 2**63 - 1
# Paged lists: page N of at most PAGE_SIZE_MAX rows; (N - 1) × size stays a 64-bit offset.
PAGE_MAX = 1_000_000
PAGE_SIZE_MAX = 500

DATE_REASON = f"datoen skal ligge mellem {DATE_MIN.isoformat()} og {DATE_MAX.isoformat()}"
YEAR_REASON = f"året skal ligge mellem {YEAR_MIN} og {YEAR_MAX}"
TEXT_REASON = "teksten må ikke indeholde NUL-tegn"


class OutOfBounds(ValueError):
    """A value outside its bounds; the message says the bounds, never the value."""


def _named(field: str | None, reason: str) -> str:
    return f"{field}: {reason}" if field else reason


def check_date(value: dt.date, field: str | None = None) -> dt.date:
    """``value`` if it lies in [DATE_MIN, DATE_MAX], else OutOfBounds (naming ``field``)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if not DATE_MIN <= value <= DATE_MAX:
        raise OutOfBounds(_named(field, DATE_REASON))
    return value


def check_year(value: int, field: str | None = None) -> int:
    if not YEAR_MIN <= value <= YEAR_MAX:
        raise OutOfBounds(_named(field, YEAR_REASON))
    return value


def _danish(value: float) -> str:
    """10000000 → 10.000.000; 0.5 → 0,5."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:g}".replace(".", ",")


def _number_reason(low: float, high: float) -> str:
    return f"skal være et tal mellem {_danish(low)} og {_danish(high)}"


def check_number(
    value: float | int | Decimal,
    *,
    low: float = 0,
    high: float = AMOUNT_MAX,
    field: str | None = None,
) -> float | int | Decimal:
    """A finite number in [low, high] (not NaN, not ±infinity), else OutOfBounds."""
    if isinstance(value, Decimal):
        finite = value.is_finite()
    else:  # a whole number is finite however large (and too large for math.isfinite)
        finite = isinstance(value, int) or math.isfinite(value)
    if not finite or not low <= value <= high:
        raise OutOfBounds(_named(field, _number_reason(low, high)))
    return value


def check_count(value: int, *, low: int = 0, high: int, field: str | None = None) -> int:
    """A whole number in [low, high], else OutOfBounds."""
    if not low <= value <= high:
        reason = f"skal være et helt tal mellem {_danish(low)} og {_danish(high)}"
        raise OutOfBounds(_named(field, reason))
    return value


def check_text(value: str, field: str | None = None) -> str:
    """Text without NUL characters (no database stores them in text; PostgreSQL refuses)."""
    if "\x00" in value:
        raise OutOfBounds(_named(field, TEXT_REASON))
    return value


def parse_id(text: str | None) -> int | None:
    """A database id written in ASCII digits (1 … ID_MAX), or None for anything else."""
    if not text or not text.isascii() or not text.isdigit() or len(text) > len(str(ID_MAX)):
        return None
    value = int(text)
    return value if 1 <= value <= ID_MAX else None
