"""Ledighedsydelse: the benefit of a citizen approved for fleksjob but without one.

The high rate is 89 % of højeste dagpengesats for those who qualify (entitled to sygedagpenge or
barselsdagpenge, in revalidering at visitation, or 9 months in fleksjob within the last 18);
otherwise the kontanthjælp level for persons over 30 (forsørger or not). Income from work reduces
it by the same 30/55 % rule around T as the fleksløntilskud (issue 3). Amounts are kr per month.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from fleksjob.core.rules.fleksloentilskud import reduction
from fleksjob.core.rules.rates import RuleSet, as_rules


def full_rate(rules: RuleSet, high_rate: bool, forsorger: bool = False) -> float:
    """The unreduced monthly rate."""
    if high_rate:
        return rules.ledighedsydelse_high
    return rules.kontanthjaelp_forsorger if forsorger else rules.kontanthjaelp_ikke_forsorger


def ledighedsydelse_array(
    rules: RuleSet, income: ArrayLike, high_rate: ArrayLike, forsorger: ArrayLike
) -> NDArray[np.float64]:
    """Vectorised: reduced ledighedsydelse for arrays of income and boolean rate choices."""
    base = np.where(
        np.asarray(high_rate, dtype=bool),
        rules.ledighedsydelse_high,
        np.where(
            np.asarray(forsorger, dtype=bool),
            rules.kontanthjaelp_forsorger,
            rules.kontanthjaelp_ikke_forsorger,
        ),
    )
    cut = reduction(
        income, rules.reduction_threshold, rules.reduction_rate_low, rules.reduction_rate_high
    )
    return np.maximum(base - cut, 0.0)


@dataclass(frozen=True)
class LedighedsydelseBreakdown:
    level: str  # "89 % af højeste dagpengesats" or the kontanthjælp level
    full_rate: float
    income: float
    reduction: float
    ledighedsydelse: float
    total_income: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def ledighedsydelse(
    rules: RuleSet | dt.date | int,
    income: float = 0.0,
    high_rate: bool = True,
    forsorger: bool = False,
) -> LedighedsydelseBreakdown:
    """The month's ledighedsydelse with its reduction (rules: a rule set, date or year)."""
    rules = as_rules(rules)
    if income < 0:
        raise ValueError("indtægten kan ikke være negativ")
    rate = full_rate(rules, high_rate, forsorger)
    cut = float(
        reduction(
            income, rules.reduction_threshold, rules.reduction_rate_low, rules.reduction_rate_high
        )
    )
    value = max(0.0, rate - cut)
    if high_rate:
        level = "89 % af højeste dagpengesats"
    else:
        level = "kontanthjælpsniveau, " + ("forsørger" if forsorger else "ikke forsørger")
    return LedighedsydelseBreakdown(level, rate, income, cut, value, income + value)
