from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from fleksjob.core.records.limits import FULL_TIME_HOURS
from fleksjob.core.rules import RatesNotCovered, income_by_hours, rules_for
from fleksjob.economics.charts import income_by_hours_chart
from fleksjob.economics.forms import HoursCalculatorForm


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
