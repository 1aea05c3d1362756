"""Benchmark indicators under /api/v1/indicators/: the catalogue and one period's comparison.

Aggregates only (small cells suppressed by the core); every staff role may read them.
"""

from __future__ import annotations

from typing import Any

from ninja import Router
from ninja.errors import HttpError

from fleksjob.api.errors import errors
from fleksjob.benchmarking import service
from fleksjob.benchmarking.frames import records

router = Router(tags=["indicators"])


@router.get(
    "/",
    response={200: list[dict[str, Any]], **errors()},
    summary="Indikatorerne: definitioner, retning og tekster",
)
def list_indicators(request) -> list[dict[str, Any]]:
    return [
        {
            "id": i.id,
            "title": i.title,
            "description": i.description,
            "why_it_matters": i.why_it_matters,
            "numerator": i.numerator,
            "denominator": i.denominator,
            "unit": i.unit,
            "kind": i.kind,
            "direction": i.direction,
        }
        for i in service.catalogue().values()
    ]


@router.get(
    "/{indicator_id}",
    response={200: dict[str, Any], **errors(404, 422)},
    summary="Alle kommuner for én indikator og måned (ÅÅÅÅ-MM)",
)
def indicator_comparison(request, indicator_id: str, period: str | None = None) -> dict[str, Any]:
    try:
        run = service.current_run()
        result = service.comparison(run, indicator_id, service.parse_period(period, run))
    except service.NoData as exc:
        raise HttpError(404, str(exc)) from None
    units = records(result.table.drop(columns=["label_text"]))
    return {
        "indicator": indicator_id,
        "period": result.period.strftime("%Y-%m"),
        "summary": {k: v for k, v in result.summary.items() if k != "shrinkage"},
        "units": units,
    }
