"""Dates, shares and chart locales in the page's language (fleksjob.ui.formats)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from django.template import engines
from django.utils import translation

from fleksjob.benchmarking.charts import funnel_chart, trend_chart
from fleksjob.ui import formats


def _render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return engines["django"].from_string(source).render(context)


@pytest.mark.parametrize(
    ("day", "danish", "english"),
    [
        (dt.date(2026, 10, 22), "22. okt. 2026", "22 Oct 2026"),
        (dt.date(2026, 5, 1), "1. maj 2026", "1 May 2026"),  # "maj" is whole: no full stop
        (dt.date(2027, 9, 9), "9. sep. 2027", "9 Sep 2027"),
    ],
)
def test_short_date_in_each_language(day, danish, english):
    assert _render("{{ d|short_date }}", "da", d=day) == danish
    assert _render("{{ d|short_date }}", "en", d=day) == english


def test_datetime_is_local_time():
    moment = dt.datetime(2026, 10, 22, 12, 5, tzinfo=dt.UTC)  # 14:05 in Copenhagen (CEST)
    assert _render("{{ m|short_datetime }}", "da", m=moment) == "22. okt. 2026 14:05"
    assert _render("{{ m|short_datetime }}", "en", m=moment) == "22 Oct 2026 14:05"


def test_months_of_dates_and_iso_periods():
    assert _render("{{ p|month_year }}", "da", p="2026-10") == "okt. 2026"
    assert _render("{{ p|month_year }}", "en", p="2026-10-01") == "Oct 2026"
    assert _render("{{ p|long_month_year }}", "da", p=dt.date(2026, 3, 1)) == "marts 2026"
    assert _render("{{ p|long_month_year }}", "en", p=dt.date(2026, 3, 1)) == "March 2026"
    assert _render("{{ p|short_date }}|{{ p|month_year }}", "da", p=None) == "|"


def test_shares_read_as_per_cent():
    assert _render("{{ s|percent }}", "da", s=0.4444) == "44,4\u00a0%"
    assert _render("{{ s|percent }}", "en", s=0.4444) == "44.4%"
    assert _render("{{ s|percent:0 }}", "da", s=0.126) == "13\u00a0%"
    assert _render("{{ s|indicator_value:'share' }}", "da", s=0.14) == "14,0\u00a0%"
    assert _render("{{ s|indicator_value:'hours_per_week' }}", "da", s=17.25) == "17,2"
    assert _render("{{ s|indicator_value:'hours_per_week' }}", "en", s=17.25) == "17.2"
    assert _render("{{ s|percent }}", "da", s=None) == ""


def test_every_month_name_matches_d3s_own_locale_apart_from_the_full_stop():
    # d3-time-format's da-DK.json: the same months, abbreviations without the full stop.
    d3_short = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
    assert [m.rstrip(".") for m in formats.MONTHS_SHORT["da"]] == d3_short
    assert formats.MONTHS["da"][2] == "marts"


def test_charts_carry_the_pages_locale_and_shares_as_per_cent():
    table = pd.DataFrame(
        {
            "unit_name": ["Lejre", "Aarhus"],
            "denominator": [100.0, 900.0],
            "value": [0.25, 0.31],
            "label": ["similar", "worse"],
            "label_text": ["Som forventet", "Dårligere"],
        }
    )
    limits = pd.DataFrame(
        {
            "denominator": [100.0, 900.0],
            "lower95": [0.2, 0.25],
            "upper95": [0.4, 0.35],
            "lower998": [0.15, 0.22],
            "upper998": [0.45, 0.38],
        }
    )
    with translation.override("da"):
        spec = funnel_chart(table, limits, "Andel", "share")
        trend = trend_chart([{"period": "2026-01-01", "series": "Lejre", "value": 0.2}], "Andel")
    locale = spec["config"]["locale"]
    assert locale["number"]["decimal"] == "," and locale["number"]["thousands"] == "."
    assert locale["number"]["percent"] == "\u00a0%"
    assert locale["time"]["shortMonths"][9] == "okt." and locale["time"]["months"][4] == "maj"
    points = spec["layer"][1]["encoding"]
    assert points["y"]["axis"]["format"] == ".0%"
    assert {t.get("format") for t in points["tooltip"]} >= {".1%"}
    assert trend["encoding"]["y"]["axis"]["format"] == ".0%"
    assert trend["config"]["locale"]["time"]["months"][0] == "januar"
    with translation.override("en"):
        english = funnel_chart(table, limits, "Share", "hours_per_week")
    assert english["config"]["locale"]["number"]["decimal"] == "."
    assert english["config"]["locale"]["time"]["shortMonths"][9] == "Oct"
    assert "format" not in english["layer"][1]["encoding"]["y"]["axis"]


def test_the_fast_floatformat_writes_what_djangos_writes():
    # The templates' floatformat is our own fast path; Django's filter is the reference, on
    # values at every rounding edge, in both languages, with every argument the templates use.
    import random
    from decimal import Decimal

    from django.template import defaultfilters
    from django.template.base import Parser

    builtins = engines["django"].engine.template_builtins
    assert Parser([], builtins=builtins).filters["floatformat"].__module__.startswith("fleksjob")
    rng = random.Random(14)
    values = [0, -0.0, 0.5, 1.5, 2.5, -2.5, 2.675, 1.005, 0.045, -0.004, 999.5, 1234567.891]
    values += [12345, -12345, 10**12, Decimal("1E+3"), Decimal("-0.000"), Decimal("3.14159")]
    values += [float("nan"), float("inf"), True, None, "", "12.5", "abc"]
    values += [round(rng.uniform(-1e6, 1e6), rng.randint(0, 6)) for _ in range(400)]
    values += [Decimal(rng.randint(-(10**8), 10**8)).scaleb(-rng.randint(0, 5)) for _ in range(200)]
    args = ["0g", "0", "1", "2", "-1", "-2", "1g", "2g", 0, 1, 2, -1, "2u", "x"]
    for language in ("da", "en"):
        with translation.override(language):
            for value in values:
                for arg in args:
                    reference = defaultfilters.floatformat(value, arg)
                    rendered = _render("{{ v|floatformat:a }}", language, v=value, a=arg)
                    assert rendered == reference, (language, value, arg)
    with translation.override("da"):
        assert formats.floatformat(1234567.5, "0g") == "1.234.568"
        assert formats.floatformat(0.125, "2") == "0,13"
