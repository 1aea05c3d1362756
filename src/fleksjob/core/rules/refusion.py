"""Refusion: the state's share of a municipality's benefit cost, and the municipality's net cost.

The rule (lov om kommunernes finansiering af visse offentlige ydelser udbetalt af kommunerne,
Udbetaling Danmark og arbejdsløshedskasserne, LBK nr. 221 af 12/02/2021):

- § 5, stk. 2: the refusion percentage is 80 in the first 4 weeks with ydelser, 40 from the 5th to
  the 26th, 30 from the 27th to the 52nd and 20 from the 53rd week with ydelser. Ledighedsydelse
  and fleksløntilskud are among the ydelser on this staircase.
- The weeks are counted per person across all ydelser and added up (sammenlagt): a pause does not
  restart the count. A calendar week (Monday–Sunday) with a ydelse on any day is a week with
  ydelser; a monthly ydelse falls on the calendar weeks the month touches, and a week shared by two
  months with ydelser counts once (§ 5, stk. 5 lets the minister set the details of this
  conversion; this module uses the touched-weeks reading).
- § 6, stk. 1: the count starts over when the person, after the first week with ydelser, has again
  had 52 whole calendar weeks of self-support in total (sammenlagt, not necessarily in a row)
  within the last 3 years (156 weeks).
- § 6, stk. 2: self-support means neither public support (offentlig forsørgelse) nor employment
  with a wage subsidy, so a fleksjob week is never self-support, even when no subsidy is paid.

Cost: each day of a ydelse carries amount / days-in-month of its monthly amount; the refusion of a
day is its amount × the percentage of its week, from the rule set in force that day.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from dataclasses import dataclass
from enum import StrEnum

from fleksjob.core.rules.rates import RefusionSteps, all_rule_sets, rules_for


class Kind(StrEnum):
    YDELSE = "ydelse"  # a refusion-bearing benefit is paid (ledighedsydelse, fleksløntilskud, …)
    STOETTET = "stoettet"  # subsidised employment without a payment that week: not self-support


class WeekStatus(StrEnum):
    YDELSE = "ydelse"
    NEUTRAL = "neutral"  # neither a week with ydelser nor a whole week of self-support
    SELF_SUPPORT = "selvforsoergelse"


@dataclass(frozen=True)
class Spell:
    start: dt.date
    end: dt.date  # inclusive
    kind: Kind
    monthly_amount: float = 0.0  # kr per month, for the cost

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("slutdatoen ligger før startdatoen")
        if self.monthly_amount < 0:
            raise ValueError("beløbet kan ikke være negativt")


@dataclass(frozen=True)
class ClockWeek:
    monday: dt.date
    status: WeekStatus
    week_number: int | None  # n-th week with ydelser in the current refusion period
    pct: float | None  # refusion percentage for that week


@dataclass(frozen=True)
class Clock:
    weeks: list[ClockWeek]
    resets: list[dt.date]  # Mondays of the weeks after which the count started over

    def week_of(self, day: dt.date) -> ClockWeek:
        index = (_monday(day) - self.weeks[0].monday).days // 7
        if not 0 <= index < len(self.weeks):
            raise KeyError("datoen ligger uden for historikken")
        return self.weeks[index]

    @property
    def current_week_number(self) -> int:
        """Weeks with ydelser counted in the current period at the end of the history."""
        for week in reversed(self.weeks):
            if week.week_number is not None:
                return week.week_number
            if week.monday in self.resets:
                return 0
        return 0


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _steps() -> RefusionSteps:
    # The staircase has been the same since the 2016 refusion reform; counting weeks before the
    # earliest rate table is allowed (history), only costs there are refused.
    return all_rule_sets()[0].refusion


def week_statuses(
    spells: list[Spell], until: dt.date | None = None
) -> tuple[dt.date, list[WeekStatus]]:
    """The first Monday and the status of every calendar week from the first spell to ``until``."""
    if not spells:
        raise ValueError("historikken er tom")
    first = _monday(min(s.start for s in spells))
    last = max([s.end for s in spells] + ([until] if until else []))
    count = (_monday(last) - first).days // 7 + 1
    status = [WeekStatus.SELF_SUPPORT] * count
    for spell in sorted(spells, key=lambda s: s.kind != Kind.YDELSE):
        a = (_monday(spell.start) - first).days // 7
        b = (_monday(spell.end) - first).days // 7
        for i in range(a, b + 1):
            if spell.kind is Kind.YDELSE:
                status[i] = WeekStatus.YDELSE
            elif status[i] is WeekStatus.SELF_SUPPORT:
                status[i] = WeekStatus.NEUTRAL
    return first, status


def clock(
    spells: list[Spell],
    until: dt.date | None = None,
    initial_weeks: int = 0,
    steps: RefusionSteps | None = None,
) -> Clock:
    """Run the § 5/§ 6 refusion clock over a person's history.

    ``initial_weeks`` is the count already reached when the history starts (0 = a fresh period).
    """
    steps = steps or _steps()
    first, statuses = week_statuses(spells, until)
    n = initial_weeks
    started = initial_weeks > 0
    self_support: deque[int] = deque()
    weeks: list[ClockWeek] = []
    resets: list[dt.date] = []
    for i, status in enumerate(statuses):
        monday = first + dt.timedelta(weeks=i)
        if status is WeekStatus.YDELSE:
            n += 1
            started = True
            weeks.append(ClockWeek(monday, status, n, steps.pct_for_week(n)))
            continue
        weeks.append(ClockWeek(monday, status, None, None))
        if status is WeekStatus.SELF_SUPPORT and started:
            self_support.append(i)
            while self_support[0] <= i - steps.reset_window_weeks:
                self_support.popleft()
            if len(self_support) >= steps.reset_self_support_weeks:
                n = 0
                started = False
                self_support.clear()
                resets.append(monday)
    return Clock(weeks, resets)


@dataclass(frozen=True)
class MonthCost:
    month: str  # YYYY-MM
    gross: float
    refusion: float
    net: float


def municipal_cost(
    spells: list[Spell],
    start: dt.date | None = None,
    end: dt.date | None = None,
    initial_weeks: int = 0,
) -> list[MonthCost]:
    """Gross cost, refusion and net cost per month of a person's ydelser between start and end.

    The clock runs over the whole history; the cost is computed only from ``start`` (default the
    first spell) to ``end`` (default the last). A day before the earliest rate table raises
    RatesNotCovered.
    """
    run = clock(spells, initial_weeks=initial_weeks)
    lo = start or min(s.start for s in spells)
    hi = end or max(s.end for s in spells)
    rules_for(lo)  # refuse early: a cost before the earliest rate table is an error
    rules_for(hi)
    totals: dict[str, list[float]] = {}
    for spell in spells:
        if spell.kind is not Kind.YDELSE or spell.monthly_amount == 0:
            continue
        day = max(spell.start, lo)
        while day <= min(spell.end, hi):
            days_in_month = (
                dt.date(day.year + day.month // 12, day.month % 12 + 1, 1) - dt.timedelta(days=1)
            ).day
            amount = spell.monthly_amount / days_in_month
            week = run.week_of(day)
            pct = rules_for(day).refusion.pct_for_week(week.week_number or 1)
            key = f"{day.year:04d}-{day.month:02d}"
            acc = totals.setdefault(key, [0.0, 0.0])
            acc[0] += amount
            acc[1] += amount * pct
            day += dt.timedelta(days=1)
    return [
        MonthCost(key, round(g, 2), round(r, 2), round(g - r, 2))
        for key, (g, r) in sorted(totals.items())
    ]
