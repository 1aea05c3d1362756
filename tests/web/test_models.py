"""Database constraints hold even when application code is bypassed."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction

from fleksjob.audit.log import record
from fleksjob.audit.models import AppendOnlyError, AuditEvent
from fleksjob.citizens.actions import DuplicateCPR, change_case_status, register_citizen, reveal_cpr
from fleksjob.citizens.models import Approval, BenefitSpell
from fleksjob.core.rules.case_status import TransitionError
from fleksjob.municipalities.models import Municipality
from tests.factories import ApprovalFactory, CitizenFactory, PositionFactory

pytestmark = pytest.mark.django_db


def test_98_municipalities_and_5_regions_are_loaded():
    assert Municipality.objects.count() == 98
    assert Municipality.objects.values("region").distinct().count() == 5
    assert Municipality.objects.get(code="350").name == "Lejre"


PROFILE = {
    "visitation_date": dt.date(2025, 1, 6),
    "municipality_id": "350",
    "first_name": "Test",
    "last_name": "Person",
    "lat": 55.6,
    "lon": 11.9,
    "education": "vocational",
    "hours_min": 2,
    "hours_capacity": 8,
    "hours_target": 15,
    "goal": "progression",
}


def test_cpr_is_not_stored_in_clear(personas):
    user = personas["sagsbehandler.lejre"]
    citizen = register_citizen(user, cpr="150570-1234", **PROFILE)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT cpr_encrypted, cpr_hash FROM citizens_citizen WHERE id = %s", [citizen.pk]
        )
        encrypted, lookup = cursor.fetchone()
    assert "150570" not in encrypted and "1234" not in encrypted
    assert "150570" not in lookup
    assert reveal_cpr(user, citizen) == "150570-1234"
    assert citizen.birth_date == dt.date(1970, 5, 15)
    assert citizen.sex == "F"
    assert citizen.approvals.get().transitions.count() == 1
    # The same CPR typed without the dash is the same person.
    with pytest.raises(DuplicateCPR):
        register_citizen(user, cpr="1505701234", **{**PROFILE, "first_name": "X"})


def test_one_active_case_per_citizen():
    approval = ApprovalFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Approval.objects.create(
            citizen=approval.citizen,
            visitation_date=dt.date(2025, 1, 1),
            status="in_fleksjob",
            status_since=dt.date(2025, 1, 1),
        )


def test_ended_case_needs_reason_at_database_level():
    approval = ApprovalFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Approval.objects.filter(pk=approval.pk).update(status="ended")


def test_state_machine_logs_and_refuses_illegal_moves(personas):
    user = personas["sagsbehandler.lejre"]
    approval = ApprovalFactory()
    change_case_status(user, approval, "in_fleksjob", on=dt.date(2024, 6, 1))
    change_case_status(user, approval, "ended", on=dt.date(2025, 6, 1), end_reason="state_pension")
    approval.refresh_from_db()
    assert approval.status == "ended" and approval.ended_reason == "state_pension"
    assert [t.to_status for t in approval.transitions.all()] == [
        "approved_unemployed",
        "in_fleksjob",
        "ended",
    ]
    with pytest.raises(TransitionError):
        change_case_status(user, approval, "in_fleksjob", on=dt.date(2025, 7, 1))


def test_hours_and_location_constraints():
    with pytest.raises(IntegrityError), transaction.atomic():
        CitizenFactory(hours_min=10, hours_capacity=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        CitizenFactory(lat=40.0)
    with pytest.raises(IntegrityError), transaction.atomic():
        PositionFactory(hours_min=20, hours_max=10)


def test_one_open_spell_per_citizen():
    approval = ApprovalFactory()
    BenefitSpell.objects.create(
        citizen=approval.citizen,
        approval=approval,
        start=dt.date(2024, 3, 1),
        rate_category="dagpenge_89",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        BenefitSpell.objects.create(
            citizen=approval.citizen,
            approval=approval,
            start=dt.date(2024, 5, 1),
            rate_category="dagpenge_89",
        )


def test_audit_log_is_append_only_in_orm_and_database(personas):
    record(personas["admin"], "view", detail="test")
    event = AuditEvent.objects.get(detail="test")
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    for sql in ("UPDATE audit_auditevent SET detail = 'x'", "DELETE FROM audit_auditevent"):
        with (
            pytest.raises(Exception, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert AuditEvent.objects.filter(detail="test").count() == 1


def test_the_suite_runs_on_the_configured_database():
    """Guards the CI's PostgreSQL run: DATABASE_URL really selects the backend under test."""
    import os

    url = os.environ.get("DATABASE_URL", "sqlite")
    expected = "postgresql" if url.startswith("postgres") else "sqlite"
    assert connection.vendor == expected


def test_personas_exist_only_in_demo_mode(settings):
    from django.core.exceptions import ImproperlyConfigured

    from fleksjob.demo.personas import ensure_personas

    settings.DEMO = settings.TESTING = False
    with pytest.raises(ImproperlyConfigured, match="only in demo mode"):
        ensure_personas()


def test_models_and_migrations_agree():
    """A model change without its migration (or a constraint that changes between runs) fails."""
    from django.core.management import call_command

    call_command("makemigrations", check=True, dry_run=True, verbosity=0)
