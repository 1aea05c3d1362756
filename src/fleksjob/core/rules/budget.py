"""The municipal budget run: a year of monthly fleksløntilskud, ledighedsydelse and refusion for
many citizens at once, as NumPy arrays (one row per citizen, one column per month).

The lead fills ``BudgetInput`` from the database: per citizen and month what the citizen was
(fleksjob, on ledighedsydelse or neither) and the month's wage income; per citizen the lønloft,
the rate group and the refusion clock at 1 January (``refusion.clock(...).current_week_number``).

Refusion follows ``refusion``'s reading of finansieringsloven §§ 5–6: a month with a payment falls
on the calendar weeks it touches, a week shared with the previous month counts once when both
months have payments, and the month's refusion is the payment × the day-weighted percentage of its
weeks. A § 6 reset cannot happen inside a one-year run for a citizen who receives anything later
that year (it needs 52 whole weeks of self-support after the last payment), so the run does not
model one; the clock at 1 January carries any earlier reset.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from fleksjob.core.records.limits import FULL_TIME_HOURS
from fleksjob.core.rules.fleksloentilskud import subsidy, subsidy_array
from fleksjob.core.rules.ledighedsydelse import ledighedsydelse, ledighedsydelse_array
from fleksjob.core.rules.rates import RuleSet, rules_for

NONE, FLEKSJOB, LEDIGHEDSYDELSE = 0, 1, 2
MAX_WEEKS_IN_MONTH = 6


@dataclass
class BudgetInput:
    """Arrays for N citizens over the 12 months of ``year``.

    kind: (N, 12) int8, 0 = neither, 1 = fleksjob, 2 = ledighedsydelse.
    wage_income: (N, 12) monthly wage income incl. pension (fleksjob wage, or income from work
        while on ledighedsydelse).
    wage_ceiling: (N,) lønloft per month incl. pension; NaN = none.
    high_rate: (N,) bool, ledighedsydelse at 89 % of højeste dagpengesats (else kontanthjælp level).
    forsorger: (N,) bool, the kontanthjælp level for forsørgere.
    weeks_before: (N,) int, weeks with ydelser counted in the current refusion period on 1 January.
    december_before: (N,) bool or None, a payment in the December before (default weeks_before > 0),
        so a week spanning New Year is not counted twice.
    """

    year: int
    kind: NDArray[np.int8]
    wage_income: NDArray[np.float64]
    wage_ceiling: NDArray[np.float64]
    high_rate: NDArray[np.bool_]
    forsorger: NDArray[np.bool_]
    weeks_before: NDArray[np.int64]
    december_before: NDArray[np.bool_] | None = None

    def __post_init__(self) -> None:
        n = self.kind.shape[0]
        checks = {
            "kind": self.kind.shape == (n, 12),
            "wage_income": self.wage_income.shape == (n, 12),
            "wage_ceiling": self.wage_ceiling.shape == (n,),
            "high_rate": self.high_rate.shape == (n,),
            "forsorger": self.forsorger.shape == (n,),
            "weeks_before": self.weeks_before.shape == (n,),
        }
        if self.december_before is not None:
            checks["december_before"] = self.december_before.shape == (n,)
        for name, ok in checks.items():
            if not ok:
                raise ValueError(f"BudgetInput.{name}: forkert form for {n} borgere × 12 måneder")
        if not np.isin(self.kind, (NONE, FLEKSJOB, LEDIGHEDSYDELSE)).all():
            raise ValueError("BudgetInput.kind: kun 0, 1 og 2 er gyldige")
        if (self.wage_income < 0).any() or np.isnan(self.wage_income).any():
            raise ValueError("BudgetInput.wage_income: skal være ikke-negative tal")
        if (self.weeks_before < 0).any():
            raise ValueError("BudgetInput.weeks_before: kan ikke være negativ")


@dataclass
class BudgetResult:
    subsidy: NDArray[np.float64]  # (N, 12) fleksløntilskud
    ledighedsydelse: NDArray[np.float64]  # (N, 12)
    refusion: NDArray[np.float64]  # (N, 12) the state's share
    weeks_after: NDArray[np.int64]  # (N,) the refusion clock at the end of the year

    @property
    def gross(self) -> NDArray[np.float64]:
        return self.subsidy + self.ledighedsydelse

    @property
    def net(self) -> NDArray[np.float64]:
        return self.gross - self.refusion

    def totals(self) -> dict[str, float]:
        return {
            "fleksloentilskud": float(self.subsidy.sum()),
            "ledighedsydelse": float(self.ledighedsydelse.sum()),
            "gross": float(self.gross.sum()),
            "refusion": float(self.refusion.sum()),
            "net": float(self.net.sum()),
        }

    def monthly_totals(self) -> list[dict[str, float]]:
        gross, ref = self.gross.sum(axis=0), self.refusion.sum(axis=0)
        return [
            {
                "month": m + 1,
                "fleksloentilskud": float(self.subsidy[:, m].sum()),
                "ledighedsydelse": float(self.ledighedsydelse[:, m].sum()),
                "gross": float(gross[m]),
                "refusion": float(ref[m]),
                "net": float(gross[m] - ref[m]),
            }
            for m in range(12)
        ]


def month_weeks(year: int) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.bool_]]:
    """For each month: the share of its days in each calendar week it touches (12, 6), how many
    weeks it touches (12,), and whether its first week is shared with the month before (12,)."""
    frac = np.zeros((12, MAX_WEEKS_IN_MONTH))
    touched = np.zeros(12, dtype=np.int64)
    shared = np.zeros(12, dtype=bool)
    for m in range(12):
        first = dt.date(year, m + 1, 1)
        days = calendar.monthrange(year, m + 1)[1]
        offset = first.weekday()  # days of the first week that lie in the month before
        counts = np.bincount((np.arange(days) + offset) // 7)
        touched[m] = counts.size
        frac[m, : counts.size] = counts / days
        shared[m] = offset != 0
    return frac, touched, shared


def _pct_lookup(rules: RuleSet, week_numbers: NDArray[np.int64]) -> NDArray[np.float64]:
    steps = rules.refusion
    uppers = np.array([u for u in steps.upper_weeks if u is not None])
    return np.asarray(steps.pct)[np.searchsorted(uppers, week_numbers, side="left")]


def run_budget(inp: BudgetInput) -> BudgetResult:
    """The vectorised budget run."""
    n = inp.kind.shape[0]
    frac, touched, shared = month_weeks(inp.year)
    sub = np.zeros((n, 12))
    ly = np.zeros((n, 12))
    refusion = np.zeros((n, 12))
    counted = inp.weeks_before.astype(np.int64).copy()
    paid_before = inp.weeks_before > 0 if inp.december_before is None else inp.december_before
    j = np.arange(MAX_WEEKS_IN_MONTH)
    for m in range(12):
        rules = rules_for(dt.date(inp.year, m + 1, 1))
        kind = inp.kind[:, m]
        w = inp.wage_income[:, m]
        sub[:, m] = np.where(kind == FLEKSJOB, subsidy_array(rules, w, inp.wage_ceiling), 0.0)
        ly[:, m] = np.where(
            kind == LEDIGHEDSYDELSE,
            ledighedsydelse_array(rules, w, inp.high_rate, inp.forsorger),
            0.0,
        )
        paid = (sub[:, m] + ly[:, m]) > 0
        share = paid_before & paid & shared[m]
        # week number of each touched week: the shared first week keeps last month's number
        numbers = counted[:, None] + j[None, :] + 1 - share[:, None]
        pct = _pct_lookup(rules, np.maximum(numbers, 1))
        weighted = (pct * frac[m][None, :]).sum(axis=1)
        refusion[:, m] = np.where(paid, (sub[:, m] + ly[:, m]) * weighted, 0.0)
        counted += np.where(paid, touched[m] - share, 0)
        paid_before = paid
    return BudgetResult(sub, ly, refusion, counted)


def run_budget_naive(inp: BudgetInput) -> BudgetResult:
    """The same run as a plain per-citizen, per-month Python loop (the benchmark's baseline)."""
    n = inp.kind.shape[0]
    frac, touched, shared = month_weeks(inp.year)
    rule_sets = [rules_for(dt.date(inp.year, m + 1, 1)) for m in range(12)]
    sub = np.zeros((n, 12))
    ly = np.zeros((n, 12))
    refusion = np.zeros((n, 12))
    after = np.zeros(n, dtype=np.int64)
    for i in range(n):
        counted = int(inp.weeks_before[i])
        paid_before = counted > 0 if inp.december_before is None else bool(inp.december_before[i])
        ceiling = float(inp.wage_ceiling[i])
        for m in range(12):
            rules = rule_sets[m]
            kind = int(inp.kind[i, m])
            w = float(inp.wage_income[i, m])
            s = l_ = 0.0
            if kind == FLEKSJOB:
                s = subsidy(rules, w, None if ceiling != ceiling else ceiling).subsidy
            elif kind == LEDIGHEDSYDELSE:
                l_ = ledighedsydelse(
                    rules, w, bool(inp.high_rate[i]), bool(inp.forsorger[i])
                ).ledighedsydelse
            sub[i, m], ly[i, m] = s, l_
            paid = s + l_ > 0
            if paid:
                share = 1 if (paid_before and shared[m]) else 0
                total = 0.0
                for k in range(int(touched[m])):
                    week = counted + k + 1 - share
                    total += frac[m, k] * rules.refusion.pct_for_week(max(week, 1))
                refusion[i, m] = (s + l_) * total
                counted += int(touched[m]) - share
            paid_before = paid
        after[i] = counted
    return BudgetResult(sub, ly, refusion, after)


def synthetic_input(n: int, year: int = 2025, seed: int = 0) -> BudgetInput:
    """A plausible random population for tests and the benchmark (about 80 % in fleksjob)."""
    rng = np.random.default_rng(seed)
    in_fleksjob = rng.random(n) < 0.8
    kind = np.where(in_fleksjob[:, None], FLEKSJOB, LEDIGHEDSYDELSE).astype(np.int8)
    switch = rng.random((n, 12)) < 0.03  # some move between states or out during the year
    kind = np.where(switch, rng.integers(0, 3, size=(n, 12)), kind).astype(np.int8)
    hourly = rng.uniform(160, 260, size=n) * (1 + rng.uniform(0, 0.15, size=n))
    hours = rng.integers(2, 30, size=n)
    wage = (hourly * hours * 52 / 12)[:, None] * rng.uniform(0.9, 1.1, size=(n, 12))
    income_ly = np.where(rng.random((n, 12)) < 0.1, rng.uniform(0, 4000, size=(n, 12)), 0.0)
    wage = np.where(kind == FLEKSJOB, wage, np.where(kind == LEDIGHEDSYDELSE, income_ly, 0.0))
    return BudgetInput(
        year=year,
        kind=kind,
        wage_income=wage,
        wage_ceiling=hourly * FULL_TIME_HOURS * 52 / 12,
        high_rate=rng.random(n) < 0.7,
        forsorger=rng.random(n) < 0.3,
        weeks_before=rng.choice([0, 3, 20, 40, 60, 200], size=n),
    )
