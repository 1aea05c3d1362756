"""Write endpoints of the API: ETag/If-Match (no lost updates), one error body, scoping, roles,
audit, and nothing half-written on error."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fleksjob.accounts.models import User
from fleksjob.audit.models import AuditEvent
from fleksjob.citizens.models import Citizen
from fleksjob.employers.models import ContactLogEntry, Employer, Position
from fleksjob.followup.models import FollowUpMeeting, FollowUpPlan
from tests.factories import ApprovalFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lejre(personas):
    approval = ApprovalFactory(citizen__municipality_id="350")
    position = PositionFactory(employer__municipality_id="350", status="open")
    return {"citizen": approval.citizen, "approval": approval, "position": position}


def test_two_users_cannot_silently_overwrite_each_other(api_as, lejre, personas):
    colleague = User.objects.create_user("kollega.lejre", role="caseworker", municipality_id="350")
    first, second = api_as("sagsbehandler.lejre"), api_as(colleague)
    path = f"/citizens/{lejre['citizen'].pk}"
    tag_a, tag_b = first("get", path)["ETag"], second("get", path)["ETag"]
    assert tag_a == tag_b and tag_a.startswith('"')
    saved = first("patch", path, {"skills_text": "truckcertifikat"}, **{"If-Match": tag_a})
    assert saved.status_code == 200 and saved["ETag"] != tag_a
    stale = second("patch", path, {"skills_text": "andet"}, **{"If-Match": tag_b})
    assert stale.status_code == 412
    assert set(stale.json()) == {"detail", "errors"}
    assert Citizen.objects.get(pk=lejre["citizen"].pk).skills_text == "truckcertifikat"
    missing = second("patch", path, {"skills_text": "andet"})
    assert missing.status_code == 428
    retried = second("patch", path, {"skills_text": "andet"}, **{"If-Match": saved["ETag"]})
    assert retried.status_code == 200 and retried.json()["skills_text"] == "andet"
    event = AuditEvent.objects.filter(action="update", citizen_id=lejre["citizen"].pk).last()
    assert event.channel == "api" and "skills_text" in event.detail
    assert "andet" not in event.detail


def test_validation_error_names_the_field_and_writes_nothing(api_as, lejre):
    call = api_as("sagsbehandler.lejre")
    path = f"/citizens/{lejre['citizen'].pk}"
    tag = call("get", path)["ETag"]
    before = Citizen.objects.get(pk=lejre["citizen"].pk).updated_at
    bad = call(
        "patch",
        path,
        {"hours_min": 30, "hours_capacity": 5, "skills_text": "x"},
        **{"If-Match": tag},
    )
    assert bad.status_code == 422
    assert {"field": "hours_capacity"}.items() <= bad.json()["errors"][0].items()
    typed = call("patch", path, {"goal": "nope", "first_name": "Hemmelig"}, **{"If-Match": tag})
    assert typed.status_code == 422
    assert [e["field"] for e in typed.json()["errors"]] == ["goal"]
    assert "Hemmelig" not in typed.content.decode()
    assert Citizen.objects.get(pk=lejre["citizen"].pk).updated_at == before


def test_other_municipality_is_404_and_admin_403(api_as, lejre):
    path = f"/citizens/{lejre['citizen'].pk}"
    body = {"skills_text": "x"}
    other = api_as("sagsbehandler.rudersdal")("patch", path, body, **{"If-Match": '"x"'})
    assert other.status_code == 404 and other.json()["errors"] == []
    assert api_as("admin")("patch", path, body, **{"If-Match": '"x"'}).status_code == 403


def test_employer_and_position_create_and_update(api_as, lejre):
    call = api_as("sagsbehandler.lejre")
    made = call(
        "post",
        "/employers/",
        {"cvr": "31234567", "name": "Bageriet", "sector": "retail", "size_band": "small"},
    )
    assert made.status_code == 201, made.json()
    employer = Employer.objects.get(pk=made.json()["id"])
    assert employer.municipality_id == "350"
    assert AuditEvent.objects.filter(
        object_type="Employer", object_id=str(employer.pk), action="create", channel="api"
    ).exists()
    duplicate = call(
        "post",
        "/employers/",
        {"cvr": "31234567", "name": "Igen", "sector": "retail", "size_band": "small"},
    )
    assert duplicate.status_code == 422 and duplicate.json()["errors"][0]["field"] == "cvr"
    position = call(
        "post",
        f"/employers/{employer.pk}/positions",
        {"title": "Kagepynter", "occupation": "7512", "hours_min": 10, "hours_max": 15},
    )
    assert position.status_code == 201, position.json()
    bad = call(
        "post",
        f"/employers/{employer.pk}/positions",
        {"title": "X", "occupation": "0000", "hours_min": 20, "hours_max": 15},
    )
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} >= {"occupation", "hours_max"}
    assert Position.objects.filter(employer=employer).count() == 1
    path = f"/positions/{position.json()['id']}"
    assert call("patch", path, {"openings": 2}).status_code == 428
    tag = call("get", path)["ETag"]
    changed = call("patch", path, {"openings": 2}, **{"If-Match": tag})
    assert changed.status_code == 200 and changed.json()["openings"] == 2
    assert call("patch", path, {"openings": 3}, **{"If-Match": tag}).status_code == 412
    assert AuditEvent.objects.filter(object_type="Position", channel="api").count() == 2


def test_contact_log_meeting_and_plan(api_as, lejre):
    call = api_as("sagsbehandler.lejre")
    employer = lejre["position"].employer_id
    today = timezone.localdate().isoformat()
    logged = call(
        "post",
        f"/employers/{employer}/contact-log",
        {"on": today, "channel": "phone", "outcome": "interested"},
    )
    assert logged.status_code == 201
    assert call("get", f"/employers/{employer}/contact-log").json()["count"] == 1
    future = call(
        "post",
        f"/employers/{employer}/contact-log",
        {"on": "2999-01-01", "channel": "phone", "outcome": "interested"},
    )
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "on"
    assert ContactLogEntry.objects.count() == 1
    citizen = lejre["citizen"].pk
    met = call(
        "post",
        f"/citizens/{citizen}/meetings",
        {"held_on": today, "kind": "jobsamtale", "channel": "phone"},
    )
    assert met.status_code == 201 and FollowUpMeeting.objects.count() == 1
    plan = {
        "purpose": "more_hours",
        "cadence_weeks": 8,
        "agreed_on": today,
        "steps": [{"target_date": "2099-01-01", "hours_per_week": 12}],
    }
    first = call("put", f"/citizens/{citizen}/follow-up-plan", plan)
    assert first.status_code == 200 and first.json()["steps"][0]["hours_per_week"] == "12.0"
    assert call("put", f"/citizens/{citizen}/follow-up-plan", plan).status_code == 428
    bad = dict(plan, steps=[{"target_date": "2000-01-01", "hours_per_week": 12}])
    refused = call("put", f"/citizens/{citizen}/follow-up-plan", bad, **{"If-Match": first["ETag"]})
    assert refused.status_code == 409
    assert FollowUpPlan.objects.filter(citizen_id=citizen).count() == 1


def test_propose_and_move_placement(api_as, lejre):
    call = api_as("sagsbehandler.lejre")
    body = {"citizen": lejre["citizen"].pk, "position": lejre["position"].pk}
    made = call("post", "/placements/", body)
    assert made.status_code == 201, made.json()
    again = call("post", "/placements/", body)
    assert again.status_code == 409
    path = f"/placements/{made.json()['id']}/transitions"
    today = timezone.localdate().isoformat()
    wrong = call("post", path, {"to_stage": "not_hired", "on": today})
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "reason"
    moved = call("post", path, {"to_stage": "not_hired", "on": today, "reason": "hours"})
    assert moved.status_code == 200 and moved.json()["stage"] == "not_hired"


def test_session_writes_need_csrf(personas, lejre):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["sagsbehandler.lejre"])
    path = f"/api/v1/citizens/{lejre['citizen'].pk}"
    tag = client.get(path)["ETag"]
    refused = client.patch(path, "{}", content_type="application/json", headers={"If-Match": tag})
    assert refused.status_code == 403 and set(refused.json()) == {"detail", "errors"}
    client.get(reverse("citizens:edit", kwargs={"pk": lejre["citizen"].pk}))  # sets the cookie
    csrf = client.cookies["csrftoken"].value
    accepted = client.patch(
        path, "{}", content_type="application/json", headers={"If-Match": tag, "X-CSRFToken": csrf}
    )
    assert accepted.status_code == 200


def test_bad_filter_is_422_with_the_field(api_as, lejre):
    response = api_as("sagsbehandler.lejre")("get", "/citizens/?status=bogus")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "status"
    ok = api_as("sagsbehandler.lejre")(
        "get", "/positions/?status=open&occupation=" + lejre["position"].occupation
    )
    assert lejre["position"].pk in [p["id"] for p in ok.json()["items"]]
