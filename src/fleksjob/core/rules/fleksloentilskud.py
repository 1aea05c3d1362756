"""Fleksløntilskud (the municipal wage subsidy in a fleksjob), income by hours, ATP and the
employer's cost.

Subsidy for a month (lov om en aktiv beskæftigelsesindsats, kapitel 20; STAR's vejledning
nr. 9154 af 25/2 2022 om fleksløntilskud):

    max(0, min(MAX − 0.30·min(W, T) − 0.55·max(W − T, 0), ceiling − W))

MAX is 98 % of højeste dagpengesats, W all wage income of the month incl. employer's and
employee's pension contributions (fleksjob and any other job), T the indexed threshold and
ceiling the full-time wage of the position (lønloft) incl. pension. All amounts are kr per month.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from fleksjob.core.records.limits import FULL_TIME_HOURS
from fleksjob.core.rules.income_tax import add_net_income
from fleksjob.core.rules.rates import RuleSet, as_rules

When = RuleSet | dt.date | int

WEEKS_PER_MONTH = 52 / 12


def reduction(
    wage_income: ArrayLike, threshold: float, low: float = 0.30, high: float = 0.55
) -> NDArray[np.float64]:
    """The 30/55 % reduction of W around T (used for the subsidy and for ledighedsydelse)."""
    w = np.asarray(wage_income, dtype=np.float64)
    return low * np.minimum(w, threshold) + high * np.maximum(w - threshold, 0.0)


def subsidy_array(
    rules: RuleSet, wage_income: ArrayLike, wage_ceiling: ArrayLike | None = None
) -> NDArray[np.float64]:
    """Vectorised subsidy for arrays of monthly wage income (and ceilings; NaN = no ceiling)."""
    w = np.asarray(wage_income, dtype=np.float64)
    if np.any(w < 0):
        raise ValueError("lønindtægten kan ikke være negativ")
    before_cap = rules.fleksloentilskud_max - reduction(
        w, rules.reduction_threshold, rules.reduction_rate_low, rules.reduction_rate_high
    )
    if wage_ceiling is not None:
        room = np.asarray(wage_ceiling, dtype=np.float64) - w
        before_cap = np.where(np.isnan(room), before_cap, np.minimum(before_cap, room))
    return np.maximum(before_cap, 0.0)


@dataclass(frozen=True)
class SubsidyBreakdown:
    max_subsidy: float
    threshold: float
    wage_income: float
    wage_ceiling: float | None
    reduction_low: float  # 30 % of the part of W up to T
    reduction_high: float  # 55 % of the part of W above T
    reduction: float
    subsidy_before_ceiling: float  # max(0, MAX − reduction)
    subsidy: float
    capped_by_ceiling: bool
    total_income: float  # W + subsidy

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def subsidy(rules: When, wage_income: float, wage_ceiling: float | None = None) -> SubsidyBreakdown:
    """The month's fleksløntilskud with every step of the calculation."""
    rules = as_rules(rules)
    if not math.isfinite(wage_income) or wage_income < 0:
        raise ValueError("lønindtægten skal være et ikke-negativt tal")
    if wage_ceiling is not None and (not math.isfinite(wage_ceiling) or wage_ceiling < 0):
        raise ValueError("lønloftet skal være et ikke-negativt tal")
    t = rules.reduction_threshold
    low = rules.reduction_rate_low * min(wage_income, t)
    high = rules.reduction_rate_high * max(wage_income - t, 0.0)
    before = max(0.0, rules.fleksloentilskud_max - low - high)
    value = before
    capped = False
    if wage_ceiling is not None and wage_ceiling - wage_income < before:
        value = max(0.0, wage_ceiling - wage_income)
        capped = True
    return SubsidyBreakdown(
        max_subsidy=rules.fleksloentilskud_max,
        threshold=t,
        wage_income=wage_income,
        wage_ceiling=wage_ceiling,
        reduction_low=low,
        reduction_high=high,
        reduction=low + high,
        subsidy_before_ceiling=before,
        subsidy=value,
        capped_by_ceiling=capped,
        total_income=wage_income + value,
    )


def ordinary_atp(rules: RuleSet, hours_per_month: ArrayLike) -> NDArray[np.float64]:
    """Ordinary ATP (A-sats for monthly paid, total of both shares) by hours in the month."""
    h = np.asarray(hours_per_month, dtype=np.float64)
    return np.select(
        [h >= 117, h >= 78, h >= 39],
        [rules.atp_full, rules.atp_two_thirds, rules.atp_one_third],
        0.0,
    )


def atp(rules: When, hours_per_month: float, subsidy_amount: float) -> dict[str, float]:
    """ATP for a fleksjobber: ordinary ATP by hours plus 5 % of the subsidy, at most 500 kr/month.

    Simplification (documented in the report): the ordinary ATP bracket uses the hours worked;
    the rates themselves are marked unverified in the rate tables.
    """
    rules = as_rules(rules)
    ordinary = float(ordinary_atp(rules, hours_per_month))
    extra = min(rules.atp_extra_pct * subsidy_amount, rules.atp_extra_max)
    return {"ordinary": ordinary, "extra": extra, "total": ordinary + extra}


