"""CPR numbers (Det Centrale Personregister): parsing and validation.

Since 2007 not every CPR number satisfies the old modulus-11 check, so validity is the format, a
real birth date and the century rule of the 7th digit (CPR-kontoret, "Personnummeret i CPR"); a
number is never rejected for failing modulus 11.

Erstatningspersonnumre (replacement numbers given by e.g. hospitals and authorities to persons
without a CPR number) follow the common convention of adding 60 to the day of birth (days 61-91);
they parse with ``replacement=True`` and the real birth date.

Every rejection has a Danish reason that never repeats the number itself (it is personal data).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# ASCII only: to Python's \d, Arabic-Indic and other Unicode digits are digits too.
_PATTERN = re.compile(r"(\d{2})(\d{2})(\d{2})-?(\d{4})", re.ASCII)
_ALLOWED = re.compile(r"[\d-]*", re.ASCII)
REPLACEMENT_DAY_OFFSET = 60


class InvalidCPR(ValueError):
    """Raised with a reason that never repeats the number itself."""


@dataclass(frozen=True)
class CPR:
    digits: str  # ten digits, no separator
    birth_date: dt.date
    sex: str  # "F" or "M"
    replacement: bool = False  # erstatningspersonnummer (day of birth + 60)

    def __str__(self) -> str:  # never shown in logs; used only when the user asks to see it
        return f"{self.digits[:6]}-{self.digits[6:]}"


def century(year2: int, seventh: int) -> int:
    """The birth century for a two-digit year and the first digit of the serial number."""
    if seventh <= 3:
        return 1900
    if seventh in (4, 9):
        return 2000 if year2 <= 36 else 1900
    return 2000 if year2 <= 57 else 1800


def parse(value: str) -> CPR:
    """Parse 'DDMMYY-SSSS' or 'DDMMYYSSSS' (spaces ignored) or raise InvalidCPR with a reason."""
    compact = value.replace(" ", "").strip()
    if not compact:
        raise InvalidCPR("CPR-nummer mangler")
    if not _ALLOWED.fullmatch(compact):
        raise InvalidCPR("CPR-nummeret må kun indeholde cifre og evt. én bindestreg")
    match = _PATTERN.fullmatch(compact)
    if not match:
        if compact.count("-") > 1 or ("-" in compact and compact.index("-") != 6):
            raise InvalidCPR("bindestregen skal stå efter de 6 første cifre (DDMMÅÅ-XXXX)")
        raise InvalidCPR("CPR-nummeret skal have 10 cifre på formen DDMMÅÅ-XXXX")
    day_s, month, year2, serial = match.groups()
    day = int(day_s)
    replacement = day > REPLACEMENT_DAY_OFFSET
    if replacement:
        day -= REPLACEMENT_DAY_OFFSET
    if not 1 <= int(month) <= 12:
        raise InvalidCPR(
            "CPR-nummeret indeholder ikke en gyldig fødselsdato: måneden skal være 01-12"
        )
    seventh = int(serial[0])
    year = century(int(year2), seventh) + int(year2)
    try:
        birth = dt.date(year, int(month), day)
    except ValueError:
        raise InvalidCPR(
            "CPR-nummeret indeholder ikke en gyldig fødselsdato: dagen findes ikke i måneden"
        ) from None
    sex = "M" if int(serial[-1]) % 2 else "F"
    return CPR(
        digits=f"{day_s}{month}{year2}{serial}", birth_date=birth, sex=sex, replacement=replacement
    )


def reason(value: str) -> str | None:
    """Why the value is not a valid CPR number, or None when it is."""
    try:
        parse(value)
    except InvalidCPR as exc:
        return str(exc)
    return None


def is_valid(value: str) -> bool:
    return reason(value) is None


def seventh_digit_for(year: int, choice: int) -> int:
    """A valid first serial digit for a birth year; ``choice`` picks among the valid ones."""
    if 1900 <= year <= 1999:
        options = (0, 1, 2, 3) + ((4, 9) if year >= 1937 else ())
    elif 2000 <= year <= 2036:
        options = (4, 5, 6, 7, 8, 9)
    elif 2037 <= year <= 2057 or 1858 <= year <= 1899:
        options = (5, 6, 7, 8)
    else:
        raise InvalidCPR("fødselsåret kan ikke udtrykkes i et CPR-nummer")
    return options[choice % len(options)]


def build(birth: dt.date, serial: int, sex: str, choice: int = 0) -> str:
    """Compose ten CPR digits for a birth date (used by the synthetic generator).

    ``serial`` (0-499) picks one of 500 numbers per birth date, sex and 7th digit; the last digit's
    parity matches ``sex`` (odd for men, even for women).
    """
    if not 0 <= serial < 500:
        raise ValueError("serial must be in 0..499")
    seventh = seventh_digit_for(birth.year, choice)
    last = (serial % 5) * 2 + (1 if sex == "M" else 0)
    return f"{birth:%d%m}{birth.year % 100:02d}{seventh}{serial // 5:02d}{last}"
