"""Law as data: rate tables, fleksløntilskud, ledighedsydelse, refusion, deadlines, CPR.

The public API for the web layer (all pure functions; amounts are kr per month; wherever a
function takes ``rules`` it also accepts a date or a year and picks the rule set in force):

- ``rules_for(date | year) -> RuleSet`` (raises ``RatesNotCovered``); ``RuleSet.as_dict()``
- ``subsidy(rules, wage_income, wage_ceiling=None) -> SubsidyBreakdown``; ``subsidy_array``
- ``income_by_hours(rules, hourly_wage, pension_pct=0, fulltime_hours=37) -> HoursTable``
- ``hours_outlook(rules, hourly_wage, current_hours, ...)``: income now and at +1…+5 hours
- ``ledighedsydelse(rules, income=0, high_rate=True, forsorger=False)``
- ``employer_cost(rules, hourly_wage, hours_per_week, employer_pension_pct=0)``; ``atp(...)``
- ``refusion.clock(spells, ...)``, ``refusion.municipal_cost(spells, start, end, ...)``
- ``run_budget(BudgetInput) -> BudgetResult``
- ``case_deadlines(...)``, ``jobsamtale_plan(...)``, ``next_working_day(day)``
- ``cpr.parse``, ``cpr.reason``, ``cpr.is_valid``
"""

from fleksjob.core.rules.budget import BudgetInput, BudgetResult, run_budget
from fleksjob.core.rules.deadlines import case_deadlines, jobsamtale_plan
from fleksjob.core.rules.fleksloentilskud import (
    HoursTable,
    SubsidyBreakdown,
    atp,
    employer_cost,
    hours_outlook,
    income_by_hours,
    subsidy,
    subsidy_array,
)
from fleksjob.core.rules.ledighedsydelse import LedighedsydelseBreakdown, ledighedsydelse
from fleksjob.core.rules.rates import RatesNotCovered, RuleSet, rules_for
from fleksjob.core.rules.refusion import Kind, Spell
from fleksjob.core.rules.workdays import WorkCalendar, next_working_day

__all__ = [
    "BudgetInput",
    "BudgetResult",
    "HoursTable",
    "Kind",
    "LedighedsydelseBreakdown",
    "RatesNotCovered",
    "RuleSet",
    "Spell",
    "SubsidyBreakdown",
    "WorkCalendar",
    "atp",
    "case_deadlines",
    "employer_cost",
    "hours_outlook",
    "income_by_hours",
    "jobsamtale_plan",
    "ledighedsydelse",
    "next_working_day",
    "rules_for",
    "run_budget",
    "subsidy",
    "subsidy_array",
]
