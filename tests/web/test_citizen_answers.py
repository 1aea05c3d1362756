"""A citizen answers the proposals the jobcentre shares: interested, or not with a coded reason
that ends the proposal as declined; the caseworker sees the answer. Only their own proposals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from fleksjob.accounts.models import Role, User
from fleksjob.audit.models import AuditEvent
from fleksjob.placements.actions import propose_match
from fleksjob.placements.models import Placement
from fleksjob.selfservice.access import link_citizen
from tests.factories import ApprovalFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposals(personas):
    caseworker = personas["sagsbehandler.lejre"]
    mine, other = (ApprovalFactory(citizen__municipality_id="350") for _ in range(2))
    made = [
        propose_match(
            caseworker,
            case.citizen,
            PositionFactory(employer__municipality_id="350"),
            on=dt.date(2026, 3, 2),
        )
        for case in (mine, mine, other)
    ]
    user = User.objects.create_user("borger.test", role=Role.CITIZEN)
    link_citizen(user, mine.citizen)
    client = Client()
    client.force_login(user)
    return made, client


def _answer(client, placement, **data):
    return client.post(reverse("selfservice:answer", args=[placement.pk]), data)


def test_the_citizen_sees_and_answers_their_proposals(proposals, login):
    (first, second, _other), client = proposals
    page = client.get(reverse("selfservice:home")).content.decode()
    assert page.count('data-testid="proposal"') == 2 and first.position.title in page
    assert _answer(client, first, answer="interested").status_code == 302
    first.refresh_from_db()
    assert (first.citizen_answer, first.stage) == ("interested", "proposed")
    assert _answer(client, second, answer="not_interested", reason="hours").status_code == 302
    second.refresh_from_db()
    assert (second.citizen_answer, second.citizen_reason) == ("not_interested", "hours")
    assert (second.stage, second.not_hired_reason) == ("not_hired", "citizen_declined")
    assert second.transitions.get(to_stage="not_hired").note == "Timerne passer ikke"
    assert AuditEvent.objects.filter(detail="borgerens svar: interested").exists()
    staff = login("sagsbehandler.lejre").get(reverse("placements:detail", args=[second.pk]))
    assert "Ikke interesseret" in staff.content.decode()
    assert "Timerne passer ikke" in staff.content.decode()


def test_a_decline_needs_a_coded_reason_and_nothing_is_written(proposals):
    (first, _second, _other), client = proposals
    for reason in ("", "because"):
        _answer(client, first, answer="not_interested", reason=reason)
        first.refresh_from_db()
        assert (first.citizen_answer, first.stage) == ("", "proposed")


def test_another_citizens_proposal_is_404_and_a_closed_one_cannot_be_answered(proposals):
    (_first, second, other), client = proposals
    assert _answer(client, other, answer="interested").status_code == 404
    assert Placement.objects.get(pk=other.pk).citizen_answer == ""
    _answer(client, second, answer="not_interested", reason="other")
    assert _answer(client, second, answer="interested").status_code == 409
    assert Placement.objects.get(pk=second.pk).citizen_answer == "not_interested"
