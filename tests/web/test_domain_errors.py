"""Every refusal of a write function is a kind of DomainError, answered with the kind's status:
409 refused, 422 invalid field (naming it), in the API's one error body and on pages; never a
500. And the API's lists hold records whose optional links are empty."""

import datetime as dt
import json

import pytest
from django.test import Client, RequestFactory

from fleksjob.accounts.access import AccessError
from fleksjob.accounts.models import ApiToken
from fleksjob.api.routes import api
from fleksjob.citizens.actions import DuplicateCPR, change_case_status
from fleksjob.core.casework.placement_flow import PlacementError
from fleksjob.core.casework.transfer import TransferError
from fleksjob.core.errors import DomainError, InvalidField, Refused
from fleksjob.core.rules.case_status import TransitionError
from fleksjob.employers.actions import EmployerError
from fleksjob.exchange.imports import ImportRefused
from fleksjob.followup.actions import FollowUpError
from fleksjob.followup.models import FollowUpMeeting
from tests.factories import ApprovalFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "error",
    [
        AccessError,
        DuplicateCPR,
        EmployerError,
        FollowUpError,
        ImportRefused,
        PlacementError,
        TransferError,
        TransitionError,
    ],
)
def test_every_refusal_of_the_apps_is_the_refused_kind(error):
    assert issubclass(error, Refused) and issubclass(error, DomainError)
    assert Refused.status == 409 and InvalidField.status == 422


@pytest.fixture
def ended(personas):
    return ApprovalFactory(
        citizen__municipality_id="350", status="ended", ended_reason="state_pension"
    )


def _raised(call) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value


def _answer(exc: Exception):
    request = RequestFactory().post("/api/v1/placements/1/transitions")
    return api.on_exception(request, exc)


def test_a_refused_status_change_is_409_in_the_api(ended, personas):
    user = personas["sagsbehandler.lejre"]
    exc = _raised(lambda: change_case_status(user, ended, "in_fleksjob", on=dt.date(2024, 6, 1)))
    answer = _answer(exc)
    assert answer.status_code == 409
    assert json.loads(answer.content) == {"detail": str(exc), "errors": []}
    assert "Afsluttet" in str(exc)


def test_a_status_change_dated_too_early_is_422_naming_the_field(personas):
    approval = ApprovalFactory(citizen__municipality_id="350")
    user = personas["sagsbehandler.lejre"]
    exc = _raised(lambda: change_case_status(user, approval, "paused", on=dt.date(2024, 1, 1)))
    answer = _answer(exc)
    assert answer.status_code == 422
    assert json.loads(answer.content)["errors"] == [{"field": "on", "reason": str(exc)}]


def test_a_refused_status_change_is_a_409_page(ended, login, settings):
    settings.ROOT_URLCONF = "tests.web.refusal_urls"
    page = login("sagsbehandler.lejre").get(f"/test/genaabn/{ended.pk}/")
    assert page.status_code == 409
    assert "kan ikke skifte fra Afsluttet til I fleksjob" in page.content.decode()
    assert ended.transitions.count() == 1  # nothing written


def test_meetings_without_a_case_are_listed(personas):
    approval = ApprovalFactory(citizen__municipality_id="350")
    citizen = approval.citizen
    FollowUpMeeting.objects.create(
        citizen=citizen, approval=None, held_on=dt.date(2024, 5, 1), kind="other", channel="phone"
    )
    token = ApiToken.issue(personas["sagsbehandler.lejre"])[1]
    listed = Client().get(
        f"/api/v1/citizens/{citizen.pk}/meetings", headers={"Authorization": f"Bearer {token}"}
    )
    assert listed.status_code == 200, listed.content
    assert [m["approval"] for m in listed.json()["items"]] == [None]
