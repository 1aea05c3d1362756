"""Forward budgets and scenarios (issue 16): a municipality's flows from its own history, money
and refusion from the rule tables by date, levers through effects estimated across the
municipalities. See docs/scenarios.md. No Django."""

from fleksjob.core.scenario.effects import Effect, NoEstimate, UnitRow, estimate_effect
from fleksjob.core.scenario.engine import (
    LeverSetting,
    ScenarioError,
    YearResult,
    check_years,
    run_scenario,
)
from fleksjob.core.scenario.history import History, JobRow, Rate, SpellRow, estimate_history
from fleksjob.core.scenario.pool import Pool, parse_pool, read_pool

__all__ = [
    "Effect",
    "History",
    "JobRow",
    "LeverSetting",
    "NoEstimate",
    "Pool",
    "Rate",
    "ScenarioError",
    "SpellRow",
    "UnitRow",
    "YearResult",
    "check_years",
    "estimate_effect",
    "estimate_history",
    "parse_pool",
    "read_pool",
    "run_scenario",
]
