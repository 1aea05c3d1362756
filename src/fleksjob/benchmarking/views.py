"""Benchmarking pages: aggregates only, for every staff role (no personal records)."""

from __future__ import annotations

import csv
import io

import pandas as pd
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from openpyxl import Workbook

from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.benchmarking import service
from fleksjob.benchmarking.charts import funnel_chart, oe_funnel_chart, ranked_chart, trend_chart
from fleksjob.benchmarking.drivers import drivers as case_drivers
from fleksjob.benchmarking.frames import plain, records
from fleksjob.benchmarking.models import ImportedFigure
from fleksjob.municipalities.models import Municipality

# KL's two figures side by side on a profile: citizens' satisfaction (with its response rate)
# and the employers the jobcentre reached in the last 12 months (docs/surveys.md).
SIDE_BY_SIDE = (
    "citizen_satisfied_share",
    "citizen_survey_response_rate",
    "employer_contact_12m",
    "employer_satisfied_share",
)

EXPORT_COLUMNS = [
    "unit_id",
    "unit_name",
    "numerator",
    "denominator",
    "value",
    "wilson_lower95",
    "wilson_upper95",
    "lower95",
    "upper95",
    "lower998",
    "upper998",
    "flag",
    "label",
    "label_text",  # the label in the user's language beside its code
    "shrunk_rate",
    "shrunk_lower95",
    "shrunk_upper95",
    "rank",
    "rank_lower",
    "rank_upper",
    "suppressed",
    "own",  # True: the viewer's own municipality, exact for its own staff (others: hidden)
]


def _selection(request):
    try:
        run = service.current_run()
        indicator = request.GET.get("indicator") or service.HEADLINE
        period = service.parse_period(request.GET.get("period"), run)
        return run, service.comparison(run, indicator, period)
    except service.NoData as exc:
        return None, str(exc)


_INTERVAL_COLUMNS = (
    "wilson_lower95",
    "wilson_upper95",
    "shrunk_rate",
    "rank",
    "rank_lower",
    "rank_upper",
)


def overview(request):
    run, result = _selection(request)
    if run is None:
        status = 200 if "kørsel" in result else 404
        return render(request, "benchmarking/empty.html", {"message": result}, status=status)
    indicator = result.indicator
    title = service.text(indicator.title)
    # Intervals and ranks exist only for a proportion over two or more shown units; the table
    # reads them as None otherwise. The viewer's own municipality is exact for its own staff
    # (docs/statistics.md) and keeps its place in the published table's order.
    order = result.table.sort_values(["label", "unit_name"]).index
    table = service.viewer_table(request.user, run, result).loc[order]
    rows = [{**dict.fromkeys(_INTERVAL_COLUMNS), **row} for row in records(table)]
    context = {
        "run": run,
        "result": result,
        "indicator": indicator,
        "title": title,
        "texts": {
            k: service.text(getattr(indicator, k))
            for k in ("description", "why_it_matters", "numerator", "denominator")
        },
        "rows": rows,
        "indicators": [(i.id, service.text(i.title)) for i in service.catalogue().values()],
        "periods": pd.date_range(run.first_month, run.last_month, freq="MS")[::-1].strftime(
            "%Y-%m"
        ),
        "period_value": result.period.strftime("%Y-%m"),
        "funnel": funnel_chart(result.table, result.funnel_limits, title, indicator.unit)
        if result.funnel_limits is not None
        else None,
        "ranked": ranked_chart(result.table, title, indicator.unit)
        if "shrunk_rate" in result.table
        else None,
        "adjusted": None,
        "oe_funnel": None,
    }
    if indicator.id == service.HEADLINE and result.period == run.last_month:
        adjusted = service.risk_adjusted(run)
        if adjusted is not None:
            context["adjusted"] = records(adjusted)
            limits = service.oe_limits(adjusted["expected"])
            context["oe_funnel"] = oe_funnel_chart(adjusted, limits) if limits is not None else None
    return render(request, "benchmarking/overview.html", context)


def export(request, fmt: str):
    run, result = _selection(request)
    if run is None:
        messages.warning(request, result)
        return redirect("benchmarking:overview")
    # The same rows as the overview: the viewer's own municipality exact for its own staff
    # (marked in the column ``own``), every other row as published.
    table = service.viewer_table(request.user, run, result).reindex(columns=EXPORT_COLUMNS)
    name = f"{result.indicator.id}-{result.period:%Y-%m}"
    if fmt == "csv":
        buffer = io.StringIO()
        table.to_csv(buffer, index=False, sep=";", decimal=",", quoting=csv.QUOTE_MINIMAL)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        book = Workbook()
        sheet = book.active
        sheet.title = result.indicator.id[:31]
        sheet.append(EXPORT_COLUMNS)
        for row in records(table):
            sheet.append([row[c] for c in EXPORT_COLUMNS])
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _adjusted_row(run, code: str) -> dict | None:
    table = service.risk_adjusted(run)
    if table is None:
        return None
    mine = table[table["unit_id"] == code]
    return plain(mine.iloc[0].to_dict()) if not mine.empty else None


