"""Vega-Lite specification of income by weekly hours (the calculator page)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from fleksjob.ui.charts import SCHEMA, localised


def income_by_hours_chart(rows: list[dict], kink_hours: int | None, net: bool = False) -> dict:
    """Stacked wage and subsidy per month for each weekly hour; below it the gain of one more
    hour, so it is plain where an extra hour pays off and where it pays little. With ``net`` the
    income after tax is a line over the bars and the gain is the gain after tax."""
    values = []
    for row in rows:
        h = row["hours_per_week"]
        values.append({"hours": h, "part": _("Løn"), "amount": row["wage_income"], "order": 1})
        values.append(
            {"hours": h, "part": _("Fleksløntilskud"), "amount": row["subsidy"], "order": 2}
        )
    gain_key = "marginal_net_gain" if net else "marginal_gain"
    gains = [
        {"hours": r["hours_per_week"], "gain": r[gain_key]} for r in rows if r[gain_key] is not None
    ]
    x = {"field": "hours", "type": "ordinal", "title": _("Timer pr. uge")}
    kink_layer = (
        [
            {
                "mark": {"type": "rule", "strokeDash": [4, 4]},
                "data": {"values": [{"hours": kink_hours}]},
                "encoding": {"x": x},
            }
        ]
        if kink_hours
        else []
    )
    net_layer = (
        [
            {
                "data": {
                    "values": [{"hours": r["hours_per_week"], "net": r["net_income"]} for r in rows]
                },
                "mark": {"type": "line", "point": True, "color": "#000000"},
                "encoding": {
                    "x": x,
                    "y": {"field": "net", "type": "quantitative"},
                    "tooltip": [
                        {"field": "hours", "title": _("Timer pr. uge")},
                        {"field": "net", "title": _("Netto efter skat"), "format": ",.0f"},
                    ],
                },
            }
        ]
        if net
        else []
    )
    return localised(
        {
            "$schema": SCHEMA,
            "vconcat": [
                {
                    "width": "container",
                    "height": 240,
                    "title": _("Indkomst pr. måned"),
                    "layer": [
                        {
                            "data": {"values": values},
                            "mark": "bar",
                            "encoding": {
                                "x": x,
                                "y": {
                                    "field": "amount",
                                    "type": "quantitative",
                                    "stack": "zero",
                                    "title": _("kr. pr. måned"),
                                },
                                "color": {
                                    "field": "part",
                                    "type": "nominal",
                                    "title": None,
                                    "legend": {"orient": "bottom"},  # narrow screens
                                },
                                "order": {"field": "order"},
                                "tooltip": [
                                    {"field": "part", "title": _("Del")},
                                    {
                                        "field": "amount",
                                        "format": ",.0f",
                                        "title": _("kr. pr. måned"),
                                    },
                                ],
                            },
                        },
                        *net_layer,
                        *kink_layer,
                    ],
                },
                {
                    "width": "container",
                    "height": 140,
                    "title": _("Gevinst efter skat ved én time mere pr. uge")
                    if net
                    else _("Gevinst ved én time mere pr. uge"),
                    "data": {"values": gains},
                    "mark": "bar",
                    "encoding": {
                        "x": x,
                        "y": {"field": "gain", "type": "quantitative", "title": _("kr. pr. måned")},
                        "tooltip": [
                            {"field": "hours", "title": _("Timer pr. uge")},
                            {"field": "gain", "format": ",.0f", "title": _("kr. pr. måned")},
                        ],
                    },
                },
            ],
        }
    )


def scenarios_chart(series: list[tuple[str, list[dict]]]) -> dict:
    """Net cost per year of each scenario as a line, with its interval as a band."""
    values = [
        {
            "scenario": name,
            "year": str(row["year"]),
            "net": row["net_cost"],
            "low": row["low"],
            "high": row["high"],
        }
        for name, years in series
        for row in years
    ]
    x = {"field": "year", "type": "ordinal", "title": _("År")}
    colour = {"field": "scenario", "type": "nominal", "title": _("Scenarie")}
    return localised(
        {
            "$schema": SCHEMA,
            "data": {"values": values},
            "width": "container",
            "layer": [
                {
                    "mark": {"type": "area", "opacity": 0.2},
                    "encoding": {
                        "x": x,
                        "y": {"field": "low", "type": "quantitative"},
                        "y2": {"field": "high"},
                        "color": colour,
                    },
                },
                {
                    "mark": {"type": "line", "point": True},
                    "encoding": {
                        "x": x,
                        "y": {
                            "field": "net",
                            "type": "quantitative",
                            "title": _("Nettoudgift (kr. pr. år)"),
                        },
                        "color": colour,
                        "tooltip": [
                            {"field": "scenario", "title": _("Scenarie")},
                            {"field": "year", "title": _("År")},
                            {"field": "net", "title": _("Nettoudgift"), "format": ",.0f"},
                            {"field": "low", "title": _("Interval fra"), "format": ",.0f"},
                            {"field": "high", "title": _("Interval til"), "format": ",.0f"},
                        ],
                    },
                },
            ],
        }
    )
