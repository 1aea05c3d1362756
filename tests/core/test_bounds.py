"""The bounds every entry point checks against (``fleksjob.core.bounds``)."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import pytest

from fleksjob.core import bounds


@pytest.mark.parametrize("day", [dt.date(1900, 1, 1), dt.date(2100, 12, 31), dt.date(2026, 3, 2)])
def test_dates_inside_the_window_pass(day):
    assert bounds.check_date(day) == day


@pytest.mark.parametrize("day", [dt.date(1, 1, 1), dt.date(1899, 12, 31), dt.date(9999, 6, 1)])
def test_dates_outside_name_the_field_and_the_window_not_the_value(day):
    with pytest.raises(bounds.OutOfBounds) as refused:
        bounds.check_date(day, field="start")
    assert str(refused.value) == "start: datoen skal ligge mellem 1900-01-01 og 2100-12-31"


@pytest.mark.parametrize(
    "value", [1e308, math.inf, -math.inf, math.nan, -1, 10**400, Decimal("Infinity")]
)
def test_numbers_must_be_finite_and_within(value):
    with pytest.raises(bounds.OutOfBounds, match=r"mellem 0 og 10\.000\.000"):
        bounds.check_number(value)


def test_the_bounds_themselves_are_accepted():
    assert bounds.check_number(bounds.AMOUNT_MAX) == 10_000_000
    assert bounds.check_number(Decimal("0.5"), high=bounds.PERCENT_MAX) == Decimal("0.5")
    assert bounds.check_count(5_200, high=bounds.WEEKS_MAX) == 5_200


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("42", 42),
        ("9223372036854775807", 2**63 - 1),
        ("9223372036854775808", None),
        ("0", None),
        ("²", None),  # str.isdigit() says yes, int() says no
        ("١٢", None),  # Arabic-Indic digits: not an id as written in a URL
        ("-1", None),
        ("", None),
        (None, None),
    ],
)
def test_ids_are_ascii_digits_within_64_bits(text, expected):
    assert bounds.parse_id(text) == expected


def test_text_refuses_nul():
    assert bounds.check_text("ABC ApS") == "ABC ApS"
    with pytest.raises(bounds.OutOfBounds, match="NUL"):
        bounds.check_text("a\x00b")
