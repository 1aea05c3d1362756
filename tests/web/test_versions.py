"""Versions are checked by the write functions, under their row lock, whatever the caller: a
page's form with a stale version is refused like the API's stale If-Match, and an update without
a version is refused too (no lost updates on either path)."""

import datetime as dt

import pytest
from django.urls import reverse

from fleksjob.core.errors import StaleVersion, VersionRequired
from fleksjob.core.versions import ANY, version_of
from fleksjob.employers.actions import save_employer, save_position
from fleksjob.employers.models import Employer, Position
from fleksjob.followup.actions import agree_plan
from fleksjob.followup.models import FollowUpPlan
from tests.factories import ApprovalFactory, EmployerFactory, PositionFactory

pytestmark = pytest.mark.django_db

POSITION = {
    "title": "Kopi og post",
    "occupation": "4110",
    "tasks_text": "post, kopiering",
    "hours_min": "6",
    "hours_max": "12",
    "openings": "1",
    "status": "open",
}


@pytest.fixture
def position(personas):
    return PositionFactory(employer__municipality_id="350", status="open", hours_max=12)


def test_a_stale_position_form_does_not_overwrite_another_users_change(login, position):
    client = login("sagsbehandler.lejre")
    url = reverse("employers:position_edit", args=[position.employer_id, position.pk])
    page = client.get(url).content.decode()
    read = version_of(position)
    assert f'value="{read}"' in page  # the form carries the version it was filled in from
    colleague = {**POSITION, "title": "Kollegaens titel", "version": read}
    assert client.post(url, colleague).status_code == 302
    stale = client.post(url, {**POSITION, "title": "Min titel", "version": read})
    assert stale.status_code == 422
    assert "ændret af en anden" in stale.content.decode()
    assert Position.objects.get(pk=position.pk).title == "Kollegaens titel"


def test_a_stale_plan_form_does_not_replace_a_plan_it_never_saw(login, personas):
    approval = ApprovalFactory(citizen__municipality_id="350")
    client = login("sagsbehandler.lejre")
    url = reverse("followup:plan", args=[approval.citizen_id])
    plan = {
        "form": "plan",
        "plan-purpose": "more_hours",
        "plan-cadence_weeks": "6",
        "plan-agreed_on": "2026-11-23",
    }
    assert client.post(url, plan).status_code == 302  # no plan yet: nothing to be stale
    read = version_of(FollowUpPlan.objects.get(active=True))
    assert (
        client.post(url, {**plan, "plan-cadence_weeks": "4", "plan-version": read}).status_code
        == 302
    )
    stale = client.post(url, {**plan, "plan-cadence_weeks": "9", "plan-version": read})
    assert stale.status_code == 422 and "ændret af en anden" in stale.content.decode()
    assert FollowUpPlan.objects.get(active=True).cadence_weeks == 4


def test_a_stale_move_form_is_refused(login, personas):
    from fleksjob.placements.actions import propose_match

    approval = ApprovalFactory(citizen__municipality_id="350")
    position = PositionFactory(employer__municipality_id="350", status="open")
    user = personas["sagsbehandler.lejre"]
    placement = propose_match(user, approval.citizen, position, on=dt.date(2026, 3, 1))
    client = login("sagsbehandler.lejre")
    url = reverse("placements:move", args=[placement.pk])
    read = version_of(placement)
    move = {"to_stage": "not_hired", "on": "2026-03-02", "reason": "hours", "version": read}
    placement.save()  # someone else saved it since (a new version)
    stale = client.post(url, move)
    assert stale.status_code == 422 and "ændret af en anden" in stale.content.decode()
    placement.refresh_from_db()
    assert placement.stage == "proposed"


def test_write_functions_check_the_version_whoever_calls(personas, position):
    user = personas["sagsbehandler.lejre"]
    employer = position.employer
    with pytest.raises(VersionRequired):
        save_employer(user, employer, name="Uden version")
    read = version_of(employer)
    save_employer(user, employer, expected_version=read, name="Første")
    with pytest.raises(StaleVersion):
        save_employer(user, employer, expected_version=read, name="Anden")
    assert Employer.objects.get(pk=employer.pk).name == "Første"
    save_employer(user, employer, expected_version=ANY, name="Systemet")  # as found
    with pytest.raises(VersionRequired):
        save_position(user, employer, position, title="Uden version")
    # An If-Match list is accepted when one of its tags is current.
    current = version_of(Position.objects.get(pk=position.pk))
    save_position(user, employer, position, expected_version=f'"x", "{current}"', title="Ny")
    assert Position.objects.get(pk=position.pk).title == "Ny"


def test_a_plan_replaced_without_its_version_is_refused(personas):
    approval = ApprovalFactory(citizen__municipality_id="350")
    user = personas["sagsbehandler.lejre"]
    first = agree_plan(
        user, approval, purpose="foothold", cadence_weeks=8, agreed_on=dt.date(2026, 1, 5)
    )
    with pytest.raises(VersionRequired):
        agree_plan(
            user, approval, purpose="foothold", cadence_weeks=4, agreed_on=dt.date(2026, 1, 6)
        )
    agree_plan(
        user,
        approval,
        purpose="foothold",
        cadence_weeks=4,
        agreed_on=dt.date(2026, 1, 6),
        expected_version=version_of(first),
    )
    assert FollowUpPlan.objects.get(active=True).cadence_weeks == 4


def test_the_etag_is_the_version(personas):
    employer = EmployerFactory(municipality_id="350")
    assert len(version_of(employer)) == 32
    before = version_of(employer)
    employer.save()
    assert version_of(employer) != before
