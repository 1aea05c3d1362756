"""Anonymisation carries out the apps' declarations: every field declared erasable is empty when
read back from the database (by SQL, not through the models), on every row of the citizen."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.apps import apps
from django.db import connection, models
from django.utils import timezone

from fleksjob.citizens.actions import change_case_status
from fleksjob.core.personal_data import Action, Category
from fleksjob.privacy import registry
from fleksjob.privacy.anonymise import anonymise_citizen
from tests.web.test_access_request import citizen  # noqa: F401 - a citizen with every kind of row

pytestmark = pytest.mark.django_db

# Written out here, not read from the registry: what anonymisation has always erased. The
# registry may add to it; it may not drop any.
ALWAYS_ERASED = {
    "citizens.Citizen": {
        "first_name",
        "last_name",
        "cpr_encrypted",
        "skills_text",
        "needs",
        "needs_note",
        "occupations",
        "wishes_sectors",
        "wishes_task_types",
        "consent_share_profile",
        "consent_recorded_at",
    },
    "citizens.StatusTransition": {"reason"},
    "followup.FollowUpPlan": {"agreed_text"},
    "followup.FollowUpMeeting": {"agreed_text"},
    "followup.PlanProposal": {"note", "decline_reason"},
    "followup.PlanActivity": {"title"},
    "selfservice.Thread": {"subject"},
    "selfservice.Message": {"body"},
    "placements.Placement": {"reasons"},
    "placements.PlacementTransition": {"note"},
    "placements.MatchResult": {"reasons"},
}
TEXT = "Jens Hansen har ondt i ryggen"


def _sample(field: models.Field):
    """A non-empty value of the field's type."""
    if isinstance(field, models.JSONField):
        return ["x"]
    if isinstance(field, models.BooleanField):
        return True
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    return TEXT[: field.max_length or len(TEXT)]


def _erased() -> dict[str, set[str]]:
    found = {label: set(names) for label, names in ALWAYS_ERASED.items()}
    for declared, fields in registry.with_action(Action.ERASE):
        found.setdefault(declared.label, set()).update(f.name for f in fields)
    return found


def _rows_of(label: str, citizen_pk: int) -> list[int]:
    declared = registry.declarations()[label]
    model = apps.get_model(label)
    path = declared.citizen or "pk"
    return list(model._base_manager.filter(**{path: citizen_pk}).values_list("pk", flat=True))


def _read_back(label: str, column: str, pk: int):
    model = apps.get_model(label)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {connection.ops.quote_name(column)} FROM {table} WHERE "  # noqa: S608
            f"{connection.ops.quote_name(model._meta.pk.column)} = %s",
            [pk],
        )
        (value,) = cursor.fetchone()
    if isinstance(value, str) and value[:1] in ("[", "{"):
        value = json.loads(value)
    return value


def test_anonymisation_erases_every_field_declared_erasable(citizen, personas):  # noqa: F811
    approval = citizen.approvals.get()
    change_case_status(
        personas["sagsbehandler.lejre"],
        approval,
        "ended",
        on=dt.date(2026, 3, 1),
        end_reason="state_pension",
        note="x",
    )
    erased = _erased()
    assert set(ALWAYS_ERASED) <= set(erased)
    rows = {label: _rows_of(label, citizen.pk) for label in erased}
    for label, names in erased.items():
        assert rows[label], f"the fixture has no {label} row: the test would prove nothing"
        model = apps.get_model(label)
        fill = {n: _sample(model._meta.get_field(n)) for n in names}
        model._base_manager.filter(pk__in=rows[label]).update(**fill)
    assert _read_back("citizens.Citizen", "needs_note", citizen.pk) == TEXT

    assert anonymise_citizen(citizen.pk) is True

    for label, names in erased.items():
        model = apps.get_model(label)
        for pk in rows[label]:
            for name in names:
                value = _read_back(label, model._meta.get_field(name).column, pk)
                assert value in (None, "", [], {}, False, 0), (label, name, value)


def test_the_citizens_personal_text_and_identifiers_are_never_kept_silently():
    """On rows that are a citizen's, identifying, special and free-text fields are erased,
    replaced or kept with a reason."""
    sensitive = {Category.IDENTIFIER, Category.CONTACT, Category.SPECIAL, Category.FREE_TEXT}
    for declared in registry.declarations().values():
        if declared.citizen is None:
            continue
        for f in declared:
            if f.category in sensitive:
                assert f.action is not Action.KEEP or f.why, (declared.label, f.name)


def test_every_named_rule_is_implemented():
    from fleksjob.core import personal_data
    from fleksjob.privacy import anonymise

    assert set(anonymise.REPLACEMENTS) == set(personal_data.REPLACEMENTS)
    used = {f.redact for d in registry.declarations().values() for f in d if f.redact}
    assert used <= set(personal_data.REDACTIONS)


def test_the_admin_log_loses_the_citizens_name(citizen, personas):  # noqa: F811
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    from tests.factories import CitizenFactory

    other = CitizenFactory()
    for who in (citizen, other):
        LogEntry.objects.create(
            user=personas["admin"],
            content_type=ContentType.objects.get_for_model(who),
            object_id=str(who.pk),
            object_repr=who.full_name,
            action_flag=CHANGE,
        )
    name = citizen.full_name
    anonymise_citizen(citizen.pk)
    (mine,) = LogEntry.objects.filter(object_id=str(citizen.pk)).values_list(
        "object_repr", flat=True
    )
    assert citizen.first_name not in mine and citizen.last_name not in mine, name
    assert LogEntry.objects.get(object_id=str(other.pk)).object_repr == other.full_name
