"""Reads that show citizens' names or employers' contact persons are audited: a list is one
event naming every citizen it showed, found again by the citizen's access request."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from fleksjob.accounts.models import ApiToken
from fleksjob.audit.models import Action, AuditEvent
from fleksjob.core.rules.deadlines import REVIEW_MONTHS, add_months
from fleksjob.employers.models import ContactPerson
from fleksjob.followup.actions import agree_plan
from fleksjob.privacy.access_request import collect
from tests.factories import ApprovalFactory, EmployerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def due(personas):
    """A Lejre citizen with a follow-up due within the month and one whose review is due."""
    today = timezone.localdate()
    mine = personas["sagsbehandler.lejre"]  # the home page lists the caseworker's own cases
    followup = ApprovalFactory(citizen__municipality_id="350", caseworker=mine)
    agree_plan(
        personas["sagsbehandler.lejre"],
        followup,
        purpose="foothold",
        cadence_weeks=4,
        agreed_on=today - dt.timedelta(weeks=2),
    )
    start = add_months(today, 3 - REVIEW_MONTHS)
    review = ApprovalFactory(
        citizen__municipality_id="350",
        caseworker=mine,
        visitation_date=start - dt.timedelta(days=90),
        status="in_fleksjob",
        status_since=start,
        first_fleksjob_start=start,
    )
    return followup.citizen, review.citizen


def test_the_caseworker_home_page_audits_the_citizens_it_names(login, due):
    client = login("sagsbehandler.lejre")
    page = client.get(reverse("home")).content.decode()
    for citizen in due:
        assert citizen.last_name in page

    event = AuditEvent.objects.get(detail="forside: frister")
    assert (event.username, event.action, event.municipality_code) == (
        "sagsbehandler.lejre",
        Action.SEARCH,
        "350",
    )
    assert sorted(event.shown_citizens) == sorted(c.pk for c in due)
    for citizen in due:
        assert AuditEvent.objects.about_citizen(citizen.pk).filter(pk=event.pk).exists()
        log = collect(citizen)["access_log"]
        assert any(row["detail"] == "forside: frister" for row in log)
        assert all("citizen_ids" not in row for row in log)  # others' ids stay out of it


def test_one_audit_event_per_page_view_however_many_citizens(
    login, due, personas, django_assert_max_num_queries
):
    today = timezone.localdate()
    for _ in range(6):
        agree_plan(
            personas["sagsbehandler.lejre"],
            ApprovalFactory(
                citizen__municipality_id="350", caseworker=personas["sagsbehandler.lejre"]
            ),
            purpose="foothold",
            cadence_weeks=4,
            agreed_on=today - dt.timedelta(weeks=1),
        )
    client = login("sagsbehandler.lejre")
    # The deadline states (the facts' version and, on this first view, cases, spells, meetings
    # and review decisions; the caseworker's own cases and the reviews shown), the queue's count
    # and the messages waiting for the jobcentre.
    with django_assert_max_num_queries(18):
        client.get(reverse("home"))
    event = AuditEvent.objects.get(detail="forside: frister")
    assert len(event.shown_citizens) == 8


def test_the_caseload_names_the_citizens_on_the_page(login, due):
    login("sagsbehandler.lejre").get(reverse("citizens:list"))
    event = AuditEvent.objects.get(detail="sagsliste")
    assert set(c.pk for c in due) <= set(event.shown_citizens)


def test_an_id_is_not_found_inside_another(personas):
    from fleksjob.audit.log import record

    record(personas["sagsbehandler.lejre"], Action.SEARCH, citizen_ids=[12, 345], detail="x")
    assert AuditEvent.objects.about_citizen(345).exists()
    assert not AuditEvent.objects.about_citizen(34).exists()
    assert not AuditEvent.objects.about_citizen(1).exists()


def test_the_employer_page_with_contact_persons_is_audited(login):
    employer = EmployerFactory(municipality_id="751")
    ContactPerson.objects.create(
        employer=employer, name="Kirsten Kontakt", phone="12345678", email="k@example.invalid"
    )
    page = login("konsulent.aarhus").get(reverse("employers:detail", args=[employer.pk]))
    assert "Kirsten Kontakt" in page.content.decode()
    event = AuditEvent.objects.get(object_type="Employer", object_id=str(employer.pk))
    assert (event.username, event.action, event.channel) == (
        "konsulent.aarhus",
        Action.VIEW,
        "web",
    )


def test_the_api_contact_log_is_audited(client, personas):
    employer = EmployerFactory(municipality_id="751")
    raw = ApiToken.issue(personas["konsulent.aarhus"])[1]
    response = client.get(
        f"/api/v1/employers/{employer.pk}/contact-log",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 200
    event = AuditEvent.objects.get(object_type="Employer", object_id=str(employer.pk))
    assert (event.username, event.action, event.channel) == (
        "konsulent.aarhus",
        Action.VIEW,
        "api",
    )
