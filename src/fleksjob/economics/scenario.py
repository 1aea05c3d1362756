"""Forward-budget scenarios from the database: a thin reader that turns a municipality's
ledighedsydelse spells and fleksjobs into ``core.scenario`` rows, and every municipality's
flows and framework conditions into the units the lever effects are estimated from. The model
itself is in ``fleksjob.core.scenario`` (docs/scenarios.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Avg
from django.utils import timezone

from fleksjob.citizens.models import BenefitSpell, RateCategory
from fleksjob.core.rules.rates import RatesNotCovered
from fleksjob.core.scenario import (
    Effect,
    History,
    JobRow,
    LeverSetting,
    NoEstimate,
    Pool,
    ScenarioError,
    SpellRow,
    UnitRow,
    YearResult,
    check_years,
    estimate_effect,
    estimate_history,
    run_scenario,
)
from fleksjob.core.scenario.effects import CONDITIONS
from fleksjob.core.scenario.history import rows_by_municipality
from fleksjob.employment.models import Employment, HoursChange
from fleksjob.municipalities.models import MonthlyConditions, Municipality

__all__ = ["Levers", "RatesNotCovered", "ScenarioError", "ScenarioResult", "compute_scenario"]


@dataclass(frozen=True)
class Levers:
    consultants_fte: float | None = None
    active_offer_share: float | None = None
    pool: Pool | None = None
    consultant_cost: float = 0.0  # kr a year per consultant FTE (0: not counted)


@dataclass
class ScenarioResult:
    municipality: str
    years: list[YearResult]
    effects: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "municipality": self.municipality,
            "years": [y.as_dict() for y in self.years],
            "levers": self.effects,
        }


def _rows(
    as_of: dt.date, municipality: str | None = None
) -> tuple[dict[str, list[SpellRow]], dict[str, list[JobRow]]]:
    """Spells and fleksjobs that began before ``as_of``, by the citizen's municipality."""
    where: dict[str, Any] = {"start__lt": as_of}
    if municipality:
        where["citizen__municipality_id"] = municipality
    spells = (
        (code, citizen, start, end, category == RateCategory.DAGPENGE_89)
        for code, citizen, start, end, category in BenefitSpell.objects.filter(**where).values_list(
            "citizen__municipality_id", "citizen_id", "start", "end", "rate_category"
        )
    )
    jobs = list(
        Employment.objects.filter(kind="fleksjob", **where).values_list(
            "pk", "citizen__municipality_id", "citizen_id", "start", "end", "hourly_wage"
        )
    )
    hours = HoursChange.objects.filter(
        employment__in=[j[0] for j in jobs], valid_from__lt=as_of
    ).values_list("employment_id", "valid_from", "hours_per_week")
    return rows_by_municipality(spells, jobs, hours, as_of)


def municipality_history(code: str, as_of: dt.date) -> History:
    spells, jobs = _rows(as_of, code)
    return estimate_history(spells.get(code, []), jobs.get(code, []), as_of)


def _conditions(as_of: dt.date) -> dict[str, dict[str, float]]:
    """Each municipality's framework conditions and consultant FTE, means of the 12 months
    before ``as_of``."""
    start = dt.date(as_of.year - 1, as_of.month, 1)
    return {
        row["municipality_id"]: row
        for row in MonthlyConditions.objects.filter(month__gte=start, month__lt=as_of)
        .values("municipality_id")
        .annotate(
            **{c: Avg(c) for c in CONDITIONS},
            consultants_fte=Avg("consultants_fte"),
        )
    }


def effect_units(as_of: dt.date) -> list[UnitRow]:
    """Every municipality's exits from ledighedsydelse into a fleksjob over its months on
    ledighedsydelse, its framework conditions and its consultants per 100 on ledighedsydelse
    (cached for a day: it reads every municipality's history)."""
    key = f"scenario-units:{as_of.isoformat()}"
    if (cached := cache.get(key)) is not None:
        return cached
    spells, jobs = _rows(as_of)
    conditions = _conditions(as_of)
    units = []
    for code in Municipality.objects.values_list("code", flat=True):
        cond = conditions.get(code)
        if cond is None:
            continue
        h = estimate_history(spells.get(code, []), jobs.get(code, []), as_of, clocks=False)
        levers = {}
        if h.mean_u > 0 and cond["consultants_fte"] > 0:
            levers["consultants_fte"] = cond["consultants_fte"] / (h.mean_u / 100)
        units.append(
            UnitRow(
                code, h.u_to_f.events, h.u_to_f.exposure, {c: cond[c] for c in CONDITIONS}, levers
            )
        )
    cache.set(key, units, 24 * 3600)
    return units


def compute_scenario(
    code: str,
    from_year: int,
    years: int,
    levers: Levers | None = None,
    today: dt.date | None = None,
    draws: int = 200,
    seed: int = 0,
) -> ScenarioResult:
    """The scenario for one municipality. Raises ScenarioError (a clear Danish reason) or
    RatesNotCovered for input it cannot run."""
    [result] = compute_scenarios(code, from_year, years, [levers or Levers()], today, draws, seed)
    return result


def compute_scenarios(
    code: str,
    from_year: int,
    years: int,
    scenarios: list[Levers],
    today: dt.date | None = None,
    draws: int = 200,
    seed: int = 0,
) -> list[ScenarioResult]:
    """Several scenarios of one municipality on the same history (read once), same draws."""
    today = today or timezone.localdate()
    if not Municipality.objects.filter(code=code).exists():
        raise ScenarioError("ukendt kommunekode")
    check_years(from_year, years)
    as_of = dt.date(from_year, 1, 1)
    if as_of > today:
        raise ScenarioError(
            "scenariet skal starte i et år, der er begyndt: historikken slutter i dag"
        )
    history = municipality_history(code, as_of)
    out = []
    for levers in scenarios:
        settings, effects = _lever_settings(code, as_of, history, levers)
        result = run_scenario(
            history, from_year, years, tuple(settings), levers.pool, draws=draws, seed=seed
        )
        out.append(ScenarioResult(code, result, effects))
    return out


def _lever_settings(
    code: str, as_of: dt.date, history: History, levers: Levers
) -> tuple[list[LeverSetting], list[dict[str, Any]]]:
    settings: list[LeverSetting] = []
    effects: list[dict[str, Any]] = []
    wanted = {
        k: v
        for k, v in (
            ("consultants_fte", levers.consultants_fte),
            ("active_offer_share", levers.active_offer_share),
        )
        if v is not None
    }
    if not wanted:
        return settings, effects
    units = effect_units(as_of)
    own = {u.code: u for u in units}.get(code)
    for lever, target in wanted.items():
        try:
            effect: Effect = estimate_effect(units, lever)
        except NoEstimate as exc:
            raise ScenarioError(f"løftestangen kan ikke skønnes: {exc}") from None
        if own is None or lever not in own.levers:
            raise ScenarioError("kommunen har ingen data om løftestangens nuværende niveau")
        current = own.levers[lever]
        cost = 0.0
        if lever == "consultants_fte":  # per 100 on ledighedsydelse: the same ratio as FTE
            current = current * history.mean_u / 100
            cost = levers.consultant_cost
        settings.append(LeverSetting(effect, current, target, cost))
        effects.append(
            {**effect.as_dict(), "current": current, "target": target, "annual_cost": cost}
        )
    return settings, effects
