"""Vega-Lite specifications for the benchmarking pages (each page has the same data as a table)."""

from __future__ import annotations

import pandas as pd
from django.utils.translation import gettext as _

from fleksjob.benchmarking.frames import records
from fleksjob.ui.charts import SCHEMA, localised, value_formats

LABEL_COLOURS = {
    "better": "#008139",
    "similar": "#747474",
    "worse": "#b51d09",
    "higher": "#0059b3",
    "lower": "#6f42c1",
    "not_compared": "#bfbfbf",
}


def _colour(table: pd.DataFrame) -> dict:
    present = [code for code in LABEL_COLOURS if code in set(table["label"])]
    names = {code: table.loc[table["label"] == code, "label_text"].iloc[0] for code in present}
    return {
        "field": "label_text",
        "type": "nominal",
        "title": None,
        "scale": {
            "domain": [names[c] for c in present],
            "range": [LABEL_COLOURS[c] for c in present],
        },
    }


def _funnel(
    table: pd.DataFrame,
    limits: pd.DataFrame,
    x_field: str,
    x_title: str,
    y_field: str,
    y_title: str,
    unit: str,
) -> dict:
    """Points (coloured by label) over the 95 % and 99.8 % limit lines of a funnel plot."""
    axis, tip = value_formats(unit)
    points = records(
        table.dropna(subset=[y_field, x_field]), ["unit_name", x_field, y_field, "label_text"]
    )
    lines = [
        {
            x_field: row[x_field],
            "limit": row[side],
            "side": side,
            "band": "95 %" if side.endswith("95") else "99,8 %",
        }
        for row in limits.to_dict("records")
        for side in ("lower95", "upper95", "lower998", "upper998")
    ]
    x = {"field": x_field, "type": "quantitative", "scale": {"type": "log"}, "title": x_title}
    return localised(
        {
            "$schema": SCHEMA,
            "width": "container",
            "height": 340,
            "layer": [
                {
                    "data": {"values": lines},
                    "mark": {"type": "line", "strokeDash": [4, 3]},
                    "encoding": {
                        "x": x,
                        "y": {"field": "limit", "type": "quantitative", "axis": axis},
                        "detail": {"field": "side"},
                        "color": {"value": "#333"},
                        "strokeOpacity": {
                            "field": "band",
                            "type": "nominal",
                            "title": _("Grænser"),
                            "scale": {"range": [0.9, 0.5]},
                        },
                    },
                },
                {
                    "data": {"values": points},
                    "mark": {"type": "circle", "size": 60, "opacity": 0.85},
                    "encoding": {
                        "x": x,
                        "y": {
                            "field": y_field,
                            "type": "quantitative",
                            "title": y_title,
                            "axis": axis,
                        },
                        "color": _colour(table),
                        "tooltip": [
                            {"field": "unit_name", "title": _("Kommune")},
                            {"field": y_field, "format": tip, "title": y_title},
                            {"field": x_field, "format": ",.0f", "title": x_title},
                            {"field": "label_text", "title": _("Vurdering")},
                        ],
                    },
                },
            ],
        }
    )


def funnel_chart(
    table: pd.DataFrame, limits: pd.DataFrame, value_title: str, unit: str = "share"
) -> dict:
    """The rate against the number of citizens, with the overdispersion-adjusted limits."""
    return _funnel(
        table, limits, "denominator", _("Antal borgere (nævner)"), "value", value_title, unit
    )


def ranked_chart(table: pd.DataFrame, value_title: str, unit: str = "share") -> dict:
    """Shrunk rate with its 95 % interval per municipality, sorted; the raw rate as a tick."""
    axis, tip = value_formats(unit)
    rows = table.dropna(subset=["shrunk_rate"]).sort_values("shrunk_rate")
    values = records(
        rows,
        [
            "unit_name",
            "value",
            "shrunk_rate",
            "shrunk_lower95",
            "shrunk_upper95",
            "label_text",
            "label",
        ],
    )
    y = {"field": "unit_name", "type": "nominal", "sort": None, "title": None}
    return localised(
        {
            "$schema": SCHEMA,
            "width": "container",
            "height": max(200, 11 * len(values)),
            "data": {"values": values},
            "layer": [
                {
                    "mark": "rule",
                    "encoding": {
                        "y": y,
                        "x": {
                            "field": "shrunk_lower95",
                            "type": "quantitative",
                            "title": value_title,
                            "axis": axis,
                        },
                        "x2": {"field": "shrunk_upper95"},
                        "color": _colour(table),
                    },
                },
                {
                    "mark": {"type": "point", "filled": True},
                    "encoding": {
                        "y": y,
                        "x": {"field": "shrunk_rate", "type": "quantitative"},
                        "color": _colour(table),
                        "tooltip": [
                            {"field": "unit_name", "title": _("Kommune")},
                            {"field": "shrunk_rate", "format": tip, "title": _("Udjævnet")},
                            {"field": "value", "format": tip, "title": _("Værdi")},
                        ],
                    },
                },
                {
                    "mark": {"type": "tick", "color": "#333", "thickness": 1},
                    "encoding": {"y": y, "x": {"field": "value", "type": "quantitative"}},
                },
            ],
        }
    )


def trend_chart(lines: list[dict], value_title: str, unit: str = "share") -> dict:
    """lines: {"period", "series", "value"} rows (the municipality, its peers' median, country).
    A month with value None breaks the line (``invalid``): a gap is shown, not bridged."""
    axis, tip = value_formats(unit)
    return localised(
        {
            "$schema": SCHEMA,
            "width": "container",
            "height": 260,
            "data": {"values": lines},
            "mark": {"type": "line", "point": True, "invalid": "break-paths-filter-domains"},
            "encoding": {
                "x": {"field": "period", "type": "temporal", "title": None},
                "y": {"field": "value", "type": "quantitative", "title": value_title, "axis": axis},
                "color": {"field": "series", "type": "nominal", "title": None},
                "tooltip": [
                    {"field": "series", "title": _("Serie")},
                    {"field": "period", "type": "temporal", "format": "%b %Y", "title": _("Måned")},
                    {"field": "value", "format": tip, "title": value_title},
                ],
            },
        }
    )


def oe_funnel_chart(table: pd.DataFrame, limits: pd.DataFrame) -> dict:
    """Risk-adjusted O/E against the expected count, with exact Poisson limits around 1."""
    return _funnel(
        table,
        limits,
        "expected",
        _("Forventet antal på ledighedsydelse"),
        "oe",
        _("Observeret / forventet"),
        "ratio",
    )
