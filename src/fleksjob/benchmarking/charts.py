"""Vega-Lite specifications for the benchmarking pages (each page has the same data as a table)."""

from __future__ import annotations

import math

import pandas as pd
from django.utils.translation import gettext as _

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
LABEL_COLOURS = {
    "better": "#008139",
    "similar": "#747474",
    "worse": "#b51d09",
    "higher": "#0059b3",
    "lower": "#6f42c1",
    "not_compared": "#bfbfbf",
}


def _clean(value):
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def _records(frame: pd.DataFrame, columns: list[str]) -> list[dict]:
    return [{c: _clean(row[c]) for c in columns} for row in frame[columns].to_dict("records")]


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


def funnel_chart(table: pd.DataFrame, limits: pd.DataFrame, value_title: str) -> dict:
    points = _records(
        table.dropna(subset=["value", "denominator"]),
        ["unit_name", "denominator", "value", "label_text", "label"],
    )
    lines = []
    for row in limits.to_dict("records"):
        for key, name in (
            ("lower95", "95 %"),
            ("upper95", "95 %"),
            ("lower998", "99,8 %"),
            ("upper998", "99,8 %"),
        ):
            lines.append(
                {"denominator": row["denominator"], "limit": row[key], "band": name, "side": key}
            )
    x = {
        "field": "denominator",
        "type": "quantitative",
        "scale": {"type": "log"},
        "title": _("Antal borgere (nævner)"),
    }
    return {
        "$schema": SCHEMA,
        "width": "container",
        "height": 360,
        "layer": [
            {
                "data": {"values": lines},
                "mark": {"type": "line", "strokeDash": [4, 3]},
                "encoding": {
                    "x": x,
                    "y": {"field": "limit", "type": "quantitative"},
                    "detail": {"field": "side"},
                    "strokeOpacity": {
                        "field": "band",
                        "type": "nominal",
                        "title": _("Grænser"),
                        "scale": {"range": [0.9, 0.5]},
                    },
                    "color": {"value": "#333"},
                },
            },
            {
                "data": {"values": points},
                "mark": {"type": "circle", "size": 60, "opacity": 0.85},
                "encoding": {
                    "x": x,
                    "y": {"field": "value", "type": "quantitative", "title": value_title},
                    "color": _colour(table),
                    "tooltip": [
                        {"field": "unit_name", "title": _("Kommune")},
                        {"field": "value", "format": ".3f"},
                        {"field": "denominator"},
                        {"field": "label_text"},
                    ],
                },
            },
        ],
    }


def ranked_chart(table: pd.DataFrame, value_title: str) -> dict:
    """Shrunk rate with its 95 % interval per municipality, sorted; the raw rate as a tick."""
    rows = table.dropna(subset=["shrunk_rate"]).sort_values("shrunk_rate")
    values = _records(
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
    return {
        "$schema": SCHEMA,
        "width": "container",
        "height": max(200, 11 * len(values)),
        "data": {"values": values},
        "layer": [
            {
                "mark": "rule",
                "encoding": {
                    "y": y,
                    "x": {"field": "shrunk_lower95", "type": "quantitative", "title": value_title},
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
                        {"field": "unit_name"},
                        {"field": "shrunk_rate", "format": ".3f"},
                        {"field": "value", "format": ".3f"},
                    ],
                },
            },
            {
                "mark": {"type": "tick", "color": "#333", "thickness": 1},
                "encoding": {"y": y, "x": {"field": "value", "type": "quantitative"}},
            },
        ],
    }


def trend_chart(lines: list[dict], value_title: str) -> dict:
    """lines: {"period", "series", "value"} rows (the municipality, its peers' median, country)."""
    return {
        "$schema": SCHEMA,
        "width": "container",
        "height": 260,
        "data": {"values": lines},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "period", "type": "temporal", "title": None},
            "y": {"field": "value", "type": "quantitative", "title": value_title},
            "color": {"field": "series", "type": "nominal", "title": None},
            "tooltip": [
                {"field": "series"},
                {"field": "period", "type": "temporal"},
                {"field": "value", "format": ".3f"},
            ],
        },
    }


def oe_funnel_chart(table: pd.DataFrame, limits: pd.DataFrame) -> dict:
    """Risk-adjusted O/E against the expected count, with exact Poisson limits around 1."""
    points = _records(table.dropna(subset=["oe"]), ["unit_name", "expected", "oe", "label_text"])
    lines = [
        {
            "expected": row["expected"],
            "limit": row[key],
            "band": "95 %" if "95" in key[-2:] else "99,8 %",
            "side": key,
        }
        for row in limits.to_dict("records")
        for key in ("lower95", "upper95", "lower998", "upper998")
    ]
    x = {
        "field": "expected",
        "type": "quantitative",
        "scale": {"type": "log"},
        "title": _("Forventet antal på ledighedsydelse"),
    }
    return {
        "$schema": SCHEMA,
        "width": "container",
        "height": 320,
        "layer": [
            {
                "data": {"values": lines},
                "mark": {"type": "line", "strokeDash": [4, 3]},
                "encoding": {
                    "x": x,
                    "y": {"field": "limit", "type": "quantitative"},
                    "detail": {"field": "side"},
                    "color": {"value": "#333"},
                },
            },
            {
                "data": {"values": points},
                "mark": {"type": "circle", "size": 60},
                "encoding": {
                    "x": x,
                    "y": {
                        "field": "oe",
                        "type": "quantitative",
                        "title": _("Observeret / forventet"),
                    },
                    "color": _colour(table),
                    "tooltip": [
                        {"field": "unit_name"},
                        {"field": "oe", "format": ".2f"},
                        {"field": "expected", "format": ".0f"},
                    ],
                },
            },
        ],
    }
