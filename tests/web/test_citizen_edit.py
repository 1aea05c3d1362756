"""Editing a citizen's profile: validation, lost-update guard, consent date, field-name audit."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from fleksjob.audit.models import AuditEvent
from fleksjob.citizens.forms import version_of
from tests.factories import ApprovalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen(personas):
    return ApprovalFactory(citizen__municipality_id="350").citizen


def _data(citizen, **overrides):
    data = {
        "first_name": citizen.first_name,
        "last_name": citizen.last_name,
        "education": citizen.education,
        "occupations": "9112, 4110",
        "skills_text": "rengøring, post og kopiering",
        "needs": ["extra_breaks", "quiet_environment"],
        "needs_note": "",
        "hours_min": "5",
        "hours_capacity": "12",
        "hours_target": "20",
        "max_commute_km": "30",
        "wishes_sectors": ["public_admin"],
        "wishes_task_types": ["administrative"],
        "goal": "progression",
        "version": version_of(citizen),
    }
    data.update(overrides)
    return data


def test_edit_saves_and_audits_field_names_only(login, citizen):
    client = login("sagsbehandler.lejre")
    url = reverse("citizens:edit", args=[citizen.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _data(citizen, consent_share_profile="on"))
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.occupations == ["4110", "9112"]
    assert citizen.needs == ["extra_breaks", "quiet_environment"]
    assert citizen.max_commute_km == 30 and citizen.consent_share_profile
    assert citizen.consent_recorded_at is not None
    event = AuditEvent.objects.filter(citizen_id=citizen.pk, action="update").get()
    assert "needs" in event.detail and "quiet_environment" not in event.detail


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"occupations": "12"}, "DISCO-08"),
        ({"hours_min": "15", "hours_capacity": "12"}, "mindste timetal"),
        ({"hours_target": "40"}, "37"),
        ({"needs": ["telepathy"]}, "telepathy"),
        ({"first_name": ""}, "felt"),
    ],
)
def test_invalid_edit_is_refused_with_the_field_named(login, citizen, overrides, message):
    client = login("sagsbehandler.lejre")
    before = citizen.skills_text
    response = client.post(reverse("citizens:edit", args=[citizen.pk]), _data(citizen, **overrides))
    assert response.status_code == 422
    assert message in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.skills_text == before
    assert not AuditEvent.objects.filter(action="update").exists()


def test_a_stale_form_does_not_overwrite_another_users_change(login, citizen):
    client = login("sagsbehandler.lejre")
    stale = _data(citizen, skills_text="min version")
    citizen.skills_text = "en kollegas version"
    citizen.save()
    response = client.post(reverse("citizens:edit", args=[citizen.pk]), stale)
    assert response.status_code == 422
    assert "ændret af en anden" in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.skills_text == "en kollegas version"


def test_edit_of_another_municipality_s_citizen_is_404(login, citizen):
    client = login("sagsbehandler.rudersdal")
    url = reverse("citizens:edit", args=[citizen.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _data(citizen)).status_code == 404
    citizen.refresh_from_db()
    assert citizen.hours_capacity == Decimal(12)
