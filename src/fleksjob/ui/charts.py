"""Vega-Lite chart specifications built on the server (the page shows a table beside each)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from fleksjob.core.records.limits import MAX_WEEKLY_HOURS
from fleksjob.ui.formats import chart_locale

# The Vega-Lite version the npm package serves (vega-lite 6); every chart names it.
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
# d3-format specifiers: a share as per cent on axes (whole) and in tooltips (one decimal).
PERCENT_AXIS = ".0%"
PERCENT_TIP = ".1%"


def localised(spec: dict) -> dict:
    """The spec with the page's number and time locale (``config.locale``): decimal comma,
    thousands dot, per cent with a space and Danish month names on time axes in Danish."""
    config = dict(spec.get("config") or {})
    config["locale"] = chart_locale()
    return {**spec, "config": config}


def value_formats(unit: str) -> tuple[dict, str]:
    """(axis settings, tooltip format) for an indicator's unit: shares as per cent."""
    if unit == "share":
        return {"format": PERCENT_AXIS}, PERCENT_TIP
    return {}, ",.2f" if unit == "ratio" else ",.1f"


def hours_progression(
    actual: list[tuple[dt.date, float]], planned: list[tuple[dt.date, float]], today: dt.date
) -> dict:
    """Weekly hours over time: actual hours as a step line, the plan's hours steps as points."""
    labels = {"actual": _("Faktisk"), "planned": _("Planlagt")}

    def row(day: dt.date, hours: float, kind: str) -> dict:
        return {"date": day.isoformat(), "hours": hours, "kind": kind, "series": labels[kind]}

    rows = [row(d, h, "actual") for d, h in actual]
    if actual:  # carry the current hours to today so the last step is visible
        rows.append(row(today, actual[-1][1], "actual"))
    rows += [row(d, h, "planned") for d, h in planned]
    hours_title = _("Timer pr. uge")
    return localised(
        {
            "$schema": SCHEMA,
            "width": "container",
            "height": 220,
            "data": {"values": rows},
            "encoding": {
                "x": {"field": "date", "type": "temporal", "title": None},
                "y": {
                    "field": "hours",
                    "type": "quantitative",
                    "title": hours_title,
                    "scale": {"domain": [0, MAX_WEEKLY_HOURS]},
                },
                "color": {"field": "series", "type": "nominal", "title": None},
            },
            # A layer only for a series that has rows: an empty layer leaves an unnamed ARIA
            # "graphics-symbol" group in the SVG (axe: svg-img-alt).
            "layer": [
                *(
                    [
                        {
                            "mark": {"type": "line", "interpolate": "step-after"},
                            "transform": [{"filter": "datum.kind == 'actual'"}],
                        }
                    ]
                    if actual
                    else []
                ),
                *(
                    [
                        {
                            "mark": {"type": "point", "filled": True, "size": 80},
                            "transform": [{"filter": "datum.kind == 'planned'"}],
                        }
                    ]
                    if planned
                    else []
                ),
            ],
        }
    )
