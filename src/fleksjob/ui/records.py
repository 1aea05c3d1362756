"""Database constraints made from a record spec (``fleksjob.core.records``): each range, each
choice and each order between two fields of the record's own table becomes a CheckConstraint, so
the database refuses what every channel refuses (docs/record-specs.md). Also the check of a
model's CheckConstraints in Python that the bulk write functions use instead of a query per
constraint and row (docs/writes.md)."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Collection
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import F, Q

from fleksjob.core.records import RecordSpec


def spec_constraints(record: RecordSpec, prefix: str) -> list[models.CheckConstraint]:
    """``<prefix>_<field>_range``, ``<prefix>_<field>_valid`` and ``<prefix>_<low>_le_<high>``."""
    found = []
    for spec in record:
        if spec.stored_on:
            continue
        if spec.has_range:
            condition = Q()
            if spec.low is not None:
                condition &= Q(**{f"{spec.name}__{'gt' if spec.low_open else 'gte'}": spec.low})
            if spec.high is not None:
                condition &= Q(**{f"{spec.name}__lte": spec.high})
            found.append(
                models.CheckConstraint(condition=condition, name=f"{prefix}_{spec.name}_range")
            )
        if spec.pattern:
            whole = Q(**{f"{spec.name}__regex": f"^{spec.pattern}$"})
            found.append(
                models.CheckConstraint(
                    condition=whole if spec.required else Q(**{spec.name: ""}) | whole,
                    name=f"{prefix}_{spec.name}_pattern",
                )
            )
        if spec.kind == "choice":
            found.append(
                models.CheckConstraint(
                    condition=Q(**{f"{spec.name}__in": list(spec.choices)}),
                    name=f"{prefix}_{spec.name}_valid",
                )
            )
    for order in record.orders:
        found.append(
            models.CheckConstraint(
                condition=Q(**{f"{order.low}__lte": F(order.high)}),
                name=f"{prefix}_{order.low}_le_{order.high}",
            )
        )
    return found


# --- the model's CheckConstraints evaluated in Python, for bulk writes ------------------------
# full_clean() asks the database about every CheckConstraint of a row (one query each, a dozen
# per citizen); a bulk write checks the same conditions here, with SQL's rule that a constraint
# refuses only a condition that is false (NULL passes). A condition this cannot read is asked
# of the database as full_clean() asks it.

_LOOKUPS: dict[str, Callable[[Any, Any], bool]] = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
    "in": lambda value, choices: value in choices,
    "regex": lambda value, pattern: re.search(pattern, str(value)) is not None,
}


class _Unreadable(Exception):
    pass


def _value(obj: models.Model, name: str) -> Any:
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist:
        raise _Unreadable(name) from None
    return getattr(obj, field.attname)


def _holds(condition: Any, obj: models.Model, names: list[str]) -> bool | None:
    """True, False or None (unknown, as SQL's NULL) for ``condition`` on ``obj``."""
    if isinstance(condition, Q):
        verdicts = [_holds(child, obj, names) for child in condition.children]
        if condition.connector == Q.AND:
            verdict = False if False in verdicts else None if None in verdicts else True
        else:
            verdict = True if True in verdicts else None if None in verdicts else False
        if condition.negated and verdict is not None:
            verdict = not verdict
        return verdict
    if not isinstance(condition, tuple):
        raise _Unreadable(condition)
    key, expected = condition
    name, _, lookup = key.partition("__")
    lookup = lookup or "exact"
    names.append(name)
    value = _value(obj, name)
    if lookup == "isnull":
        return (value is None) == expected
    if isinstance(expected, F):
        expected = _value(obj, expected.name)
    if lookup not in _LOOKUPS or "__" in lookup or hasattr(expected, "resolve_expression"):
        raise _Unreadable(key)
    if value is None or expected is None:
        return None
    return _LOOKUPS[lookup](value, expected)


def check_constraints(obj: models.Model) -> None:
    """Raise what ``full_clean()`` raises for a violated CheckConstraint of ``obj``'s model, with
    the error on the first field its condition names; unique constraints are the caller's (a
    bulk write looks its keys up in one query)."""
    for constraint in obj._meta.constraints:
        if not isinstance(constraint, models.CheckConstraint):
            continue
        names: list[str] = []
        try:
            refused = _holds(constraint.condition, obj, names) is False
        except _Unreadable:
            constraint.validate(type(obj), obj)
            continue
        if refused:
            message = constraint.get_violation_error_message()
            raise ValidationError({names[0]: message}, code=constraint.violation_error_code)


def clean_row(obj: models.Model, exclude: Collection[str] = ()) -> None:
    """``full_clean()`` of one row of a bulk write without its queries: the fields' own checks
    and the CheckConstraints in Python; the model's ``clean()``, foreign keys named in
    ``exclude`` and unique keys are the caller's, checked once for all rows."""
    obj.clean_fields(exclude=list(exclude))
    check_constraints(obj)
