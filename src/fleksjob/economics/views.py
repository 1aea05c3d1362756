from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from fleksjob.accounts.permissions import manager_required
from fleksjob.core.records.limits import FULL_TIME_HOURS
from fleksjob.core.rules import RatesNotCovered, income_by_hours, rules_for
from fleksjob.core.rules.rates import covered_range
from fleksjob.core.scenario import Pool
from fleksjob.economics.charts import income_by_hours_chart, scenarios_chart
from fleksjob.economics.forms import POOL_KINDS, HoursCalculatorForm, ScenarioForm
from fleksjob.economics.scenario import Levers, ScenarioError, compute_scenarios
from fleksjob.pools.models import Pool as Pool_
from fleksjob.pools.reading import (
    DEFAULT_HOURLY_WAGE,
    DEFAULT_HOURS,
    DEFAULT_MONTHS,
    scenario_pool,
)


def calculator(request):
    """Does it pay to work more hours? Income by weekly hours, before and (with a municipality,
    by default the user's own) after tax (no personal data involved)."""
    defaults = {
        "on": timezone.localdate().isoformat(),
        "hourly_wage": "200",
        "pension_pct": "12",
        "fulltime_hours": str(FULL_TIME_HOURS),
        "municipality": request.user.municipality_id or "",
    }
    form = HoursCalculatorForm(request.GET or defaults)
    context, status = {"form": form, "table": None, "rows": [], "tax": None}, 422
    if form.is_valid():
        data = form.cleaned_data
        try:
            rules = rules_for(data["on"])
            table = income_by_hours(
                data["on"],
                float(data["hourly_wage"]),
                float(data["pension_pct"]),
                data["fulltime_hours"],
                municipality=data["municipality"] or None,
                church_member=data["church_member"],
            )
        except (RatesNotCovered, ValueError) as exc:
            form.add_error(None, str(exc))
        else:
            chart = income_by_hours_chart(table.rows, table.kink_hours, net=table.tax is not None)
            rows = [
                {
                    **row,
                    "effective_marginal_pct": None
                    if row.get("effective_marginal_rate") is None
                    else row["effective_marginal_rate"] * 100,
                }
                for row in table.rows
            ]
            context.update(
                table=table, rows=rows, tax=_for_page(table.tax), rules=rules, chart=chart
            )
            status = 200
    return render(request, "economics/calculator.html", context, status=status)


def _for_page(tax: dict | None) -> dict | None:
    """The table's tax basis with the municipality's rates in per cent, as people read them."""
    if tax is None:
        return None
    place = tax["municipality"]
    return {
        **tax,
        "municipality": {
            **place,
            "kommuneskat_pct": place["kommuneskat"] * 100,
            "kirkeskat_pct": place["kirkeskat"] * 100,
        },
    }


@manager_required
def scenarios(request):
    """Forward budgets of the manager's own municipality: the baseline beside a consultant and
    a pool scenario, as a chart and a table (aggregates only; no personal data shown)."""
    today = timezone.localdate()
    first, last = covered_range()
    years = [y for y in range(first.year, min(last.year, today.year) + 1)]
    start = years[-1]
    defaults = {
        "from_year": str(start),
        "years": str(min(5, last.year - start + 1)),
        "pool_hourly_wage": str(DEFAULT_HOURLY_WAGE),
        "pool_hours": str(DEFAULT_HOURS),
        "pool_months": str(DEFAULT_MONTHS),
    }
    pools = Pool_.objects.visible_to(request.user).order_by("name", "pk")
    form = ScenarioForm(request.GET or defaults, years=years, pools=pools)
    context, status = {"form": form, "series": [], "rows": [], "effects": []}, 422
    if form.is_valid():
        data = form.cleaned_data
        wanted = [(_("Uændret"), Levers())]
        if data["consultants_fte"]:
            wanted.append(
                (
                    _("%(fte)s konsulenter") % {"fte": f"{data['consultants_fte']:g}"},
                    Levers(
                        consultants_fte=float(data["consultants_fte"]),
                        consultant_cost=float(data["consultant_cost"] or 0),
                    ),
                )
            )
        if data["pool_kind"]:
            pool = Pool(
                data["pool_kind"],
                data["pool_places"],
                float(data["pool_hourly_wage"]),
                float(data["pool_hours"]),
                float(data["pool_months"]) if data["pool_kind"] == "midlertidig" else None,
            )
            label = dict(POOL_KINDS)[data["pool_kind"]]
            wanted.append((f"{label} ({data['pool_places']})", Levers(pool=pool)))
        if data["pool_record"]:
            # The municipality's own pool as the lever (docs/pools.md, docs/scenarios.md).
            record = data["pool_record"]
            pool = scenario_pool(
                record,
                hourly_wage=float(data["pool_hourly_wage"]),
                hours=float(data["pool_hours"]),
                months=float(data["pool_months"]),
            )
            wanted.append((f"{record.name} ({record.places})", Levers(pool=pool)))
        code = request.user.municipality_id
        try:
            results = compute_scenarios(
                code, data["from_year"], data["years"], [lv for _n, lv in wanted], today
            )
        except (ScenarioError, RatesNotCovered) as exc:
            form.add_error(None, str(exc))
            results = []
        series = [
            (str(name), [y.as_dict() for y in r.years])
            for (name, _lv), r in zip(wanted, results, strict=False)
        ]
        context["effects"] = [
            {**e, "label": _("virksomhedskonsulenter pr. 100 på ledighedsydelse")}
            for r in results
            for e in r.effects
        ]
        if results:
            context.update(
                series=series,
                rows=_side_by_side(series),
                chart=scenarios_chart(series),
                names=[name for name, _rows in series],
            )
            status = 200
    return render(request, "economics/scenarios.html", context, status=status)


def _side_by_side(series: list[tuple[str, list[dict]]]) -> list[dict]:
    """One row per year with each scenario's figures in order."""
    return [
        {"year": rows[0]["year"], "cells": [s[1][i] for s in series]}
        for i, rows in enumerate(zip(*(s[1] for s in series), strict=True))
    ]
