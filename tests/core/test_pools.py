"""The pools' arithmetic (core/pools.py), checked against a day-by-day brute force."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from fractions import Fraction

import pytest

from fleksjob.core.pools import (
    ApplicationStatus,
    Cost,
    Criteria,
    Facts,
    Waiting,
    cap_status,
    decided_status,
    eligibility_refusal,
    free_places,
    may_move,
    month_spend,
    next_in_line,
    waiting_order,
)


def brute_force(costs, year, until=None):
    """Walk every day of the year: a day costs monthly / days-in-that-month for every placement
    active that day."""
    months = [Fraction(0)] * 12
    day = dt.date(year, 1, 1)
    while day.year == year:
        if until is None or day <= until:
            nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            in_month = (nxt - day.replace(day=1)).days
            for c in costs:
                if c.start <= day and (c.end is None or day <= c.end):
                    months[day.month - 1] += Fraction(c.monthly, in_month)
        day += dt.timedelta(days=1)
    return months


def _random_costs(rng, year, n):
    costs = []
    for _ in range(n):
        start = dt.date(year - 1, 6, 1) + dt.timedelta(days=rng.randrange(0, 700))
        end = None if rng.random() < 0.4 else start + dt.timedelta(days=rng.randrange(0, 400))
        costs.append(Cost(start, end, rng.randrange(0, 60_000)))
    return costs


@pytest.mark.parametrize("seed", range(12))
def test_month_spend_matches_day_by_day(seed):
    rng = random.Random(seed)
    year = rng.choice([2024, 2025, 2026])  # 2024 is a leap year
    costs = _random_costs(rng, year, rng.randrange(0, 8))
    assert month_spend(costs, year) == brute_force(costs, year)
    until = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(0, 366 if year == 2024 else 365))
    assert month_spend(costs, year, until=until) == brute_force(costs, year, until)


def test_whole_months_cost_the_monthly_amount_and_partial_months_pro_rata():
    costs = [Cost(dt.date(2026, 2, 15), dt.date(2026, 4, 30), 28_000)]
    months = month_spend(costs, 2026)
    assert months[0] == 0
    assert months[1] == Fraction(28_000 * 14, 28)  # 15–28 February: 14 of 28 days
    assert months[2] == months[3] == 28_000
    assert sum(months[4:]) == 0


def test_cap_status_levels():
    today = dt.date(2026, 6, 30)
    one = [Cost(dt.date(2026, 1, 1), None, 10_000)]  # 120,000 a year
    assert cap_status(one, 200_000, today).level == "ok"
    status = cap_status(one, 130_000, today)
    assert status.projected == 120_000 and status.spent == 60_000
    assert status.level == "warning"  # 92 % of the cap
    assert cap_status(one, 120_000, today).level == "over"
    assert cap_status(one, 0, today).level == "over"
    assert cap_status([], 0, today).level == "ok"
    # 90 % exactly is a warning, just below is not
    assert cap_status(one, 133_333, today).level == "warning"
    assert cap_status(one, 133_334, today).level == "ok"


def test_places_and_decisions():
    assert free_places(25, 20) == 5
    assert free_places(25, 30) == 0
    assert decided_status(approve=True, free=1) == ApplicationStatus.APPROVED
    assert decided_status(approve=True, free=0) == ApplicationStatus.WAITING
    assert decided_status(approve=False, free=3) == ApplicationStatus.REFUSED
    assert may_move("pending", "waiting") and may_move("waiting", "approved")
    assert not may_move("refused", "approved") and not may_move("ended", "approved")
    assert not may_move("approved", "waiting")


def test_waiting_order_against_a_sort_by_hand():
    base = dt.datetime(2026, 1, 1, 9, 0)
    rng = random.Random(5)
    entries = [
        Waiting(
            i, base + dt.timedelta(days=rng.randrange(3)), base - dt.timedelta(rng.randrange(3))
        )
        for i in rng.sample(range(100), 20)
    ]
    ordered = waiting_order(entries)
    for a, b in itertools.pairwise(ordered):
        assert (a.since, a.applied, a.id) < (b.since, b.applied, b.id)
    assert next_in_line(entries) == ordered[0]
    assert next_in_line([]) is None


def test_eligibility():
    on = dt.date(2026, 6, 1)
    plain = Criteria()
    assert eligibility_refusal(plain, Facts(False, None), on)
    assert eligibility_refusal(plain, Facts(True, None), on) == ""
    ly = Criteria(requires_ledighedsydelse=True)
    assert eligibility_refusal(ly, Facts(True, None), on)
    assert eligibility_refusal(ly, Facts(True, dt.date(2026, 5, 1)), on) == ""
    long = Criteria(min_weeks_on_ledighedsydelse=52)
    assert eligibility_refusal(long, Facts(True, on - dt.timedelta(weeks=52)), on) == ""
    assert eligibility_refusal(long, Facts(True, on - dt.timedelta(weeks=52) + dt.timedelta(1)), on)
