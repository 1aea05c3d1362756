"""Benchmark indicators under /api/v1/indicators/: the catalogue and one period's comparison.

Aggregates only, suppressed by the core (``core.stats.suppression``); every staff role may read
them. A hidden unit has ``suppressed: true`` and null in every figure derived from it (its
denominator stays unless that is hidden too); a mean or a ratio has null in the columns that
only a proportion has. The caller's own municipality is exact for its own staff, as on the
pages (``own: true`` where others see it hidden); every other unit is as published.
"""

from __future__ import annotations

from typing import Any

from ninja import Router, Schema
from ninja.errors import HttpError

from fleksjob.api.errors import errors
from fleksjob.benchmarking import service
from fleksjob.benchmarking.frames import records

router = Router(tags=["indicators"])


class UnitOut(Schema):
    unit_id: str
    unit_name: str
    numerator: float | None
    denominator: float | None
    value: float | None
    wilson_lower95: float | None = None
    wilson_upper95: float | None = None
    lower95: float | None = None
    upper95: float | None = None
    lower998: float | None = None
    upper998: float | None = None
    z: float | None = None
    flag: str | None = None
    label: str | None
    shrunk_rate: float | None = None
    shrunk_lower95: float | None = None
    shrunk_upper95: float | None = None
    rank: int | None = None
    rank_lower: int | None = None
    rank_upper: int | None = None
    suppressed: bool
    own: bool = False  # the caller's own municipality, exact for its own staff


class ComparisonOut(Schema):
    indicator: str
    period: str
    summary: dict[str, Any]
    units: list[UnitOut]


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
    response={200: ComparisonOut, **errors(404, 422)},
    summary="Alle kommuner for én indikator og måned (ÅÅÅÅ-MM)",
)
def indicator_comparison(request, indicator_id: str, period: str | None = None) -> dict[str, Any]:
    try:
        run = service.current_run()
        result = service.comparison(run, indicator_id, service.parse_period(period, run))
    except service.NoData as exc:
        raise HttpError(404, str(exc)) from None
    table = service.viewer_table(request.user, run, result)
    units = records(table.drop(columns=["label_text"]))
    return {
        "indicator": indicator_id,
        "period": result.period.strftime("%Y-%m"),
        "summary": {k: v for k, v in result.summary.items() if k != "shrinkage"},
        "units": units,
    }
