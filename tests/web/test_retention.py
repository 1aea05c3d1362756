"""The retention job on the database: what anonymisation removes and keeps, idempotence, the
command's output, the audit log's append-only guarantee, and identical indicators."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from fleksjob.audit.log import SYSTEM_RETENTION
from fleksjob.audit.models import AuditEvent
from fleksjob.benchmarking.compute import latest_run
from fleksjob.citizens.actions import change_case_status
from fleksjob.citizens.models import Approval, Citizen, SavedFilter, StatusTransition
from fleksjob.citizens.protection import protector
from fleksjob.core.casework.retention import REDACTED
from fleksjob.employers.models import ContactLogEntry
from fleksjob.employment.models import Employment, HoursChange
from fleksjob.followup.models import FollowUpMeeting
from fleksjob.privacy.retention import apply_retention
from tests.factories import ApprovalFactory, EmployerFactory

pytestmark = pytest.mark.django_db

ENDED_ON = dt.date(2015, 3, 1)
DUE = dt.date(2020, 3, 1)  # five years later


@pytest.fixture
def ended(personas):
    """A Lejre citizen whose case ended on ENDED_ON, with notes, a job and a consultant's note."""
    caseworker = personas["sagsbehandler.lejre"]
    approval = ApprovalFactory(
        visitation_date=dt.date(2012, 5, 1), status_since=dt.date(2012, 5, 1)
    )
    citizen = approval.citizen
    citizen.needs_note = "Rygsmerter efter arbejdsskade"
    citizen.save()
    employer = EmployerFactory()
    job = Employment.objects.create(
        citizen=citizen,
        approval=approval,
        employer=employer,
        kind="fleksjob",
        start=dt.date(2013, 2, 1),
        end=dt.date(2015, 2, 28),
        hourly_wage=180,
    )
    HoursChange.objects.create(employment=job, valid_from=job.start, hours_per_week=12)
    FollowUpMeeting.objects.create(
        citizen=citizen,
        approval=approval,
        held_on=dt.date(2014, 6, 1),
        kind="follow_up",
        channel="phone",
        agreed_text="Talte om smerter i ryggen",
    )
    ContactLogEntry.objects.create(
        employer=employer,
        on=dt.date(2014, 1, 10),
        channel="phone",
        outcome="interested",
        note=f"Aftalt opstart for {citizen.first_name} {citizen.last_name} i februar",
    )
    SavedFilter.objects.create(user=caseworker, name="Mine", filters={"q": citizen.last_name})
    SavedFilter.objects.create(user=caseworker, name=citizen.full_name, filters={"q": ""})
    change_case_status(
        caseworker, approval, "ended", on=ENDED_ON, end_reason="state_pension", note="x"
    )
    return citizen


def _anonymised(citizen: Citizen) -> Citizen:
    return Citizen.objects.get(pk=citizen.pk)


def test_the_day_before_the_anniversary_nothing_happens(ended):
    report = apply_retention(as_of=DUE - dt.timedelta(days=1), years=5, limit=10)
    assert (report.due, report.anonymised) == (0, 0)
    assert _anonymised(ended).anonymised_at is None


def test_anonymisation_removes_identity_and_keeps_the_facts(ended, login):
    name, cpr = ended.full_name, protector().decrypt(ended.cpr_encrypted)
    open_case = ApprovalFactory().citizen  # a case still running is kept as it is
    report = apply_retention(as_of=DUE, years=5, limit=10)
    assert (report.due, report.anonymised, report.by_municipality) == (1, 1, {"350": 1})

    c = _anonymised(ended)
    assert c.anonymised_at is not None
    assert (c.first_name, c.last_name, c.cpr_encrypted) == ("", "", "")
    assert c.cpr_hash == f"anonymised:{c.pk}"
    assert c.birth_date == dt.date(ended.birth_date.year, 7, 1)
    assert (c.skills_text, c.needs_note, c.needs, c.occupations) == ("", "", [], [])
    assert name not in str(c) and c.full_name == "Anonymiseret borger"
    # The facts benchmarking reads stay.
    assert (c.municipality_id, c.sex, c.education) == ("350", ended.sex, ended.education)
    approval = c.approvals.get()
    assert (approval.status, approval.status_since, approval.ended_reason) == (
        "ended",
        ENDED_ON,
        "state_pension",
    )
    job = c.employments.get()
    assert (job.start, job.end, job.hours_history.get().hours_per_week) == (
        dt.date(2013, 2, 1),
        dt.date(2015, 2, 28),
        12,
    )
    # Free text and references by name are gone.
    assert set(
        StatusTransition.objects.filter(approval__citizen=c).values_list("reason", flat=True)
    ) == {""}
    assert c.meetings.get().agreed_text == ""
    assert ContactLogEntry.objects.get().note == f"Aftalt opstart for {REDACTED} i februar"
    assert list(SavedFilter.objects.values_list("name", "filters")) == [("Mine", {"q": ""})]
    # Out of search and pages: the CPR no longer finds anyone; the page is a 404.
    assert not Citizen.objects.filter(cpr_hash=protector().lookup_hash(cpr)).exists()
    client = login("sagsbehandler.lejre")
    assert client.get(f"/borgere/{c.pk}/").status_code == 404
    assert _anonymised(open_case).first_name == open_case.first_name
    event = AuditEvent.objects.get(action="anonymise")
    assert (event.username, event.citizen_id, event.user_id, event.detail) == (
        SYSTEM_RETENTION,
        c.pk,
        None,
        "anonymiseret",
    )


