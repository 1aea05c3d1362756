"""A citizen new to the municipality is registered on a page with the visitation decision that
opens the case: all or nothing, audited, the CPR number never in a URL, and no answer that
tells whether another municipality knows the CPR number."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fleksjob.accounts.models import ApiToken
from fleksjob.audit.models import AuditEvent
from fleksjob.citizens.models import Approval, CaseDecision, Citizen
from fleksjob.core.rules import cpr as cpr_rules
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

URL = reverse("citizens:new")
CPR = cpr_rules.build(dt.date(1980, 5, 17), 123, "F")


def _form(**overrides) -> dict:
    data = {
        "cpr": CPR[:6] + "-" + CPR[6:],
        "first_name": "Birte",
        "last_name": "Holm",
        "education": "vocational",
        "goal": "progression",
        "hours_min": "5",
        "hours_capacity": "8",
        "hours_target": "15",
        "lat": "55.62",
        "lon": "11.93",
        "needs": ["short_days"],
        "decision-on": timezone.localdate().isoformat(),
        "decision-legal_basis": "lab_116",
        "decision-justification": "Varigt og væsentligt nedsat arbejdsevne",
        "take_case": "on",
    }
    return {**data, **overrides}


def _nothing_written():
    assert not Citizen.objects.exists()
    assert not Approval.objects.exists() and not CaseDecision.objects.exists()
    assert not AuditEvent.objects.filter(
        action="create", object_type__in=["Citizen", "CaseDecision"]
    ).exists()


def test_the_page_offers_the_profile_and_the_visitation(login):
    html = login("sagsbehandler.lejre").get(URL).content.decode()
    assert "CPR-nummer" in html and "Visitationsdato" in html and "Retsgrundlag" in html
    assert 'name="take_case"' in html
    # The approximate location starts at Lejre's centre (reference data), in the form's numbers.
    assert 'value="55.6' in html or 'value="55,6' in html
    caseload = login("sagsbehandler.lejre").get(reverse("citizens:list")).content.decode()
    assert URL in caseload


def test_a_new_citizen_is_registered_with_the_case_and_the_decision(login, personas):
    client = login("sagsbehandler.lejre")
    done = client.post(URL, _form())
    citizen = Citizen.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse(
        "citizens:detail", args=[citizen.pk]
    )
    assert CPR not in done["Location"]
    assert citizen.municipality_id == "350" and citizen.needs == ["short_days"]
    assert citizen.birth_date == dt.date(1980, 5, 17)
    case = Approval.objects.get()
    assert case.status == "approved_unemployed" and case.visitation_date == timezone.localdate()
    assert case.caseworker == personas["sagsbehandler.lejre"]
    made = CaseDecision.objects.get()
    assert (made.kind, made.legal_basis, made.approval_id) == ("visitation", "lab_116", case.pk)
    assert made.applied_on == timezone.localdate() and made.transition is not None
    created = set(AuditEvent.objects.filter(action="create").values_list("object_type", flat=True))
    assert {"Citizen", "CaseDecision"} <= created
    assert not AuditEvent.objects.filter(detail__contains=CPR).exists()


def test_without_taking_it_the_case_waits_in_the_queue(login):
    login("sagsbehandler.lejre").post(URL, _form(take_case=""))
    assert Approval.objects.get().caseworker is None


def test_a_manager_registers_and_the_case_goes_to_the_queue(login):
    client = login("leder.rudersdal")
    assert 'name="take_case"' not in client.get(URL).content.decode()
    assert client.post(URL, _form()).status_code == 302
    case = Approval.objects.get()
    assert case.citizen.municipality_id == "230" and case.caseworker is None


def test_a_cpr_registered_here_is_refused_and_nothing_is_written(login):
    CitizenFactory(municipality_id="350", cpr=CPR)
    before = Citizen.objects.count()
    refused = login("sagsbehandler.lejre").post(URL, _form())
    assert refused.status_code == 409
    assert "findes allerede en borger med dette CPR-nummer" in refused.content.decode()
    assert Citizen.objects.count() == before and not CaseDecision.objects.exists()


def test_a_cpr_known_elsewhere_is_registered_as_if_unknown(login):
    CitizenFactory(municipality_id="230", cpr=CPR)
    assert login("sagsbehandler.lejre").post(URL, _form()).status_code == 302
    assert Citizen.objects.filter(municipality_id="350").count() == 1


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("cpr", "123", "CPR"),
        ("decision-on", "2999-01-01", "Visitationsdato"),
        ("decision-legal_basis", "sickness", "Retsgrundlag"),
        ("decision-justification", "", "Begrundelse"),
        ("hours_capacity", "2", "mindste timetal"),
        ("lat", "40", "Breddegrad"),
    ],
)
def test_bad_input_is_refused_at_its_field_and_nothing_is_written(login, field, value, reason):
    refused = login("sagsbehandler.lejre").post(URL, _form(**{field: value}))
    assert refused.status_code == 422
    html = refused.content.decode()
    assert "Borgeren er ikke oprettet" in html and reason in html
    _nothing_written()


def test_a_visitation_in_the_future_is_refused(login):
    ahead = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    refused = login("sagsbehandler.lejre").post(URL, _form(**{"decision-on": ahead}))
    assert refused.status_code in (409, 422)
    _nothing_written()


@pytest.mark.parametrize("persona", ["konsulent.aarhus"])
def test_roles_that_do_not_decide_are_refused(login, persona):
    client = login(persona)
    assert client.get(URL).status_code == 403
    assert client.post(URL, _form()).status_code == 403
    _nothing_written()


# --- the same through the API ------------------------------------------------------------------


def _post(personas, username, body):
    token = ApiToken.issue(personas[username])[1]
    return Client().post(
        "/api/v1/citizens/",
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def _body(**overrides) -> dict:
    body = {
        "cpr": CPR,
        "first_name": "Birte",
        "last_name": "Holm",
        "education": "vocational",
        "goal": "progression",
        "hours_min": "5",
        "hours_capacity": "8",
        "hours_target": "15",
        "visitation": {
            "on": timezone.localdate().isoformat(),
            "legal_basis": "lab_116",
            "justification": "Varigt og væsentligt nedsat arbejdsevne",
        },
    }
    return {**body, **overrides}


def test_the_api_registers_a_citizen_with_the_visitation(personas):
    made = _post(personas, "sagsbehandler.lejre", _body(take_case=True))
    assert made.status_code == 201, made.content
    found = made.json()
    assert found["status"] == "approved_unemployed"
    assert found["caseworker"] == "sagsbehandler.lejre"
    assert CPR not in made.content.decode()
    citizen = Citizen.objects.get(pk=found["id"])
    lejre = citizen.municipality
    assert (citizen.lat, citizen.lon) == (lejre.lat, lejre.lon)  # no coordinates: the centre
    assert CaseDecision.objects.get().kind == "visitation"


@pytest.mark.parametrize(
    ("change", "field", "status"),
    [
        ({"cpr": "320103-1234"}, "cpr", 422),
        ({"hours_capacity": "2"}, "hours_capacity", 422),
        (
            {"visitation": {"on": "2999-01-01", "legal_basis": "lab_116", "justification": "x"}},
            "visitation.on",
            422,
        ),
        ({"take_case": True}, "take_case", 422),
    ],
)
def test_the_api_refuses_bad_input_naming_the_field(personas, change, field, status):
    username = "leder.rudersdal" if "take_case" in change else "sagsbehandler.lejre"
    refused = _post(personas, username, _body(**change))
    assert refused.status_code == status, refused.content
    fields = [e["field"] for e in refused.json()["errors"]]
    assert any(field in (f or "") for f in fields), fields
    _nothing_written()


def test_the_api_refuses_a_cpr_registered_here_and_not_one_registered_elsewhere(personas):
    CitizenFactory(municipality_id="230", cpr=CPR)
    assert _post(personas, "sagsbehandler.lejre", _body()).status_code == 201
    again = _post(personas, "sagsbehandler.lejre", _body())
    assert again.status_code == 409 and CPR not in again.content.decode()


def test_the_api_refuses_roles_that_do_not_decide(personas):
    assert _post(personas, "konsulent.aarhus", _body()).status_code == 403
    _nothing_written()