def employer_cost(
    rules: When,
    hourly_wage: float,
    hours_per_week: float,
    employer_pension_pct: float = 0.0,
) -> dict[str, float]:
    """What the employer pays per month: only the hours worked, plus employer pension and the
    employer's two thirds of ordinary ATP. The municipality pays the subsidy, not the employer."""
    rules = as_rules(rules)
    if hourly_wage < 0 or hours_per_week < 0 or employer_pension_pct < 0:
        raise ValueError("timeløn, timer og pensionsprocent skal være ikke-negative")
    hours_month = hours_per_week * WEEKS_PER_MONTH
    wage = hourly_wage * hours_month
    pension = wage * employer_pension_pct / 100
    atp_share = float(ordinary_atp(rules, hours_month)) * 2 / 3
    return {
        "hours_per_month": hours_month,
        "wage": wage,
        "employer_pension": pension,
        "employer_atp": atp_share,
        "total": wage + pension + atp_share,
    }


@dataclass(frozen=True)
class HoursTable:
    rows: list[dict[str, Any]]
    kink_hours: int | None  # first whole hour whose wage income exceeds T
    threshold: float
    max_subsidy: float
    tax: dict[str, Any] | None = None  # with a municipality: what the net figures rest on

    def as_dict(self) -> dict[str, Any]:
        out = {
            "rows": self.rows,
            "kink_hours": self.kink_hours,
            "threshold": self.threshold,
            "max_subsidy": self.max_subsidy,
        }
        if self.tax is not None:
            out["tax"] = self.tax
        return out


def income_by_hours(
    rules: When,
    hourly_wage: float,
    pension_pct: float = 0.0,
    fulltime_hours: int = FULL_TIME_HOURS,
    municipality: str | None = None,
    church_member: bool = False,
) -> HoursTable:
    """Wage, subsidy and total per month for every whole weekly hour 1…fulltime_hours.

    Wage income = H × (1 + P/100) × hours × 52/12; the wage ceiling is that at full-time hours;
    marginal_gain is total(h) − total(h − 1), None in the first row. With a municipality code
    each row also has the net income after ATP, AM-bidrag and income tax of the income year
    (``income_tax.add_net_income``), and the table the full ledighedsydelse after tax beside it.
    """
    tax_year = _year_of(rules)
    rules = as_rules(rules)
    if not math.isfinite(hourly_wage) or hourly_wage <= 0:
        raise ValueError("timelønnen skal være et positivt tal")
    if not math.isfinite(pension_pct) or not 0 <= pension_pct <= 100:
        raise ValueError("pensionsprocenten skal ligge mellem 0 og 100")
    if not 1 <= fulltime_hours <= 80:
        raise ValueError("fuldtidstimerne skal ligge mellem 1 og 80")
    hours = np.arange(1, fulltime_hours + 1, dtype=np.float64)
    per_hour = hourly_wage * (1 + pension_pct / 100) * WEEKS_PER_MONTH
    wage = per_hour * hours
    ceiling = per_hour * fulltime_hours
    sub = subsidy_array(rules, wage, np.full_like(wage, ceiling))
    total = wage + sub
    rows: list[dict[str, Any]] = []
    for i, h in enumerate(hours):
        rows.append(
            {
                "hours_per_week": int(h),
                "wage_income": round(float(wage[i]), 2),
                "wage_ceiling": round(ceiling, 2),
                "subsidy": round(float(sub[i]), 2),
                "total_income": round(float(total[i]), 2),
                "marginal_gain": None if i == 0 else round(float(total[i] - total[i - 1]), 2),
            }
        )
    above = np.nonzero(wage > rules.reduction_threshold)[0]
    kink = int(hours[above[0]]) if above.size else None
    tax = None
    if municipality is not None:
        tax = add_net_income(
            rules, tax_year, rows, hourly_wage, pension_pct, municipality, church_member
        )
    return HoursTable(rows, kink, rules.reduction_threshold, rules.fleksloentilskud_max, tax)


def _year_of(when: When) -> int:
    """The income year of a year, a date or a rule set (its first day)."""
    if isinstance(when, int):
        return when
    if isinstance(when, dt.date):
        return when.year
    return when.effective_from.year


def hours_outlook(
    rules: When,
    hourly_wage: float,
    current_hours: int,
    pension_pct: float = 0.0,
    fulltime_hours: int = FULL_TIME_HOURS,
    extra: int = 5,
    municipality: str | None = None,
    church_member: bool = False,
) -> list[dict[str, Any]]:
    """Income now and at +1…+extra weekly hours (for the citizen page), each with the gain per
    month compared with now; hours beyond full time are left out. With a municipality the rows
    also have the net income after tax and ``net_gain_vs_now``."""
    if not 1 <= current_hours <= fulltime_hours:
        raise ValueError("de nuværende timer skal ligge mellem 1 og fuldtidstimerne")
    rows = income_by_hours(
        rules, hourly_wage, pension_pct, fulltime_hours, municipality, church_member
    ).rows
    now = rows[current_hours - 1]
    out = []
    for row in rows[current_hours - 1 : min(current_hours + extra, fulltime_hours)]:
        item = {**row, "gain_vs_now": round(row["total_income"] - now["total_income"], 2)}
        if municipality is not None:
            item["net_gain_vs_now"] = round(row["net_income"] - now["net_income"], 2)
        out.append(item)
    return out
