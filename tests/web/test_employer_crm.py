"""The company consultant's CRM: contact log, contact persons, positions, the outreach list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from fleksjob.core.versions import version_of
from fleksjob.employers.models import ContactLogEntry, Position
from fleksjob.placements.models import Employment
from tests.factories import ApprovalFactory, EmployerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def employer(personas):
    return EmployerFactory(municipality_id="751")


def test_log_a_contact_and_add_a_person(login, employer):
    client = login("konsulent.aarhus")
    url = reverse("employers:detail", args=[employer.pk])
    today = timezone.localdate().isoformat()
    response = client.post(
        url, {"form": "person", "person-name": "Mette Hansen", "person-title": "HR"}
    )
    assert response.status_code == 302
    person = employer.contacts.get()
    response = client.post(
        url,
        {
            "form": "contact",
            "contact-on": today,
            "contact-channel": "visit",
            "contact-outcome": "interested",
            "contact-contact_person": person.pk,
        },
    )
    assert response.status_code == 302
    entry = ContactLogEntry.objects.get()
    assert entry.consultant.username == "konsulent.aarhus" and entry.contact_person == person


def test_contact_validation_and_scoping(login, employer):
    client = login("konsulent.aarhus")
    url = reverse("employers:detail", args=[employer.pk])
    future = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    response = client.post(
        url,
        {
            "form": "contact",
            "contact-on": future,
            "contact-channel": "visit",
            "contact-outcome": "interested",
        },
    )
    assert response.status_code == 422 and "fremtiden" in response.content.decode()
    foreign_person = EmployerFactory(municipality_id="751").contacts.create(name="Anden")
    response = client.post(
        url,
        {
            "form": "contact",
            "contact-on": timezone.localdate().isoformat(),
            "contact-channel": "visit",
            "contact-outcome": "interested",
            "contact-contact_person": foreign_person.pk,
        },
    )
    assert response.status_code == 422
    assert client.post(url, {"form": "bogus"}).status_code == 400
    assert not ContactLogEntry.objects.exists()
    other = login("sagsbehandler.lejre")
    assert other.post(url, {"form": "person", "person-name": "X"}).status_code == 404


def test_create_and_edit_a_split_off_position(login, employer):
    client = login("konsulent.aarhus")
    new = reverse("employers:position_new", args=[employer.pk])
    data = {
        "title": "Kopi og post",
        "occupation": "4110",
        "tasks_text": "post, kopiering",
        "hours_min": "6",
        "hours_max": "12",
        "provides": ["quiet_environment", "extra_breaks"],
        "openings": "1",
        "split_off": "on",
        "status": "open",
    }
    assert client.post(new, {**data, "occupation": "41"}).status_code == 422
    assert client.post(new, {**data, "hours_min": "14"}).status_code == 422
    assert client.post(new, {**data, "provides": ["flying"]}).status_code == 422
    assert not Position.objects.exists()
    assert client.post(new, data).status_code == 302
    position = Position.objects.get()
    assert position.split_off and position.provides == ["extra_breaks", "quiet_environment"]
    edit = reverse("employers:position_edit", args=[employer.pk, position.pk])
    form = {**data, "hours_max": "15", "version": version_of(position)}  # as the page sends it
    assert client.post(edit, form).status_code == 302
    position.refresh_from_db()
    assert position.hours_max == 15
    other_employer = EmployerFactory(municipality_id="751")
    wrong = reverse("employers:position_edit", args=[other_employer.pk, position.pk])
    assert client.get(wrong).status_code == 404


def test_outreach_ranks_by_the_documented_score(login, personas):
    today = timezone.localdate()
    hires = EmployerFactory(municipality_id="751", name="Hyppig Ansætter", size_band="large")
    recent = EmployerFactory(municipality_id="751", name="Netop Kontaktet", size_band="micro")
    EmployerFactory(municipality_id="350", name="Anden Kommune")
    case = ApprovalFactory(citizen__municipality_id="751")
    for _ in range(3):
        Employment.objects.create(
            citizen=case.citizen,
            employer=hires,
            kind="fleksjob",
            start=dt.date(2022, 1, 1),
            hourly_wage=180,
        )
    ContactLogEntry.objects.create(employer=recent, on=today, channel="phone", outcome="no_need")
    ContactLogEntry.objects.create(
        employer=hires, on=today - dt.timedelta(days=500), channel="phone", outcome="no_need"
    )
    client = login("konsulent.aarhus")
    page = client.get(reverse("employers:outreach")).content.decode()
    assert page.index("Hyppig Ansætter") < page.index("Netop Kontaktet")
    assert "Anden Kommune" not in page
    assert "har ansat 3 i fleksjob før" in page
    # Hyppig Ansætter has fleksjobbere (ended employments don't count; these are open) and was
    # contacted 500 days ago: 0 of 1 fleksjob employers contacted in the last 12 months.
    assert "(0 af 1)" in page
