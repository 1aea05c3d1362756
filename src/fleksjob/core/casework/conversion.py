"""Which running practice placements (virksomhedspraktik) could become fleksjobs: the ranking of
the consultants' list (docs/active-offers.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# How far ahead the list looks by default, and at most.
DEFAULT_WEEKS = 6
MAX_WEEKS = 26


@dataclass(frozen=True)
class Practice:
    offer_id: int
    planned_end: dt.date
    fitting_positions: int  # the employer's open positions whose hours cover the practice's
    open_positions: int  # the employer's open positions
    last_contact: dt.date | None  # the consultants' last contact with the employer


def tier(p: Practice) -> int:
    """0: the workplace has an open position that fits the practice's hours (a job to convert
    into); 1: it has an open position; 2: none yet (a conversation to have)."""
    if p.fitting_positions > 0:
        return 0
    return 1 if p.open_positions > 0 else 2


def rank(practices: list[Practice]) -> list[Practice]:
    """By tier, then the nearest planned end first (the window to convert closes then), then
    the workplace contacted longest ago (or never) first, then the offer id (a stable order)."""
    return sorted(
        practices,
        key=lambda p: (
            tier(p),
            p.planned_end,
            p.last_contact is not None,
            p.last_contact or dt.date.min,
            p.offer_id,
        ),
    )
