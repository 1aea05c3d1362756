from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from fleksjob.core.records.limits import FULL_TIME_HOURS
from fleksjob.core.rules import RatesNotCovered, income_by_hours, rules_for
from fleksjob.economics.charts import income_by_hours_chart
from fleksjob.economics.forms import HoursCalculatorForm


def calculator(request):
    """Does it pay to work more hours? Income by weekly hours (no personal data involved)."""
    defaults = {
        "on": timezone.localdate().isoformat(),
        "hourly_wage": "200",
        "pension_pct": "12",
        "fulltime_hours": str(FULL_TIME_HOURS),
    }
    form = HoursCalculatorForm(request.GET or defaults)
    context, status = {"form": form, "table": None}, 422
    if form.is_valid():
        data = form.cleaned_data
        try:
            rules = rules_for(data["on"])
            table = income_by_hours(
                rules,
                float(data["hourly_wage"]),
                float(data["pension_pct"]),
                data["fulltime_hours"],
            )
        except (RatesNotCovered, ValueError) as exc:
            form.add_error(None, str(exc))
        else:
            chart = income_by_hours_chart(table.rows, table.kink_hours)
            context.update(table=table, rules=rules, chart=chart)
            status = 200
    return render(request, "economics/calculator.html", context, status=status)
