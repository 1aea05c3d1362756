"""Which employers a company consultant should contact next: a documented, explainable score.

Four factors, each in [0, 1], weighted into a score in [0, 1]:

- ``history``: employers who have hired fleksjobbere before are the likeliest to do it again
  (1 − e^(−hires/3): the first hires count most);
- ``demand``: how many of the municipality's unemployed fleksjob citizens wish to work in the
  employer's sector, relative to the most wished-for sector (the "open needs");
- ``recency``: time since the last contact, saturating at a year; never contacted counts as a year;
- ``size``: larger workplaces have more tasks that can be split off into flex positions.

Weights are in ``WEIGHTS`` and the reasons say which factors carried the score, in Danish.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

WEIGHTS: dict[str, float] = {"history": 0.35, "demand": 0.25, "recency": 0.25, "size": 0.15}
SIZE_FACTOR: dict[str, float] = {"micro": 0.25, "small": 0.5, "medium": 0.8, "large": 1.0}
RECENCY_SATURATION_DAYS = 365
CONTACT_WINDOW = dt.timedelta(days=365)  # "contacted in the last 12 months"


@dataclass(frozen=True)
class EmployerFacts:
    fleksjob_hires: int  # fleksjob employments ever
    size_band: str
    sector: str
    days_since_contact: int | None  # None: never contacted


@dataclass(frozen=True)
class OutreachScore:
    score: float
    factors: dict[str, float]
    reasons: list[str]


def sector_demand(wished_sectors: list[list[str]]) -> dict[str, float]:
    """Demand per sector in [0, 1]: citizens wishing it, relative to the most wished-for sector."""
    counts: dict[str, int] = {}
    for wishes in wished_sectors:
        for sector in set(wishes):
            counts[sector] = counts.get(sector, 0) + 1
    top = max(counts.values(), default=0)
    return {sector: n / top for sector, n in counts.items()} if top else {}


def score(facts: EmployerFacts, demand: dict[str, float]) -> OutreachScore:
    if facts.fleksjob_hires < 0:
        raise ValueError("fleksjob_hires kan ikke være negativ")
    days = RECENCY_SATURATION_DAYS if facts.days_since_contact is None else facts.days_since_contact
    factors = {
        "history": 1 - math.exp(-facts.fleksjob_hires / 3),
        "demand": demand.get(facts.sector, 0.0),
        "recency": min(max(days, 0), RECENCY_SATURATION_DAYS) / RECENCY_SATURATION_DAYS,
        "size": SIZE_FACTOR.get(facts.size_band, 0.5),
    }
    total = sum(WEIGHTS[name] * value for name, value in factors.items())
    return OutreachScore(score=total, factors=factors, reasons=_reasons(facts, factors))


def _reasons(facts: EmployerFacts, factors: dict[str, float]) -> list[str]:
    reasons = []
    if facts.fleksjob_hires:
        reasons.append(f"har ansat {facts.fleksjob_hires} i fleksjob før")
    if factors["demand"] >= 0.5:
        reasons.append("branchen er ønsket af mange ledige borgere")
    if facts.days_since_contact is None:
        reasons.append("aldrig kontaktet")
    elif facts.days_since_contact >= 180:
        reasons.append(f"ikke kontaktet i {facts.days_since_contact} dage")
    if factors["size"] >= 0.8:
        reasons.append("stor arbejdsplads med mange opgaver")
    return reasons or ["ingen særlige forhold"]


def contact_rate(contacted_recently: int, fleksjob_employers: int) -> float | None:
    """Share of fleksjob employers contacted in the period; None when there are none."""
    if fleksjob_employers == 0:
        return None
    if not 0 <= contacted_recently <= fleksjob_employers:
        raise ValueError("antal kontaktede skal ligge mellem 0 og antallet af virksomheder")
    return contacted_recently / fleksjob_employers


_ENGLISH: tuple[tuple[str, str], ...] = (
    (r"har ansat (\d+) i fleksjob før", r"has hired \1 in fleksjob before"),
    ("branchen er ønsket af mange ledige borgere", "the sector is wished for by many citizens"),
    ("aldrig kontaktet", "never contacted"),
    (r"ikke kontaktet i (\d+) dage", r"not contacted for \1 days"),
    ("stor arbejdsplads med mange opgaver", "large workplace with many tasks"),
    ("ingen særlige forhold", "nothing in particular"),
)


def reason_in_english(reason: str) -> str:
    """One of the reasons ``_reasons`` writes, in English; an unknown text as it is."""
    for danish, english in _ENGLISH:
        if re.fullmatch(danish, reason):
            return re.sub(danish, english, reason)
    return reason
