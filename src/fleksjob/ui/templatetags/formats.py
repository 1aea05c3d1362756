"""Template filters for dates and shares in the page's language (``fleksjob.ui.formats``).

Installed as a template builtin (settings ``TEMPLATES``), so every template has them:
``{{ day|short_date }}`` → "22. okt. 2026", ``{{ moment|short_datetime }}`` →
"22. okt. 2026 14:05", ``{{ day|month_year }}`` → "okt. 2026", ``{{ day|long_month_year }}`` →
"oktober 2026" (also of an ISO period, "2026-10"), ``{{ share|percent }}`` → "44,4 %"
(``percent:0`` → "44 %"), ``{{ value|indicator_value:indicator.unit }}`` → a share as per cent,
other units with one decimal; ``{{ reason|match_reason }}`` and ``{{ reason|outreach_reason }}``
show the reasons the core writes in Danish in English on an English page;
``{{ key|accommodation }}`` a skånehensyn key's label. ``floatformat`` is Django's, faster for
numbers.
"""

from __future__ import annotations

from django import template
from django.template import defaultfilters
from django.utils.safestring import mark_safe

from fleksjob.core.casework import outreach
from fleksjob.core.matching import explain
from fleksjob.core.matching.taxonomy import ACCOMMODATIONS
from fleksjob.ui import formats

register = template.Library()


@register.filter(is_safe=True)
def floatformat(value, arg=-1):
    """Django's ``floatformat`` (it replaces the built-in one), faster for numbers."""
    fast = formats.floatformat(value, arg)
    return defaultfilters.floatformat(value, arg) if fast is None else mark_safe(fast)  # noqa: S308


@register.filter
def short_date(value):
    return formats.date(value)


@register.filter
def short_datetime(value):
    return formats.date_time(value)


@register.filter
def month_year(value):
    return formats.month(value)


@register.filter
def long_month_year(value):
    return formats.month(value, full=True)


@register.filter
def percent(value, digits=1):
    return formats.percent(value, int(digits))


@register.filter
def in_language(item):
    """An item's Danish label (``label`` or ``label_da``) in Danish, its ``label_en`` in English
    (when it has one): the core's records that carry both (a deadline, a skånehensyn)."""
    english = getattr(item, "label_en", "")
    if english and formats.language() == "en":
        return english
    return getattr(item, "label_da", None) or item.label


@register.filter
def accommodation(key):
    """A skånehensyn key's label in the page's language (the key itself if unknown)."""
    item = ACCOMMODATIONS.get(key)
    return in_language(item) if item is not None else key


@register.filter
def indicator_value(value, unit):
    return formats.indicator_value(value, unit)


@register.filter
def match_reason(reason):
    """A matching reason (stored in Danish) in the page's language."""
    return explain.in_english(reason) if formats.language() == "en" else reason


@register.filter
def outreach_reason(reason):
    """An outreach reason (written in Danish) in the page's language."""
    return outreach.reason_in_english(reason) if formats.language() == "en" else reason
