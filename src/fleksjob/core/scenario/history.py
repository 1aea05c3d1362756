"""A municipality's flows estimated from its own history: the monthly hazards of leaving
ledighedsydelse (for a fleksjob or out of the scheme) and of losing a fleksjob (back to
ledighedsydelse or out), the monthly inflows, the stock on the start date with each person's
refusion clock, the share at the high ledighedsydelse rate and the fleksjob wages.

Input is plain rows (the app reads them from the database; the benchmark from synthetic Denmark).
A next state that starts within ``LINK_DAYS`` of an end continues the person's path: a spell
split in two, a job-to-job change or a fleksjob lost for ledighedsydelse is not an exit and not a
new inflow.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from fleksjob.core.records.limits import FULL_TIME_HOURS
from fleksjob.core.rules import refusion

WINDOW_MONTHS = 36  # history used for the hazards: the three years before the start date
LINK_DAYS = 31
EARLY_DAYS = 7  # a next state may start up to a week before the end (overlapping registrations)
DAYS_PER_MONTH = 365.25 / 12
WEEKS_PER_MONTH = 52 / 12
CLOCK_CAP = 60  # weeks; from the 53rd week with ydelser the refusion is the lowest step anyway


@dataclass(frozen=True)
class SpellRow:
    """A period on ledighedsydelse (``end`` inclusive; None = open)."""

    citizen: int
    start: dt.date
    end: dt.date | None
    high_rate: bool


@dataclass(frozen=True)
class JobRow:
    """A fleksjob employment; ``hours_per_week`` in force on the day before the start date (or at
    its end, for a job that ended before)."""

    citizen: int
    start: dt.date
    end: dt.date | None
    hourly_wage: float
    hours_per_week: float


@dataclass(frozen=True)
class Rate:
    """Events over exposure (months): a Poisson rate per month."""

    events: float
    exposure: float

    @property
    def per_month(self) -> float:
        return self.events / self.exposure if self.exposure > 0 else 0.0


@dataclass(frozen=True)
class History:
    as_of: dt.date  # the start date (first day of the scenario); the window ends the day before
    window_months: int
    stock_u: tuple[
        int, ...
    ]  # refusion clock (weeks with ydelser) of each person on ledighedsydelse
    stock_f: tuple[int, ...]  # ... of each person in a fleksjob
    u_to_f: Rate
    u_exit: Rate
    f_to_u: Rate
    f_exit: Rate
    inflow_u: Rate  # new entries to ledighedsydelse per month
    inflow_f: Rate  # entries straight into a fleksjob per month
    high_rate_share: float
    wages: tuple[tuple[float, float], ...]  # (monthly wage income, lønloft) of fleksjobs
    mean_u: float  # average number on ledighedsydelse over the window's last 12 months


def _months(days: int) -> float:
    return days / DAYS_PER_MONTH


def refusion_weeks(periods: list[tuple[dt.date, dt.date | None]], as_of: dt.date) -> int:
    """The refusion clock (weeks with ydelser in the current period, at most ``CLOCK_CAP``) on
    the day before ``as_of`` of a person with a ydelse in each period (ledighedsydelse, or
    fleksløntilskud in a fleksjob), as ``refusion.clock`` counts it.

    Two exact shortcuts before running the clock week by week: after 52 whole calendar weeks in a
    row without a ydelse the count has started over (§ 6) and its state no longer depends on
    anything earlier, so only the history after the last such gap matters; and if that history
    holds fewer than 52 weeks of self-support in all, no restart can happen in it, so the count
    is its number of weeks with a ydelse."""
    last = as_of - dt.timedelta(days=1)
    spans = sorted((s, min(e or last, last)) for s, e in periods if s <= last)
    if not spans:
        return 0
    reach = spans[0][1]
    keep = 0
    for i, (s, e) in enumerate(spans[1:], start=1):
        first_monday = reach + dt.timedelta(days=1 + (7 - (reach.weekday() + 1) % 7) % 7)
        if ((s - first_monday).days // 7) >= 52:
            keep = i
        reach = max(reach, e)
    spans = spans[keep:]
    origin = spans[0][0] - dt.timedelta(days=spans[0][0].weekday())
    ydelse, upto = 0, -1  # weeks with a ydelse, and the last week index counted
    for s, e in spans:
        a, b = (s - origin).days // 7, (e - origin).days // 7
        if b > upto:
            ydelse += b - max(a, upto + 1) + 1
            upto = b
    self_support = (last - origin).days // 7 + 1 - ydelse
    if self_support < 52:
        return min(CLOCK_CAP, ydelse)
    run = refusion.clock([refusion.Spell(s, e, refusion.Kind.YDELSE) for s, e in spans], until=last)
    return min(CLOCK_CAP, run.current_week_number)


def _months_back(day: dt.date, n: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - n, 12)
    return dt.date(year, month + 1, min(day.day, 28))


def _overlap(start: dt.date, end: dt.date | None, lo: dt.date, hi: dt.date) -> int:
    """Days of [start, end] inside [lo, hi) (end None = open)."""
    a = max(start, lo)
    b = min(end + dt.timedelta(days=1) if end else hi, hi)
    return max(0, (b - a).days)


def _starts_near(starts: list[dt.date], day: dt.date) -> bool:
    lo, hi = day - dt.timedelta(days=EARLY_DAYS), day + dt.timedelta(days=LINK_DAYS)
    return any(lo <= s <= hi for s in starts)


def _ends_near(ends: list[dt.date | None], day: dt.date) -> bool:
    lo, hi = day - dt.timedelta(days=LINK_DAYS), day + dt.timedelta(days=EARLY_DAYS)
    return any(e is not None and lo <= e <= hi for e in ends)


def estimate_history(
    spells: list[SpellRow],
    jobs: list[JobRow],
    as_of: dt.date,
    window_months: int = WINDOW_MONTHS,
    clocks: bool = True,
) -> History:
    """The flows of the ``window_months`` before ``as_of`` and the stock on the day before it
    (``clocks=False``: the stock's refusion clocks left at 0, for uses that need only flows)."""
    lo = _months_back(as_of, window_months)
    last_day = as_of - dt.timedelta(days=1)
    recent = as_of - dt.timedelta(days=365)
    by_citizen_spells: dict[int, list[SpellRow]] = defaultdict(list)
    by_citizen_jobs: dict[int, list[JobRow]] = defaultdict(list)
    for s in spells:
        by_citizen_spells[s.citizen].append(s)
    for j in jobs:
        by_citizen_jobs[j.citizen].append(j)

    def in_window(day: dt.date | None) -> bool:
        return day is not None and lo <= day < as_of

    def clock(citizen: int) -> int:
        if not clocks:
            return 0
        periods = [(s.start, s.end) for s in by_citizen_spells.get(citizen, [])]
        periods += [(j.start, j.end) for j in by_citizen_jobs.get(citizen, [])]
        return refusion_weeks(periods, as_of)

    u_exp = f_exp = recent_u = 0
    counts = defaultdict(int)
    stock_u: list[int] = []
    stock_f: list[int] = []
    high = high_n = 0
    for citizen in by_citizen_spells.keys() | by_citizen_jobs.keys():
        own_spells = by_citizen_spells.get(citizen, [])
        own_jobs = by_citizen_jobs.get(citizen, [])
        spell_starts = [s.start for s in own_spells]
        job_starts = [j.start for j in own_jobs]
        on_ly = any(
            s.start <= last_day and (s.end is None or s.end >= last_day) for s in own_spells
        )
        in_job = any(j.start <= last_day and (j.end is None or j.end >= last_day) for j in own_jobs)
        if on_ly:
            stock_u.append(clock(citizen))
            current = [s for s in own_spells if s.start <= last_day]
            high += current[-1].high_rate if current else 0
            high_n += 1
        elif in_job:
            stock_f.append(clock(citizen))
        for s in own_spells:
            u_exp += _overlap(s.start, s.end, lo, as_of)
            recent_u += _overlap(s.start, s.end, recent, as_of)
            if in_window(s.start):
                ends = [j.end for j in own_jobs] + [o.end for o in own_spells if o is not s]
                if not _ends_near(ends, s.start - dt.timedelta(days=1)):
                    counts["inflow_u"] += 1
            if in_window(s.end):
                after = s.end + dt.timedelta(days=1)
                others = [o.start for o in own_spells if o is not s]
                if _starts_near(job_starts, after):
                    counts["u_to_f"] += 1
                elif not _starts_near(others, after):
                    counts["u_exit"] += 1
        for j in own_jobs:
            f_exp += _overlap(j.start, j.end, lo, as_of)
            if in_window(j.start):
                ends = [s.end for s in own_spells] + [o.end for o in own_jobs if o is not j]
                if not _ends_near(ends, j.start - dt.timedelta(days=1)):
                    counts["inflow_f"] += 1
            if in_window(j.end):
                after = j.end + dt.timedelta(days=1)
                if _starts_near([o.start for o in own_jobs if o is not j], after):
                    continue  # job to job
                counts["f_to_u" if _starts_near(spell_starts, after) else "f_exit"] += 1

    wages = tuple(
        (
            j.hourly_wage * j.hours_per_week * WEEKS_PER_MONTH,
            j.hourly_wage * FULL_TIME_HOURS * WEEKS_PER_MONTH,
        )
        for j in jobs
        if j.start <= last_day and (j.end is None or j.end >= last_day) and j.hours_per_week > 0
    )
    if not wages:  # no one in a fleksjob on the day: the jobs of the window instead
        wages = tuple(
            (
                j.hourly_wage * j.hours_per_week * WEEKS_PER_MONTH,
                j.hourly_wage * FULL_TIME_HOURS * WEEKS_PER_MONTH,
            )
            for j in jobs
            if _overlap(j.start, j.end, lo, as_of) > 0 and j.hours_per_week > 0
        )
    if not high_n:  # no stock on ledighedsydelse: the rate mix of the window's spells
        window = [s for s in spells if _overlap(s.start, s.end, lo, as_of) > 0]
        high, high_n = sum(s.high_rate for s in window), len(window)
    months = float(window_months)
    return History(
        as_of=as_of,
        window_months=window_months,
        stock_u=tuple(sorted(stock_u)),
        stock_f=tuple(sorted(stock_f)),
        u_to_f=Rate(counts["u_to_f"], _months(u_exp)),
        u_exit=Rate(counts["u_exit"], _months(u_exp)),
        f_to_u=Rate(counts["f_to_u"], _months(f_exp)),
        f_exit=Rate(counts["f_exit"], _months(f_exp)),
        inflow_u=Rate(counts["inflow_u"], months),
        inflow_f=Rate(counts["inflow_f"], months),
        high_rate_share=high / high_n if high_n else 1.0,
        wages=wages,
        mean_u=recent_u / 365,
    )


def rows_by_municipality(
    spells: Iterable[tuple[str, int, dt.date, dt.date | None, bool]],
    jobs: Iterable[tuple[int, str, int, dt.date, dt.date | None, float]],
    hours: Iterable[tuple[int, dt.date, float]],
    as_of: dt.date,
) -> tuple[dict[str, list[SpellRow]], dict[str, list[JobRow]]]:
    """Plain tuples (from the database or synthetic Denmark) grouped by municipality, each job
    with the weekly hours last set before ``as_of``.

    spells: (municipality, citizen, start, end, high_rate); jobs: (id, municipality, citizen,
    start, end, hourly wage); hours: (job id, valid from, hours per week), any order."""
    last = as_of - dt.timedelta(days=1)
    latest: dict[int, tuple[dt.date, float]] = {}
    for job, since, per_week in hours:
        if since <= last and (job not in latest or since >= latest[job][0]):
            latest[job] = (since, float(per_week))
    by_spell: dict[str, list[SpellRow]] = defaultdict(list)
    for code, citizen, start, end, high in spells:
        if start < as_of:
            by_spell[code].append(SpellRow(citizen, start, end, bool(high)))
    by_job: dict[str, list[JobRow]] = defaultdict(list)
    for job, code, citizen, start, end, wage in jobs:
        if start < as_of:
            per_week = latest.get(job, (start, 0.0))[1]
            by_job[code].append(JobRow(citizen, start, end, float(wage), per_week))
    return by_spell, by_job
