"""Anonymisation of one citizen after the retention period ran out (the retention job's write).

What happens to each field is the apps' declaration (their ``personal_data.py``, collected by
``fleksjob.privacy.registry``): ERASE blanks it, REPLACE puts a coarser or marker value in its
place, REDACT cuts the citizen's name out of text elsewhere that may mention them, KEEP leaves
it. This module only carries the declarations out; it names no app's fields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from fleksjob.audit.log import SYSTEM_RETENTION, record
from fleksjob.audit.models import Action as AuditAction
from fleksjob.audit.writes import write
from fleksjob.core.casework.retention import redact_name, search_names_citizen
from fleksjob.core.personal_data import Action, Field
from fleksjob.core.personal_data import Model as Declared
from fleksjob.core.records.limits import LAT_MAX, LAT_MIN, LON_MAX, LON_MIN
from fleksjob.privacy import registry

# A citizen's location must stay inside Denmark (citizen_lat_range, citizen_lon_range).
_BOUNDS = {"lat": (LAT_MIN, LAT_MAX), "lon": (LON_MIN, LON_MAX)}


def _year_only(row: models.Model, name: str, citizen: models.Model) -> dt.date:
    # Age for case-mix, not identity.
    return dt.date(getattr(row, name).year, 7, 1)


def _municipality_centre(row: models.Model, name: str, citizen: models.Model) -> float:
    low, high = _BOUNDS[name]
    return min(max(getattr(citizen.municipality, name), low), high)


def _anonymised_marker(row: models.Model, name: str, citizen: models.Model) -> str:
    return f"anonymised:{row.pk}"  # unique, and never a 64-hex lookup hash


REPLACEMENTS: dict[str, Callable[[models.Model, str, models.Model], Any]] = {
    "year_only": _year_only,
    "municipality_centre": _municipality_centre,
    "anonymised_marker": _anonymised_marker,
}


def empty(field: models.Field) -> Any:
    """The value an erased field gets: None where allowed, else its empty default ("", [])."""
    if field.null:
        return None
    if field.has_default():
        return field.get_default()
    return ""


@write
def anonymise_citizen(citizen_id: int) -> bool:
    """Remove everything that identifies a citizen after retention ran out; False if already done.

    Kept (as declared): municipality, sex, education, hours and goal, and every date, status and
    hours figure of approvals, spells, employments and meetings, which the benchmarking
    indicators read. The birth date keeps only its year (1 July). Audit events keep pointing at
    the (now anonymous) record: they hold ids and field names, never values.
    """
    citizen_model = apps.get_model("citizens", "Citizen")
    citizen = (
        citizen_model.objects.select_for_update().select_related("municipality").get(pk=citizen_id)
    )
    if citizen.anonymised_at is not None:
        return False
    first, last = citizen.first_name, citizen.last_name
    # Text that mentions the citizen is found before their own rows change.
    mentioned = {d.label: _mentioning(d, citizen) for d, _ in registry.with_action(Action.REDACT)}
    for declared in registry.declarations().values():
        if declared.label == citizen_model._meta.label:
            _anonymise_rows(declared, [citizen], citizen)
        elif declared.citizen is not None:
            model = registry.model_class(declared)
            rows = model._base_manager.filter(**{declared.citizen: citizen})
            _anonymise_rows(declared, rows, citizen)
    for declared, fields in registry.with_action(Action.REDACT):
        _redact(declared, fields, mentioned[declared.label], first, last)
    citizen.anonymised_at = timezone.now()
    citizen.save()
    record(
        None,
        AuditAction.ANONYMISE,
        citizen,
        citizen=citizen,
        channel="cli",
        detail="anonymiseret",
        actor=SYSTEM_RETENTION,
    )
    return True


def _anonymise_rows(
    declared: Declared, rows: models.QuerySet | list[models.Model], citizen: models.Model
) -> None:
    """ERASE and REPLACE the declared fields on the rows that are the citizen's (the citizen's
    own row is the locked instance, saved by the caller)."""
    model = registry.model_class(declared)
    erase = {
        f.name: empty(model._meta.get_field(f.name)) for f in declared if f.action is Action.ERASE
    }
    replace = [f for f in declared if f.action is Action.REPLACE]
    if not (erase or replace):
        return
    if isinstance(rows, models.QuerySet) and not replace:
        rows.update(**erase)  # one statement; no per-row work
        return
    for row in rows if isinstance(rows, list) else rows.select_for_update():
        for name, value in erase.items():
            setattr(row, name, value)
        for f in replace:
            setattr(row, f.name, REPLACEMENTS[f.replace](row, f.name, citizen))
        if row is not citizen:
            row.save()


def _mentioning(declared: Declared, citizen: models.Model) -> list[int]:
    """The ids of the rows whose text may mention the citizen (by any declared path)."""
    about = Q()
    for path in declared.mentions:
        about |= Q(**{path: citizen})
    if declared.generic:
        kind, object_id = declared.generic
        about |= Q(**{kind: ContentType.objects.get_for_model(citizen), object_id: str(citizen.pk)})
    model = registry.model_class(declared)
    return sorted(set(model._base_manager.filter(about).values_list("pk", flat=True)))


def _redact(declared: Declared, fields: list[Field], ids: list[int], first: str, last: str) -> None:
    """Cut the citizen's name out of the declared fields of the rows that may mention them."""
    model = registry.model_class(declared)
    for row in model._base_manager.filter(pk__in=ids).select_for_update():
        changed = []
        for f in fields:
            value = getattr(row, f.name)
            if f.redact == "name":
                redacted = redact_name(value, first, last)
            elif f.redact == "name_or_delete":
                if redact_name(value, first, last) != value:
                    row.delete()  # the row's own name names the citizen
                    break
                continue
            else:  # "name_search": a saved search's text that finds the citizen by name
                redacted = value
                if search_names_citizen(value.get("q") or "", first, last):
                    redacted = {**value, "q": ""}
            if redacted != value:
                setattr(row, f.name, redacted)
                changed.append(f.name)
        else:
            if changed:
                row.save(update_fields=changed)
