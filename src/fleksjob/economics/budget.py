"""A municipality's year of fleksløntilskud, ledighedsydelse and refusion, from its cases.

Fills the rules engine's ``BudgetInput`` from the database and runs it. Each citizen-month takes
the situation on the 15th: on ledighedsydelse (its rate category), in a fleksjob (wage income at
the hours then in force, no pension known), or neither. Months after today assume today's
situation continues, so the year's figure is "so far, plus the status quo for the rest".

The refusion clock on 1 January is taken as the whole weeks since the first ydelse of the person's
cases (a ledighedsydelse spell or a fleksjob start), which is exact while ydelser have run
continuously; beyond 52 weeks the percentage is the lowest step anyway.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import numpy as np

from fleksjob.citizens.models import BenefitSpell, RateCategory
from fleksjob.core.records.limits import FULL_TIME_HOURS
from fleksjob.core.rules import BudgetInput, BudgetResult, run_budget
from fleksjob.core.rules.budget import FLEKSJOB, LEDIGHEDSYDELSE
from fleksjob.placements.models import Employment, HoursChange

WEEKS_PER_MONTH = 52 / 12
FULL_TIME = FULL_TIME_HOURS


def _covers(start: dt.date, end: dt.date | None, day: dt.date) -> bool:
    return start <= day and (end is None or end >= day)


def budget_input(municipality_code: str, year: int, today: dt.date) -> tuple[BudgetInput, int]:
    """The budget arrays for everyone with a spell or fleksjob in ``year``; and their count."""
    year_start, year_end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    days = [dt.date(year, m, 15) if dt.date(year, m, 15) <= today else today for m in range(1, 13)]
    overlapping = {"start__lte": year_end}
    spells = (
        BenefitSpell.objects.filter(citizen__municipality_id=municipality_code, **overlapping)
        .exclude(end__lt=year_start)
        .values_list("citizen_id", "start", "end", "rate_category")
    )
    jobs = (
        Employment.objects.filter(
            citizen__municipality_id=municipality_code, kind="fleksjob", **overlapping
        )
        .exclude(end__lt=year_start)
        .values_list("pk", "citizen_id", "start", "end", "hourly_wage")
    )
    jobs = list(jobs)
    hours: dict[int, list[tuple[dt.date, float]]] = defaultdict(list)
    for employment_id, valid_from, per_week in (
        HoursChange.objects.filter(employment_id__in=[j[0] for j in jobs])
        .order_by("valid_from")
        .values_list("employment_id", "valid_from", "hours_per_week")
    ):
        hours[employment_id].append((valid_from, float(per_week)))

    first_ydelse: dict[int, dt.date] = {}
    for citizen, start, *_ in [*spells, *[(j[1], j[2]) for j in jobs]]:
        first_ydelse[citizen] = min(first_ydelse.get(citizen, start), start)
    people = sorted(first_ydelse)
    row = {citizen: i for i, citizen in enumerate(people)}
    n = len(people)
    kind = np.zeros((n, 12), dtype=np.int8)
    wage = np.zeros((n, 12))
    ceiling = np.full(n, np.nan)
    high_rate = np.zeros(n, dtype=bool)
    for citizen, start, end, category in spells:
        i = row[citizen]
        for m, day in enumerate(days):
            if _covers(start, end, day):
                kind[i, m] = LEDIGHEDSYDELSE
                high_rate[i] = category == RateCategory.DAGPENGE_89
    for employment_id, citizen, start, end, hourly in jobs:
        i = row[citizen]
        per_hour = float(hourly) * WEEKS_PER_MONTH
        ceiling[i] = per_hour * FULL_TIME
        for m, day in enumerate(days):
            if kind[i, m] == 0 and _covers(start, end, day):
                now = [h for since, h in hours[employment_id] if since <= day]
                kind[i, m] = FLEKSJOB
                wage[i, m] = per_hour * (now[-1] if now else 0.0)
    weeks_before = np.array(
        [max(0, (year_start - first_ydelse[c]).days // 7) for c in people], dtype=np.int64
    )
    inp = BudgetInput(
        year=year,
        kind=kind,
        wage_income=wage,
        wage_ceiling=ceiling,
        high_rate=high_rate,
        forsorger=np.zeros(n, dtype=bool),
        weeks_before=weeks_before,
    )
    return inp, n


def municipal_budget(municipality_code: str, year: int, today: dt.date) -> tuple[BudgetResult, int]:
    inp, n = budget_input(municipality_code, year, today)
    return run_budget(inp), n
