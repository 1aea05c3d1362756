"""Case decisions on the citizen's page: a form per decision with Danish labels, a confirmation
step, clear refusals (409 for the case's state, 422 at the field), roles and scoping."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from fleksjob.audit.models import AuditEvent
from fleksjob.citizens.models import Approval, CaseDecision
from tests.factories import ApprovalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(personas):
    return ApprovalFactory(citizen__municipality_id="350")


def _url(case, kind="pause"):
    return reverse("citizens:decide", args=[case.citizen_id, kind])


def _pause(**overrides):
    data = {
        "on": timezone.localdate().isoformat(),
        "legal_basis": "sickness",
        "reason": "sickness",
        "justification": "Sygemeldt ifølge lægeerklæring",
    }
    return {**data, **overrides}


def test_the_case_page_offers_the_decisions_the_case_allows(login, case):
    page = login("sagsbehandler.lejre").get(reverse("citizens:detail", args=[case.citizen_id]))
    html = page.content.decode()
    assert 'data-testid="decisions"' in html
    assert _url(case, "pause") in html and _url(case, "end") in html
    assert _url(case, "resume") not in html and _url(case, "visitation") not in html
    assert "Ingen afgørelser registreret" in html


def test_a_pause_is_confirmed_then_registered(login, case):
    client = login("sagsbehandler.lejre")
    form = client.get(_url(case))
    assert form.status_code == 200
    html = form.content.decode()
    assert "Retsgrundlag" in html and "Begrundelse" in html and "Sygdom" in html
    confirm = client.post(_url(case), _pause())
    assert confirm.status_code == 200
    assert "Bekræft afgørelsen" in confirm.content.decode()
    assert "Sagens status bliver Pause" in confirm.content.decode()
    assert Approval.objects.get(pk=case.pk).status == "approved_unemployed"  # not yet
    done = client.post(_url(case), _pause(confirmed="on"))
    assert done.status_code == 302
    assert Approval.objects.get(pk=case.pk).status == "paused"
    made = CaseDecision.objects.get()
    assert (made.kind, made.reason, made.legal_basis) == ("pause", "sickness", "sickness")
    event = AuditEvent.objects.get(object_type="CaseDecision", action="create")
    assert "lægeerklæring" not in event.detail  # the justification stays out of the log
    page = client.get(reverse("citizens:detail", args=[case.citizen_id])).content.decode()
    assert "Sygemeldt ifølge lægeerklæring" in page and _url(case, "resume") in page


def test_a_decision_dated_ahead_is_scheduled_and_can_be_cancelled(login, case):
    client = login("sagsbehandler.lejre")
    ahead = timezone.localdate() + dt.timedelta(days=10)
    confirm = client.post(_url(case), _pause(on=ahead.isoformat()))
    assert "planlagt" in confirm.content.decode()
    assert client.post(_url(case), _pause(on=ahead.isoformat(), confirmed="on")).status_code == 302
    assert Approval.objects.get(pk=case.pk).status == "approved_unemployed"
    page = client.get(reverse("citizens:detail", args=[case.citizen_id])).content.decode()
    assert 'data-testid="scheduled-decision"' in page
    made = CaseDecision.objects.get()
    cancel = reverse("citizens:cancel_decision", args=[case.citizen_id, made.pk])
    assert client.post(cancel).status_code == 302
    assert CaseDecision.objects.get().cancelled_at is not None
    assert client.post(cancel).status_code == 409  # no longer scheduled


def test_resuming_a_case_that_is_not_paused_is_a_409_page_not_a_500(login, case):
    client = login("sagsbehandler.lejre")
    data = {**_pause(legal_basis="sickness"), "confirmed": "on"}
    del data["reason"]
    response = client.post(_url(case, "resume"), data)
    assert response.status_code == 409
    assert "ikke sat på pause" in response.content.decode()
    assert not CaseDecision.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"on": "2024-02-29"}, "on"),  # before the visitation (1 March 2024)
        ({"on": "2099-01-01"}, "on"),
        ({"legal_basis": "lab_122"}, "legal_basis"),  # the review's basis
        ({"reason": "pension"}, "reason"),
        ({"justification": ""}, "justification"),
    ],
)
def test_invalid_values_are_422_with_the_field_named(login, case, overrides, field):
    response = login("sagsbehandler.lejre").post(_url(case), _pause(confirmed="on", **overrides))
    assert response.status_code == 422
    assert f'href="#id_{field}"' in response.content.decode()
    assert not CaseDecision.objects.exists()


def test_a_year_ahead_is_the_limit(login, case):
    far = timezone.localdate() + dt.timedelta(days=400)
    response = login("sagsbehandler.lejre").post(_url(case), _pause(on=far.isoformat()))
    assert response.status_code == 422
    assert 'href="#id_on"' in response.content.decode()


def test_roles_and_scoping(login, case):
    assert login("konsulent.aarhus").get(_url(case)).status_code == 403
    assert login("sagsbehandler.rudersdal").get(_url(case)).status_code == 404
    assert login("sagsbehandler.lejre").get(_url(case, "promote")).status_code == 404
    assert login("leder.rudersdal").post(_url(case), _pause(confirmed="on")).status_code == 404
    assert not CaseDecision.objects.exists()


def test_english_labels(login, case):
    client = login("sagsbehandler.lejre")
    client.cookies["django_language"] = "en"
    html = client.get(_url(case), headers={"Accept-Language": "en"}).content.decode()
    assert "Sickness" in html


def test_a_hire_dated_ahead_on_the_placement_page_leaves_the_case_unemployed(login, personas):
    from fleksjob.placements.actions import propose_match
    from tests.factories import PositionFactory

    approval = ApprovalFactory(
        citizen__municipality_id="350",
        citizen__consent_share_profile=True,
        citizen__consent_recorded_at=timezone.now(),
    )
    position = PositionFactory(employer__municipality_id="350")
    today = timezone.localdate()
    placement = propose_match(personas["sagsbehandler.lejre"], approval.citizen, position, on=today)
    client = login("sagsbehandler.lejre")
    start = today + dt.timedelta(days=14)
    hire = {
        "to_stage": "hired",
        "on": today.isoformat(),
        "start": start.isoformat(),
        "hours_per_week": "10",
        "hourly_wage": "182.50",
    }
    move = reverse("placements:move", args=[placement.pk])
    assert client.post(move, {"to_stage": "presented", "on": today.isoformat()}).status_code == 302
    response = client.post(move, hire, follow=True)
    assert response.status_code == 200
    assert "Sagen skifter til »I fleksjob« på startdagen" in response.content.decode()
    assert Approval.objects.get(pk=approval.pk).status == "approved_unemployed"
    page = client.get(reverse("citizens:detail", args=[approval.citizen_id])).content.decode()
    assert 'data-testid="scheduled-decision"' in page
