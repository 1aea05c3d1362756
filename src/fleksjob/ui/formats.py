"""Dates, shares and chart locales in the page's language (Danish first, English second).

Django's own ``date`` filter writes the Danish month abbreviation capitalised ("22. Okt 2026",
``M`` title-cases it); Danish writes "22. okt. 2026". The abbreviations are CLDR's (``da``:
abbreviated format months; ``maj`` is the whole word and has no full stop). Numbers in templates
go through Django's localisation (``floatformat`` writes "0,444" in Danish); shares that people
read as per cent go through ``percent`` ("44,4 %" / "44.4%").

Charts are Vega-Lite specs drawn in the browser by d3-format and d3-time-format, which speak US
English unless told otherwise: ``chart_locale`` is the ``config.locale`` every chart carries
(``fleksjob.ui.charts.localised``). The definitions are d3's own locale files (d3-format 3.1.3
``locale/da-DK.json`` and ``en-GB.json``, d3-time-format 4.1.1 ``locale/da-DK.json`` and
``en-GB.json``, ISC licence, as installed from npm), with two changes for Danish: the month
abbreviations are CLDR's (with the full stop, as in the tables) and per cent has the space
Danish puts before the sign ("44,4 %", as Dansk Sprognævn recommends).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

from django.utils import formats
from django.utils.translation import get_language

MONTHS_SHORT = {
    "da": (
        "jan.",
        "feb.",
        "mar.",
        "apr.",
        "maj",
        "jun.",
        "jul.",
        "aug.",
        "sep.",
        "okt.",
        "nov.",
        "dec.",
    ),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
MONTHS = {
    "da": (
        "januar",
        "februar",
        "marts",
        "april",
        "maj",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
DAYS = {
    "da": ("søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"),
    "en": ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"),
}
SHORT_DAYS = {
    "da": ("søn.", "man.", "tir.", "ons.", "tor.", "fre.", "lør."),
    "en": ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"),
}
NUMBER_LOCALE = {
    "da": {
        "decimal": ",",
        "thousands": ".",
        "grouping": [3],
        "currency": ["", "\u00a0kr."],
        "percent": "\u00a0%",
    },
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", "\u00a0kr."]},
}
TIME_LOCALE = {
    "da": {"dateTime": "%A den %d. %B %Y %X", "date": "%d.%m.%Y", "time": "%H:%M:%S"},
    "en": {"dateTime": "%a %e %b %X %Y", "date": "%d/%m/%Y", "time": "%H:%M:%S"},
}


def language() -> str:
    """The page's language: ``"en"`` or ``"da"`` (the default)."""
    return "en" if (get_language() or "da").startswith("en") else "da"


def _day(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        return timezone.localtime(value) if timezone.is_aware(value) else value
    return value


def date(value: dt.date | dt.datetime | None, lang: str | None = None) -> str:
    """ "22. okt. 2026" in Danish, "22 Oct 2026" in English; "" for no date."""
    if value is None or value == "":
        return ""
    day = _day(value)
    lang = lang or language()
    month = MONTHS_SHORT[lang][day.month - 1]
    return f"{day.day}. {month} {day.year}" if lang == "da" else f"{day.day} {month} {day.year}"


def date_time(value: dt.datetime | None, lang: str | None = None) -> str:
    """The date and the local time: "22. okt. 2026 14:05" / "22 Oct 2026 14:05"."""
    if value is None or value == "":
        return ""
    moment = _day(value)
    return f"{date(moment, lang)} {moment:%H:%M}"


def month(value: dt.date | str | None, lang: str | None = None, *, full: bool = False) -> str:
    """The month and year: "okt. 2026" (``full``: "oktober 2026") / "Oct 2026"; a period
    given as ISO text ("2026-10" or "2026-10-01") is read first."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:7] + "-01")
    day = _day(value)
    lang = lang or language()
    names = MONTHS if full else MONTHS_SHORT
    return f"{names[lang][day.month - 1]} {day.year}"


def percent(value: float | Decimal | None, digits: int = 1) -> str:
    """A share (a fraction in [0, 1]) as per cent in the page's language: "44,4 %" / "44.4%";
    "" for no value."""
    if value is None or value == "":
        return ""
    number = formats.number_format(round(float(value) * 100, digits), digits, use_l10n=True)
    return f"{number}\u00a0%" if language() == "da" else f"{number}%"


def indicator_value(value: float | None, unit: str) -> str:
    """An indicator's value as its unit reads: a share as per cent, hours and other ratios
    with one decimal (all in the page's language)."""
    if value is None or value == "":
        return ""
    if unit == "share":
        return percent(value)
    return formats.number_format(round(float(value), 1), 1, use_l10n=True)


def chart_locale(lang: str | None = None) -> dict:
    """Vega's ``config.locale`` for the language: d3-format and d3-time-format definitions."""
    lang = lang or language()
    return {
        "number": dict(NUMBER_LOCALE[lang]),
        "time": {
            **TIME_LOCALE[lang],
            "periods": ["AM", "PM"],
            "days": list(DAYS[lang]),
            "shortDays": list(SHORT_DAYS[lang]),
            "months": list(MONTHS[lang]),
            "shortMonths": list(MONTHS_SHORT[lang]),
        },
    }


# Django's ``floatformat`` filter, for the arguments the templates use ("0g", "2", "-1", ...),
# without its per-call locale lookups: a table of whole kroner called it 300 times a page (a
# third of the calculator's time). Same rounding (half up, on the number's decimal text), same
# separators; anything else goes to Django's own (tests/web/test_formats.py holds the two equal).
_SEPARATORS: dict[str, tuple[str, str]] = {}


def _separators(lang: str) -> tuple[str, str]:
    if lang not in _SEPARATORS:
        _SEPARATORS[lang] = (
            formats.get_format("DECIMAL_SEPARATOR", lang, use_l10n=True),
            formats.get_format("THOUSAND_SEPARATOR", lang, use_l10n=True),
        )
    return _SEPARATORS[lang]


def floatformat(value: object, arg: object = -1) -> str | None:
    """``value`` with ``arg`` decimals as Django's ``floatformat`` writes it, or None when the
    value or the argument is one this fast path does not take (the caller then asks Django)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    text = str(arg)
    grouping = text.endswith("g")
    try:
        places = int(text[:-1] if grouping else text)
    except ValueError:
        return None
    try:
        number = Decimal(str(value))
        whole = int(number) == number
    except (InvalidOperation, ValueError, OverflowError):
        return None
    if whole and places <= 0:
        digits, rounded = 0, number.to_integral_value()
    else:
        digits = abs(places)
        exact = Decimal(1).scaleb(-digits)
        rounded = number.quantize(exact, ROUND_HALF_UP, Context(prec=max(28, digits + 40)))
    if not rounded:
        rounded = abs(rounded)  # no "-0"
    decimal_sep, thousand_sep = _separators(language())
    body = f"{rounded:,.{digits}f}" if grouping else f"{rounded:.{digits}f}"
    return body.translate({ord(","): thousand_sep, ord("."): decimal_sep})
