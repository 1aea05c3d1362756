"""Case decisions in the API: POST /api/v1/citizens/{id}/decisions refuses as the pages do
(409 for the case's state, 422 naming the field), scheduled decisions can be cancelled, and the
log lists them."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from fleksjob.accounts.models import ApiToken
from fleksjob.audit.models import AuditEvent
from fleksjob.citizens.models import Approval, CaseDecision
from tests.factories import ApprovalFactory, in_fleksjob_since_2021

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(personas):
    return ApprovalFactory(citizen__municipality_id="350")


def _send(personas, username, method, path, body=None):
    token = ApiToken.issue(personas[username])[1]
    kwargs = {"content_type": "application/json", "data": json.dumps(body)} if body else {}
    return getattr(Client(), method)(path, headers={"Authorization": f"Bearer {token}"}, **kwargs)


def _body(**overrides):
    body = {
        "kind": "end",
        "on": timezone.localdate().isoformat(),
        "legal_basis": "social_pension",
        "reason": "state_pension",
        "justification": "Folkepensionsalder nået",
    }
    return {**body, **overrides}


def test_an_end_decision_through_the_api(personas, case):
    path = f"/api/v1/citizens/{case.citizen_id}/decisions"
    made = _send(personas, "sagsbehandler.lejre", "post", path, _body())
    assert made.status_code == 201, made.content
    found = made.json()
    assert (found["kind"], found["reason"], found["state"]) == ("end", "state_pension", "applied")
    assert "lov om social pension" in found["legal_basis_label"]
    case = Approval.objects.get(pk=case.pk)
    assert (case.status, case.ended_reason) == ("ended", "state_pension")
    assert AuditEvent.objects.filter(object_type="CaseDecision", channel="api").exists()
    listed = _send(personas, "sagsbehandler.lejre", "get", path).json()
    assert [d["id"] for d in listed["items"]] == [found["id"]]
    again = _send(personas, "sagsbehandler.lejre", "post", path, _body())
    assert again.status_code == 409
    assert "afsluttet" in again.json()["detail"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"legal_basis": "lab_122"}, "legal_basis"),
        ({"legal_basis": "no_such"}, "legal_basis"),
        ({"reason": "sickness"}, "reason"),
        ({"on": "2024-02-01"}, "on"),
        ({"justification": ""}, "justification"),
        ({"kind": "resume", "legal_basis": "sickness", "reason": "sickness"}, "reason"),
    ],
)
def test_invalid_values_are_422_naming_the_field(personas, case, overrides, field):
    path = f"/api/v1/citizens/{case.citizen_id}/decisions"
    response = _send(personas, "sagsbehandler.lejre", "post", path, _body(**overrides))
    assert response.status_code == 422, response.content
    fields = {e["field"] for e in response.json()["errors"]}
    assert any(field in (f or "") for f in fields), response.json()
    assert not CaseDecision.objects.exists()


def test_resume_of_an_unpaused_case_is_409(personas, case):
    path = f"/api/v1/citizens/{case.citizen_id}/decisions"
    body = _body(kind="resume", legal_basis="sickness", reason="")
    response = _send(personas, "sagsbehandler.lejre", "post", path, body)
    assert response.status_code == 409
    assert "ikke sat på pause" in response.json()["detail"]


def test_scheduled_decision_and_cancel(personas, case):
    path = f"/api/v1/citizens/{case.citizen_id}/decisions"
    ahead = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    made = _send(personas, "sagsbehandler.lejre", "post", path, _body(on=ahead)).json()
    assert made["state"] == "scheduled"
    assert Approval.objects.get(pk=case.pk).status == "approved_unemployed"
    cancel = f"{path}/{made['id']}/cancel"
    assert _send(personas, "sagsbehandler.rudersdal", "post", cancel).status_code == 404
    assert _send(personas, "konsulent.aarhus", "post", cancel).status_code == 403
    done = _send(personas, "sagsbehandler.lejre", "post", cancel)
    assert (done.status_code, done.json()["state"]) == (200, "cancelled")
    assert _send(personas, "sagsbehandler.lejre", "post", cancel).status_code == 409


def test_consultants_may_not_decide(personas):
    case = ApprovalFactory(citizen__municipality_id="751")  # Aarhus, the consultant's own
    path = f"/api/v1/citizens/{case.citizen_id}/decisions"
    assert _send(personas, "konsulent.aarhus", "post", path, _body()).status_code == 403
    assert _send(personas, "konsulent.aarhus", "get", path).status_code == 200


def test_a_review_through_the_api_shows_on_the_approval(personas):
    case = in_fleksjob_since_2021()
    path = f"/api/v1/citizens/{case.citizen_id}"
    today = timezone.localdate()
    body = _body(kind="review", legal_basis="lab_122", reason="permanent", on=today.isoformat())
    made = _send(personas, "sagsbehandler.lejre", "post", f"{path}/decisions", body)
    assert made.status_code == 201, made.content
    approval = _send(personas, "sagsbehandler.lejre", "get", f"{path}/approvals").json()["items"][0]
    assert (approval["permanent"], approval["reviewed_on"]) == (True, today.isoformat())