def profile(request, code: str):
    municipality = get_object_or_404(Municipality, code=code)
    try:
        run = service.current_run()
        period = service.parse_period(request.GET.get("period"), run)
    except service.NoData as exc:
        return render(request, "benchmarking/empty.html", {"message": str(exc)})
    chosen = request.GET.get("indicator") or service.HEADLINE
    catalogue = service.catalogue()
    if chosen not in catalogue:
        raise Http404(_("ukendt indikator"))
    own = service.is_own_staff(request.user, code)
    counts = service.own_counts(run, code, period) if own else {}
    beside = service.official_beside(code, period)
    summary = []
    for indicator in catalogue.values():
        try:
            result = service.comparison(run, indicator.id, period)
        except service.NoData:  # an indicator added since the run: it has no figures yet
            continue
        row = service.own_row(result, code, counts.get(indicator.id)) or {}
        # Official counts beside the computed count they match (None: hidden for this viewer).
        row["official"] = [
            {**o, "computed": row.get(o["part"])} for o in beside.get(indicator.id, [])
        ]
        summary.append(
            {"indicator": indicator, "title": service.text(indicator.title), "own": None, **row}
        )
    reasons = service.peer_reasons(code, period)
    peers = [p["code"] for p in reasons["peers"]] if reasons else []
    lines = service.trend_lines(run, code, chosen, period, municipality.name, peers, exact=own)
    drivers = None
    if own:
        drivers = case_drivers(run, request.user, code, chosen, period)
        if drivers is not None and drivers["everyone"]:
            # Figures per named caseworker: personnel data, even as counts.
            record(
                request.user,
                Action.VIEW,
                municipality=code,
                detail=f"benchmarking: {chosen} {period:%Y-%m} pr. sagsbehandler",
            )
    first_fleksjob, adjusted = service.first_fleksjob(run, code), _adjusted_row(run, code)
    own_km = own_oe = False
    if own:
        exact_km, exact_oe = service.own_citizen_level(run, code)
        if first_fleksjob is None and exact_km is not None:
            first_fleksjob, own_km = exact_km, True
        if (adjusted is None or adjusted.get("oe") is None) and exact_oe is not None:
            adjusted, own_oe = exact_oe, True
    context = {
        "municipality": municipality,
        "own_km": own_km,
        "own_oe": own_oe,
        "run": run,
        "period": period,
        "drivers": drivers,
        "drivers_tables": [
            (_("Pr. ansvarlig sagsbehandler"), drivers["by_caseworker"]),
            (_("Pr. fleksjobformidler"), drivers["by_consultant"]),
        ]
        if drivers
        else [],
        "chosen_texts": {
            k: service.text(getattr(catalogue[chosen], k)) for k in ("numerator", "denominator")
        },
        "summary": summary,
        "side_by_side": _side_by_side(summary),
        "peers": reasons["peers"] if reasons else [],
        "peer_own": reasons["own"] if reasons else None,
        "chosen": chosen,
        "chosen_title": service.text(catalogue[chosen].title),
        "chosen_unit": catalogue[chosen].unit,
        "trend": trend_chart(lines, service.text(catalogue[chosen].title), catalogue[chosen].unit)
        if lines
        else None,
        "trend_rows": lines,
        "signals": service.trend_signals(run, code, chosen, period, exact=own),
        "own": own,
        "first_fleksjob": first_fleksjob,
        "first_fleksjob_country": service.first_fleksjob(run, "DK"),
        "adjusted": adjusted,
        "imported": ImportedFigure.objects.filter(municipality=municipality).order_by(
            "table", "period", "label"
        )[:200],
    }
    return render(request, "benchmarking/profile.html", context)


def _side_by_side(summary: list[dict]) -> list[dict]:
    """The profile's rows of ``SIDE_BY_SIDE``, in that order; a hidden value is None."""
    rows = {s["indicator"].id: s for s in summary}
    return [
        {
            "id": key,
            "title": rows[key]["title"],
            "unit": rows[key]["indicator"].unit,
            "value": None if rows[key].get("suppressed") else rows[key].get("value"),
        }
        for key in SIDE_BY_SIDE
        if key in rows
    ]
