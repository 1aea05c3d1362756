"""Vega-Lite specification of income by weekly hours (the calculator page)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from fleksjob.ui.charts import SCHEMA, localised


def income_by_hours_chart(rows: list[dict], kink_hours: int | None) -> dict:
    """Stacked wage and subsidy per month for each weekly hour; below it the gain of one more
    hour, so it is plain where an extra hour pays off and where it pays little."""
    values = []
    for row in rows:
        h = row["hours_per_week"]
        values.append({"hours": h, "part": _("Løn"), "amount": row["wage_income"], "order": 1})
        values.append(
            {"hours": h, "part": _("Fleksløntilskud"), "amount": row["subsidy"], "order": 2}
        )
    gains = [
        {"hours": r["hours_per_week"], "gain": r["marginal_gain"]}
        for r in rows
        if r["marginal_gain"] is not None
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
                                "color": {"field": "part", "type": "nominal", "title": None},
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
                        *kink_layer,
                    ],
                },
                {
                    "width": "container",
                    "height": 140,
                    "title": _("Gevinst ved én time mere pr. uge"),
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
