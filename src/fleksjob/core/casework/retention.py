"""Who is due for anonymisation: a citizen whose fleksjob case ended a retention period ago.

A citizen's case has ended when every approval (visitation) they have is ended; a new visitation
after an ended one reopens the matter, so an open approval keeps the citizen. The end date is the
latest end among their approvals. The citizen is due on the anniversary of that date after the
retention period (a 29 February end counts from 1 March in non-leap years, never earlier).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

ENDED = "ended"


@dataclass(frozen=True)
class CaseEnd:
    """One approval: its status and, if ended, the day it ended (None if the log lacks it)."""

    status: str
    ended_on: dt.date | None = None


@dataclass(frozen=True)
class CitizenCases:
    citizen_id: int
    municipality: str
    cases: tuple[CaseEnd, ...]
    anonymised: bool = False


def case_ended_on(cases: Iterable[CaseEnd]) -> dt.date | None:
    """The day the citizen's last case ended, or None while any case is open (or none exists).

    An ended case without a known end date cannot be timed, so it keeps the citizen too.
    """
    ends = []
    for case in cases:
        if case.status != ENDED or case.ended_on is None:
            return None
        ends.append(case.ended_on)
    return max(ends, default=None)


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later; 29 February becomes 1 March in a non-leap year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February → a year without one
        return dt.date(day.year + years, 3, 1)


def due_on(cases: Iterable[CaseEnd], years: int) -> dt.date | None:
    """The first day the citizen may be anonymised, or None while the case is not ended."""
    if years < 1:
        raise ValueError("opbevaringsperioden skal være mindst 1 år")
    ended = case_ended_on(cases)
    return None if ended is None else add_years(ended, years)


def due_citizens(citizens: Iterable[CitizenCases], as_of: dt.date, years: int) -> list[int]:
    """Ids of citizens not yet anonymised whose retention ran out on or before ``as_of``,
    in ascending id order (a stable order makes bounded runs resume where they stopped)."""
    due = []
    for citizen in citizens:
        if citizen.anonymised:
            continue
        day = due_on(citizen.cases, years)
        if day is not None and day <= as_of:
            due.append(citizen.citizen_id)
    return sorted(due)


REDACTED = "[anonymiseret]"


def search_names_citizen(query: str, first_name: str, last_name: str) -> bool:
    """Whether a caseload name search (each word matches part of the first or last name) finds
    this citizen: such a saved search then names them and loses its name part."""
    words = query.lower().split()[:3]
    names = (first_name.lower(), last_name.lower())
    return bool(words) and all(any(w in n for n in names if n) for w in words)


def redact_name(text: str, first_name: str, last_name: str) -> str:
    """``text`` with the citizen's full name (any case, any run of spaces) replaced by a marker.

    Only the full name is replaced: a lone first or last name is too common to remove safely.
    """
    parts = [p for p in (first_name.strip(), last_name.strip()) if p]
    if len(parts) < 2:
        return text
    pattern = re.compile(r"\s+".join(re.escape(p) for p in parts), re.IGNORECASE)
    return pattern.sub(REDACTED, text)
