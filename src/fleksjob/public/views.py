"""The open comparison: every indicator's fair comparison of the 98 municipalities, a page per
municipality and the open data, without login. Aggregates only, suppressed for every
municipality alike (``public.service``): nobody is anyone's own staff here."""

from __future__ import annotations

import csv
import io

import pandas as pd
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from fleksjob.benchmarking import service as benchmarking
from fleksjob.benchmarking.charts import funnel_chart, oe_funnel_chart, ranked_chart
from fleksjob.benchmarking.frames import records
from fleksjob.municipalities.models import Municipality
from fleksjob.public import service


def _run_and_period(request):
    """(run, period, None) or (None, None, message) when there is nothing to show."""
    try:
        run = benchmarking.current_run()
        return run, benchmarking.parse_period(request.GET.get("period"), run), None
    except benchmarking.NoData:
        return None, None, _("Der er endnu ingen tal at vise for den valgte måned.")


def _periods(run) -> list[str]:
    return list(pd.date_range(run.first_month, run.last_month, freq="MS")[::-1].strftime("%Y-%m"))


def _indicators() -> list[dict]:
    return [
        {
            "id": i.id,
            "title": benchmarking.text(i.title),
            "description": benchmarking.text(i.description),
        }
        for i in benchmarking.catalogue().values()
    ]


def _common(run, period) -> dict:
    return {
        "run": run,
        "period": period,
        "period_value": period.strftime("%Y-%m") if period else "",
        "periods": _periods(run) if run else [],
        "synthetic": service.is_synthetic(),
    }


@login_not_required
def index(request):
    run, period, message = _run_and_period(request)
    query = (request.GET.get("q") or "").strip()
    municipalities = Municipality.objects.order_by("name", "code")
    if query:
        municipalities = municipalities.filter(name__icontains=query)
    context = {
        **_common(run, period),
        "message": message,
        "query": query,
        "indicators": _indicators(),
        "municipalities": list(municipalities.values("code", "name")),
    }
    return render(request, "public/index.html", context)


@login_not_required
def indicator(request, slug: str):
    catalogue = benchmarking.catalogue()
    if slug not in catalogue:
        raise Http404(_("ukendt indikator"))
    chosen = catalogue[slug]
    title = benchmarking.text(chosen.title)
    run, period, message = _run_and_period(request)
    context = {
        **_common(run, period),
        "message": message,
        "indicator": chosen,
        "title": title,
        "texts": {
            k: benchmarking.text(getattr(chosen, k))
            for k in ("description", "why_it_matters", "numerator", "denominator")
        },
        "summary": None,
        "target": None,
        "rows": [],
        "funnel": None,
        "ranked": None,
        "adjusted": None,
        "oe_funnel": None,
        "counts": None,
    }
    if run is not None:
        try:
            result = benchmarking.comparison(run, slug, period)
        except benchmarking.NoData:
            context["message"] = _("Der er ingen tal for denne indikator i den valgte måned.")
        else:
            table = result.table
            rows = [
                {**dict.fromkeys(service.ROW_COLUMNS), **row}
                for row in records(table.sort_values(["unit_name", "unit_id"]))
            ]
            shown = table[~table["suppressed"]]
            context.update(
                summary=result.summary,
                target=result.summary.get("target"),
                rows=rows,
                counts={"shown": len(shown), "hidden": len(table) - len(shown)},
                funnel=funnel_chart(table, result.funnel_limits, title, chosen.unit)
                if result.funnel_limits is not None
                else None,
                ranked=ranked_chart(table, title, chosen.unit) if "shrunk_rate" in table else None,
            )
            if chosen.id == benchmarking.HEADLINE and period == run.last_month:
                adjusted = benchmarking.risk_adjusted(run)
                if adjusted is not None:
                    context["adjusted"] = records(adjusted)
                    limits = benchmarking.oe_limits(adjusted["expected"])
                    context["oe_funnel"] = (
                        oe_funnel_chart(adjusted, limits) if limits is not None else None
                    )
    return render(request, "public/indicator.html", context)


@login_not_required
def municipality(request, code: str):
    place = get_object_or_404(Municipality, code=code)
    run, period, message = _run_and_period(request)
    summary = []
    if run is not None:
        beside = service.official_beside(code, period)
        for row in service.municipality_summary(run, code, period):
            row["official"] = beside.get(row["indicator"].id, [])
            summary.append(row)
    context = {**_common(run, period), "message": message, "municipality": place}
    context["summary"] = summary
    return render(request, "public/municipality.html", context)


@login_not_required
def data_csv(request):
    try:
        run = benchmarking.current_run()
    except benchmarking.NoData:
        run = None
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=",", lineterminator="\n")
    writer.writerow([c.name for c in service.COLUMNS])
    if run is not None:
        writer.writerows(service.csv_rows(run))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="fleksjob-aaben-sammenligning.csv"'
    return response


@login_not_required
def dictionary(request):
    context = {
        "columns": [{"name": c.name, "meaning": str(c.meaning)} for c in service.COLUMNS],
        "indicators": [
            {
                "id": i.id,
                "title": benchmarking.text(i.title),
                "description": benchmarking.text(i.description),
                "numerator": benchmarking.text(i.numerator),
                "denominator": benchmarking.text(i.denominator),
                "unit": i.unit,
                "direction": i.direction,
            }
            for i in benchmarking.catalogue().values()
        ],
    }
    return render(request, "public/dictionary.html", context)
