"""The shape of a record field, written once: type, range, choices, required, labels, and the
one check every channel applies (docs/record-specs.md).

A :class:`RecordSpec` lists a kind's fields in the order of its import columns. The import
(``core/imports/records.py``), the API schemas (``api/specs.py``), the forms (``ui/forms.py``),
the model constraints and the synthetic generator derive from it, so an edge value gets the same
verdict wherever it is entered.

Reasons are Danish message templates without the value (it may be personal data); the forms
translate them through the catalogue (``gettext_noop`` marks them for ``makemessages``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

Number = int | float | Decimal
Kind = Literal[
    "text",
    "int",
    "decimal",
    "float",
    "bool",
    "choice",
    "keys",
    "date",
    "cpr",
    "cvr",
    "occupation",
    "occupations",
]


def gettext_noop(text: str) -> str:
    """Marks a message for the catalogue; the forms translate it when they show it."""
    return text


REQUIRED = gettext_noop("mangler")
RANGE = gettext_noop("skal være mellem %(low)s og %(high)s")
RANGE_HOURS = gettext_noop("skal være mellem %(low)s og %(high)s timer")
ABOVE_HOURS = gettext_noop("skal være over %(low)s og højst %(high)s timer")
RANGE_KM = gettext_noop("skal være mellem %(low)s og %(high)s km")
IN_DENMARK = gettext_noop("ligger ikke i Danmark (%(low)s-%(high)s)")
ONE_PLACE = gettext_noop("højst én decimal")
TOO_LONG = gettext_noop("højst %(max)s tegn")
TOO_MANY = gettext_noop("højst %(max)s koder")
NOT_A_CHOICE = gettext_noop("skal være en af: %(choices)s")
NOT_A_KEY = gettext_noop("nøgle nr. %(n)s er ikke en af de kendte")
NOT_FOUR_DIGITS = gettext_noop("skal være 4 cifre")


def danish_number(value: Number) -> str:
    """54.5 → "54,5"; 37 → "37"; Decimal("0.5") → "0,5"."""
    text = f"{value:f}" if isinstance(value, Decimal) else str(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


@dataclass(frozen=True)
class Verdict:
    """A refused value: a message template and its parameters (never the value itself)."""

    template: str
    params: tuple[tuple[str, Any], ...] = ()

    @property
    def text(self) -> str:
        """The Danish reason."""
        return self.template % dict(self.params) if self.params else self.template


@dataclass(frozen=True)
class FieldSpec:
    """One field of a record. ``low``/``high`` bound numbers (``low`` exclusive when
    ``low_open``), ``places`` bounds decimals, ``max_length`` text, ``choices`` a choice or a
    list of keys. ``column``, ``help`` and ``example`` describe the import column."""

    name: str  # the model field
    kind: Kind
    label_da: str
    label_en: str
    column: str  # the import file's Danish header
    required: bool = True
    low: Number | None = None
    high: Number | None = None
    low_open: bool = False
    places: int | None = None
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    # A text's whole value must match this (a postcode's "[0-9]{4}"); refused with pattern_reason.
    pattern: str = ""
    pattern_reason: str = ""
    default: Any = None
    range_reason: str = RANGE
    help: str = ""  # Danish, for docs/import.md and the template
    example: str = ""
    # Where the value is kept when not on the record's own table ("citizens.Approval").
    stored_on: str = ""
    # Entered only when the record is created (by import), never edited in a form.
    create_only: bool = False

    @property
    def has_range(self) -> bool:
        return self.low is not None or self.high is not None

    def range_params(self) -> tuple[tuple[str, Any], ...]:
        return (("low", danish_number(self.low)), ("high", danish_number(self.high)))

    def check(self, value: Any) -> Verdict | None:
        """None if ``value`` (already of the field's type) is allowed, else the refusal.
        ``None`` and "" are empty: refused when required, allowed otherwise."""
        if value is None or value == "" or (value == [] and self.kind != "keys"):
            return Verdict(REQUIRED) if self.required else None
        if self.has_range and not self._in_range(value):
            return Verdict(self.range_reason, self.range_params())
        if self._too_precise(value):
            return Verdict(ONE_PLACE)
        if self.max_length is not None and len(value) > self.max_length:
            reason = TOO_LONG if isinstance(value, str) else TOO_MANY
            return Verdict(reason, (("max", self.max_length),))
        if self.pattern and not re.fullmatch(self.pattern, value, re.ASCII):
            return Verdict(self.pattern_reason)
        if self.choices and self.kind == "choice" and value not in self.choices:
            return Verdict(NOT_A_CHOICE, (("choices", ", ".join(self.choices)),))
        if self.choices and self.kind == "keys":
            for n, key in enumerate(value, start=1):
                if key not in self.choices:
                    return Verdict(NOT_A_KEY, (("n", n),))
        return None

    def _in_range(self, value: Number) -> bool:
        below = self.low is not None and (value < self.low or (self.low_open and value == self.low))
        return not below and (self.high is None or value <= self.high)

    def _too_precise(self, value: Any) -> bool:
        if self.places is None or not isinstance(value, Decimal):
            return False
        return value != value.quantize(Decimal(1).scaleb(-self.places))


@dataclass(frozen=True)
class Order:
    """``low`` may not exceed ``high`` (both fields of the record); a breach is reported on
    ``report_on`` with ``reason``."""

    low: str
    high: str
    report_on: str
    reason: str


@dataclass(frozen=True)
class RecordSpec:
    kind: str  # "citizens", "employers", "positions"
    model: str  # "citizens.Citizen"
    label_da: str
    label_en: str
    fields: tuple[FieldSpec, ...]
    orders: tuple[Order, ...] = ()

    def __getitem__(self, name: str) -> FieldSpec:
        for field in self.fields:
            if field.name == name:
                return field
        raise KeyError(name)

    def __contains__(self, name: object) -> bool:
        return any(f.name == name for f in self.fields)

    def __iter__(self) -> Iterator[FieldSpec]:
        return iter(self.fields)

    @property
    def stored(self) -> tuple[str, ...]:
        """The fields kept on the record's own table, in spec order."""
        return tuple(f.name for f in self.fields if not f.stored_on)

    def check_orders(
        self, values: dict[str, Any], orders: tuple[Order, ...] | None = None
    ) -> list[tuple[str, Verdict]]:
        """Each breached order (of ``orders``, default all) as (field, refusal); pairs with a
        missing side are skipped."""
        found = []
        for order in self.orders if orders is None else orders:
            low, high = values.get(order.low), values.get(order.high)
            if low is not None and high is not None and low > high:
                found.append((order.report_on, Verdict(order.reason)))
        return found
