"""Database constraints made from a record spec (``fleksjob.core.records``): each range, each
choice and each order between two fields of the record's own table becomes a CheckConstraint, so
the database refuses what every channel refuses (docs/record-specs.md)."""

from __future__ import annotations

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
