"""The employer answers a candidate (interested, or not with a coded reason that ends the
proposal as not hired with the matching reason, so the placement statistics count it) and asks
the consultant for a visit (on the consultant's task list and the company's page)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fleksjob.accounts.models import Role, User
from fleksjob.audit.models import AuditEvent
from fleksjob.core.errors import Refused
from fleksjob.employers.actions import log_contact, request_visit
from fleksjob.employers.models import ContactLogEntry, ContactPerson
from fleksjob.placements.actions import answer_as_employer, propose_match
from fleksjob.placements.models import Placement
from fleksjob.selfservice.access import link_contact_person
from tests.factories import ApprovalFactory, PositionFactory

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 3, 2)


@pytest.fixture
def company(personas):
    position = PositionFactory(employer__municipality_id="350", title="Kontraktgennemgang")
    user = User.objects.create_user("virksomhed.test", role=Role.EMPLOYER)
    person = ContactPerson.objects.create(employer=position.employer, name="K")
    link_contact_person(user, person)
    client = Client()
    client.force_login(user)
    return position, user, client


def _proposal(personas, position):
    case = ApprovalFactory(citizen__municipality_id="350")
    return propose_match(personas["sagsbehandler.lejre"], case.citizen, position, on=ON)


def test_interested_is_recorded_and_shown_to_the_consultant(company, personas):
    position, _user, client = company
    placement = _proposal(personas, position)
    url = reverse("selfservice:employer_answer", args=[placement.pk])
    assert client.post(url, {"answer": "interested"}).status_code == 302
    placement.refresh_from_db()
    assert (placement.employer_answer, placement.stage) == ("interested", "proposed")
    assert AuditEvent.objects.filter(detail="virksomhedens svar: interested").exists()
    page = client.get(reverse("selfservice:employer_position", args=[position.pk]))
    assert "Jeres svar" in page.content.decode()
    staff = Client()
    staff.force_login(personas["sagsbehandler.lejre"])
    detail = staff.get(reverse("placements:detail", args=[placement.pk])).content.decode()
    assert 'data-testid="employer-answer">Interesseret' in detail


@pytest.mark.parametrize(
    ("reason", "ends"),
    [("hours", "hours"), ("needs", "needs"), ("filled", "employer_withdrew"), ("other", "other")],
)
def test_not_interested_ends_the_proposal_with_the_coded_reason(company, personas, reason, ends):
    position, user, client = company
    placement = _proposal(personas, position)
    url = reverse("selfservice:employer_answer", args=[placement.pk])
    client.post(url, {"answer": "not_interested", "reason": reason})
    placement = Placement.objects.get(pk=placement.pk)
    assert (placement.stage, placement.not_hired_reason) == ("not_hired", ends)
    assert placement.employer_reason == reason
    note = placement.transitions.order_by("-pk").first().note
    assert note.startswith("Virksomheden: ")
    # A closed proposal cannot be answered again.
    with pytest.raises(Refused):
        answer_as_employer(user, position.employer, placement, interested=True)


def test_a_decline_needs_a_reason_and_another_company_gets_404(company, personas):
    position, user, client = company
    placement = _proposal(personas, position)
    url = reverse("selfservice:employer_answer", args=[placement.pk])
    response = client.post(url, {"answer": "not_interested"}, follow=True)
    assert "Vælg, hvorfor kandidaten ikke passer" in response.content.decode()
    assert Placement.objects.get(pk=placement.pk).employer_answer == ""
    other = _proposal(personas, PositionFactory(employer__municipality_id="350"))
    url = reverse("selfservice:employer_answer", args=[other.pk])
    assert client.post(url, {"answer": "interested"}).status_code == 404
    with pytest.raises(Placement.DoesNotExist):
        answer_as_employer(user, position.employer, other, interested=True)


def test_a_visit_request_is_on_the_consultants_task_list(company, personas):
    position, user, client = company
    consultant = personas["sagsbehandler.lejre"]
    log_contact(
        consultant,
        position.employer,
        on=timezone.localdate() - dt.timedelta(days=10),
        channel="phone",
        outcome="interested",
    )
    home = client.get(reverse("selfservice:employer_home")).content.decode()
    assert home.count('data-testid="visit-form"') == 1
    assert "<title>Jeres stillinger" in home and home.count('id="submissions-heading"') == 1
    response = client.post(reverse("selfservice:employer_visit"), {"note": "Vi har nye opgaver"})
    assert response.status_code == 302
    entry = ContactLogEntry.objects.get(outcome="visit_requested")
    assert (entry.consultant, entry.channel, entry.follow_up_on) == (
        consultant,
        "portal",
        timezone.localdate(),
    )
    assert entry.note == "Vi har nye opgaver" and entry.contact_person.account.user == user
    staff = Client()
    staff.force_login(consultant)
    tasks = staff.get(reverse("employers:follow_ups")).content.decode()
    assert "Virksomheden beder om et besøg" in tasks and position.employer.name in tasks
    crm = staff.get(reverse("employers:detail", args=[position.employer_id])).content.decode()
    assert "Virksomheden beder om et besøg" in crm
    # A second request while the first is open is refused (and said so on the page).
    again = client.post(reverse("selfservice:employer_visit"), follow=True).content.decode()
    assert "allerede bedt om et besøg" in again
    assert ContactLogEntry.objects.filter(outcome="visit_requested").count() == 1
    with pytest.raises(Refused):
        request_visit(user, entry.contact_person)