def test_key_rotation_passes_over_anonymised_citizens(ended, capsys):
    kept = ApprovalFactory().citizen
    apply_retention(as_of=DUE, years=5, limit=10)
    call_command("rotate_field_keys")
    assert "Re-encrypted 1 CPR numbers" in capsys.readouterr().out
    assert _anonymised(ended).cpr_encrypted == ""
    assert protector().decrypt(_anonymised(kept).cpr_encrypted) == protector().decrypt(
        kept.cpr_encrypted
    )


def test_a_second_run_changes_nothing(ended):
    apply_retention(as_of=DUE, years=5, limit=10)
    stamp, events = _anonymised(ended).anonymised_at, AuditEvent.objects.count()
    again = apply_retention(as_of=DUE + dt.timedelta(days=400), years=5, limit=10)
    assert (again.due, again.anonymised) == (0, 0)
    assert _anonymised(ended).anonymised_at == stamp and AuditEvent.objects.count() == events


def test_audit_rows_stay_append_only_and_point_to_the_anonymous_record(ended):
    apply_retention(as_of=DUE, years=5, limit=10)
    rows = AuditEvent.objects.filter(citizen_id=ended.pk)
    assert rows.count() >= 2  # the status change and the anonymisation
    for sql in (
        "UPDATE audit_auditevent SET detail = 'x' WHERE citizen_id = %s",
        "DELETE FROM audit_auditevent WHERE citizen_id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [ended.pk])
    assert AuditEvent.objects.filter(citizen_id=ended.pk).count() == rows.count()


def test_the_command_dry_run_counts_per_municipality_and_writes_nothing(ended, capsys):
    call_command("apply_retention", dry_run=True, as_of=DUE)
    out = capsys.readouterr().out
    assert "kommune 350: 1" in out and "ville anonymisere 1" in out
    assert ended.first_name not in out and ended.last_name not in out
    assert _anonymised(ended).anonymised_at is None
    assert not AuditEvent.objects.filter(action="anonymise").exists()
    call_command("apply_retention", as_of=DUE, limit=5, batch_size=2)
    out = capsys.readouterr().out
    assert "parti 1 gemt: 1 anonymiseret" in out
    assert "anonymiseret 1; forfaldne i alt 1; tilbage til næste kørsel 0" in out


def test_the_command_is_bounded(personas, capsys):
    for _ in range(3):
        approval = ApprovalFactory(
            visitation_date=dt.date(2010, 1, 4), status_since=dt.date(2010, 1, 4)
        )
        change_case_status(None, approval, "ended", on=dt.date(2011, 1, 4), end_reason="other")
    call_command("apply_retention", as_of=dt.date(2020, 1, 1), limit=2, batch_size=1)
    assert (
        "anonymiseret 2; forfaldne i alt 3; tilbage til næste kørsel 1" in capsys.readouterr().out
    )
    assert Citizen.objects.filter(anonymised_at__isnull=False).count() == 2


def test_bad_arguments_are_refused():
    with pytest.raises(CommandError, match="mindst 1"):
        call_command("apply_retention", limit=0)


@pytest.mark.slow
def test_indicators_are_identical_before_and_after_anonymisation(personas):
    call_command("seed", scale="tiny", seed=3, replace=False, today=dt.date(2026, 10, 15))
    # The years in which the cases anonymised below ran and ended (the last ends 2021-10-13)
    # and the year after, which the indicators of the last 12 months still count them in. Months
    # further on hold none of their cases (each indicator of theirs differs here if any fact it
    # reads changes); each month costs the run's suppression and storage time.
    first, last = "2019-01", "2022-12"

    def snapshot() -> tuple[list, dict]:
        run = latest_run()
        values = run.values.order_by("indicator", "unit_level", "unit_id", "period").values_list(
            "indicator",
            "unit_level",
            "unit_id",
            "period",
            "suppressed",
            "denominator_suppressed",
            "numerator",
            "denominator",
            "value",
        )
        return list(values), run.extras

    call_command("compute_indicators", first=first, last=last)
    before = snapshot()
    report = apply_retention(as_of=dt.date(2026, 10, 15), years=5, limit=100_000)
    assert report.anonymised > 100  # a real share of the seeded citizens
    # ... of whom many had a case running in the compared months.
    assert (
        Approval.objects.filter(
            citizen__anonymised_at__isnull=False,
            status="ended",
            status_since__gte=dt.date(2019, 1, 1),
        ).count()
        > 50
    )
    call_command("compute_indicators", first=first, last=last)
    after = snapshot()
    # Same keys, suppression and counts; sums of floats (staffing FTE) may differ in the last bit
    # with the order of DuckDB's parallel aggregation, so values compare to 1e-9.
    assert [row[:6] for row in after[0]] == [row[:6] for row in before[0]]

    def figures(rows):
        return [float("nan") if x is None else x for row in rows for x in row[6:]]

    assert figures(after[0]) == pytest.approx(figures(before[0]), rel=1e-9, nan_ok=True)
    assert after[1] == before[1] and len(before[0]) > 1000
    # Non-trivial figures: some published, some suppressed.
    assert 0 < sum(row[4] for row in before[0]) < len(before[0])


def test_the_command_takes_the_period_from_settings(ended, settings, capsys):
    settings.FLEKSJOB = {**settings.FLEKSJOB, "RETENTION_YEARS": 6}
    call_command("apply_retention", as_of=DUE)
    assert "opbevaring 6 år, skæringsdato 2020-03-01: anonymiseret 0" in capsys.readouterr().out
    call_command("apply_retention", as_of=dt.date(2021, 3, 1))
    assert "anonymiseret 1;" in capsys.readouterr().out
