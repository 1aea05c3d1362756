"""Official Jobindsats figures beside the matching computed count of an indicator.

Jobindsats publishes counts of people, not our shares, so an official figure is matched to the
count inside an indicator that means the same (the numerator or denominator), for the same
municipality and month. The definitions differ (Jobindsats counts people with the benefit or job
in the month; the engine counts them on the month's last day), so the page shows both, labelled
official and computed, and never mixes them. The mapping (docs/statistics.md):

==========  ======================  ============================================  ===========
table       measure                 indicator                                     part
==========  ======================  ============================================  ===========
Y09A02      Antal personer          ledighedsydelse_share                          numerator
Y09A02      Antal personer          consultants_per_100_ledighedsydelse            denominator
Y08A02      Antal personer          share_under_10_hours, avg_weekly_hours         denominator
==========  ======================  ============================================  ===========

Only figures for the whole municipality count: no breakdown, or every breakdown at its total
("... i alt"); a figure split by sex or origin is a part, not the count.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Match:
    table: str  # Jobindsats table id, lower case
    measure: str  # measure label as published
    indicator: str
    part: str  # "numerator" or "denominator"


MATCHES = (
    Match("y09a02", "Antal personer", "ledighedsydelse_share", "numerator"),
    Match("y09a02", "Antal personer", "consultants_per_100_ledighedsydelse", "denominator"),
    Match("y08a02", "Antal personer", "share_under_10_hours", "denominator"),
    Match("y08a02", "Antal personer", "avg_weekly_hours", "denominator"),
)
_MONTH = re.compile(r"^(\d{4})M(0[1-9]|1[0-2])$")


def month_of(period: str) -> dt.date | None:
    """A Jobindsats monthly period (``2026M09``) as its first day; None for other periods."""
    found = _MONTH.match(period.strip().upper())
    return dt.date(int(found[1]), int(found[2]), 1) if found else None


def is_whole(dimensions: Mapping[str, str]) -> bool:
    """True when a figure covers the whole area: no breakdown, or each at its total."""
    return all(str(v).strip().lower().endswith("i alt") for v in dimensions.values())


def beside(figures: Iterable[Mapping], period: dt.date) -> dict[str, list[dict]]:
    """indicator → the official figures that match one of its counts in ``period``:
    ``{"table", "measure", "part", "value"}`` (value None: suppressed or missing at the source).
    ``figures``: imported rows with ``table``, ``label``, ``measure``, ``period``, ``dimensions``
    and ``value``; a measure matches by its label or id."""
    out: dict[str, list[dict]] = {}
    for figure in figures:
        if month_of(str(figure["period"])) != period or not is_whole(figure["dimensions"] or {}):
            continue
        names = {str(figure["label"]).strip().lower(), str(figure["measure"]).strip().lower()}
        for match in MATCHES:
            if figure["table"].lower() == match.table and match.measure.lower() in names:
                out.setdefault(match.indicator, []).append(
                    {
                        "table": match.table.upper(),
                        "measure": match.measure,
                        "part": match.part,
                        "value": figure["value"],
                    }
                )
    return out
