"""Vega-Lite specification of a pool's projected spend by month against its cap."""

from __future__ import annotations

from django.utils.translation import gettext as _

from fleksjob.ui.charts import SCHEMA, localised


def spend_chart(months: list[dict], cap: int) -> dict:
    """Bars of each month's spend, a line of the cumulative spend and a rule at the cap."""
    total = 0
    values = []
    for row in months:
        total += row["amount"]
        values.append(
            {"month": row["month"].isoformat(), "amount": row["amount"], "cumulative": total}
        )
    x = {"field": "month", "type": "temporal", "timeUnit": "month", "title": _("Måned")}
    return localised(
        {
            "$schema": SCHEMA,
            "width": "container",
            "height": 220,
            "data": {"values": values},
            "layer": [
                {
                    "mark": {"type": "bar", "color": "#0059b3"},
                    "encoding": {
                        "x": x,
                        "y": {"field": "amount", "type": "quantitative", "title": _("kr.")},
                        "tooltip": [
                            {"field": "month", "type": "temporal", "timeUnit": "month"},
                            {"field": "amount", "title": _("Udgift"), "format": ",.0f"},
                        ],
                    },
                },
                {
                    "mark": {"type": "line", "point": True, "color": "#000000"},
                    "encoding": {
                        "x": x,
                        "y": {"field": "cumulative", "type": "quantitative"},
                        "tooltip": [
                            {"field": "cumulative", "title": _("Akkumuleret"), "format": ",.0f"}
                        ],
                    },
                },
                {
                    "data": {"values": [{"cap": cap}]},
                    "mark": {"type": "rule", "strokeDash": [4, 4], "color": "#c00"},
                    "encoding": {"y": {"field": "cap", "type": "quantitative"}},
                },
            ],
        }
    )
