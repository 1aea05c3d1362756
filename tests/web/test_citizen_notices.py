"""E-mail notices to the citizen (docs/selfservice.md): a message, a job proposal or a plan
proposal from the jobcentre sends, after the commit, one e-mail without personal data or
content to the address the citizen chose on Mit fleksjob (never the login's own e-mail); never
inside the transaction, never twice for one event, never for the citizen's own writes, nothing
when notices are off; a failure is logged without data."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from fleksjob.accounts.models import Role, User
from fleksjob.citizens.notices import notice_setting, set_notice_email
from fleksjob.core.errors import InvalidField
from fleksjob.core.versions import version_of
from fleksjob.followup.actions import agree_plan
from fleksjob.followup.agreement import propose_change
from fleksjob.placements.actions import propose_match
from fleksjob.selfservice.access import link_citizen
from fleksjob.selfservice.messaging import reply, start_thread
from fleksjob.selfservice.models import CitizenNotice
from fleksjob.selfservice.notices import send_notice
from tests.factories import ApprovalFactory, PositionFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
ADDRESS = "borger.notits@example.invalid"
LOGIN_ADDRESS = "login.notits@example.invalid"


@pytest.fixture
def case(personas):
    approval = ApprovalFactory(citizen__municipality_id="350")
    # The login's own e-mail is another address: the notice goes only to the one chosen.
    user = User.objects.create_user("borger.notits", role=Role.CITIZEN, email=LOGIN_ADDRESS)
    link_citizen(user, approval.citizen)
    set_notice_email(user, approval.citizen, ADDRESS, expected_version="*")
    return approval, user, personas["sagsbehandler.lejre"]


def _no_personal_data(message, approval) -> None:
    citizen = approval.citizen
    text = message.subject + message.body
    for secret in (citizen.first_name, citizen.last_name, "Hemmeligt emne", "Indhold"):
        assert secret not in text
    assert "Du har en ny besked på Mit fleksjob" in message.body
    assert "/mit-fleksjob/" in message.body


def test_a_staff_message_sends_one_notice_after_the_commit(
    case, django_capture_on_commit_callbacks
):
    approval, citizen_user, caseworker = case
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        thread = start_thread(
            caseworker, approval.citizen, subject="Hemmeligt emne", body="Indhold om sagen"
        )
    # Inside the write nothing was sent: the notice waits for the commit.
    assert mail.outbox == [] and len(waiting) == 1 and not CitizenNotice.objects.exists()
    waiting[0]()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [ADDRESS]
    _no_personal_data(mail.outbox[0], approval)
    notice = CitizenNotice.objects.get()
    assert (notice.kind, notice.status) == ("message", "sent") and notice.sent_at
    # Idempotent per event: the same event again sends nothing.
    waiting[0]()
    assert len(mail.outbox) == 1 and CitizenNotice.objects.count() == 1
    # The citizen's own reply waits for the jobcentre: no notice.
    with django_capture_on_commit_callbacks(execute=True):
        reply(citizen_user, thread, body="Mit svar")
    assert len(mail.outbox) == 1
    # A second staff message is a new event: a new notice.
    with django_capture_on_commit_callbacks(execute=True):
        reply(caseworker, thread, body="Indhold igen")
    assert len(mail.outbox) == 2 and CitizenNotice.objects.count() == 2


def test_a_refused_write_sends_nothing(case, django_capture_on_commit_callbacks):
    approval, _user, caseworker = case
    with django_capture_on_commit_callbacks(execute=True) as waiting, pytest.raises(InvalidField):
        start_thread(caseworker, approval.citizen, subject="Emne", body="   ")
    assert waiting == [] and mail.outbox == []


def test_job_and_plan_proposals_send_a_notice(case, django_capture_on_commit_callbacks):
    approval, citizen_user, caseworker = case
    position = PositionFactory(employer__municipality_id="350", openings=1)
    with django_capture_on_commit_callbacks(execute=True):
        propose_match(caseworker, approval.citizen, position, on=TODAY)
    agree_plan(
        caseworker,
        approval,
        purpose="more_hours",
        cadence_weeks=8,
        agreed_on=TODAY - dt.timedelta(days=30),
        agreed_text="Plan",
        steps=[(TODAY - dt.timedelta(days=10), Decimal("10"))],
    )
    with django_capture_on_commit_callbacks(execute=True):
        propose_change(caseworker, approval, kind="cadence", cadence_weeks=4, today=TODAY)
    # The citizen's own proposal waits for the jobcentre: no notice.
    with django_capture_on_commit_callbacks(execute=True):
        propose_change(citizen_user, approval, kind="purpose", purpose="foothold", today=TODAY)
    kinds = sorted(CitizenNotice.objects.values_list("kind", flat=True))
    assert kinds == ["job_proposal", "plan_proposal"] and len(mail.outbox) == 2
    for message in mail.outbox:
        _no_personal_data(message, approval)


def test_without_an_address_nothing_is_sent(case, django_capture_on_commit_callbacks):
    """Notices turned off: nothing is sent, not even to the login's own e-mail."""
    approval, citizen_user, caseworker = case
    setting = notice_setting(approval.citizen)
    set_notice_email(citizen_user, approval.citizen, "", expected_version=version_of(setting))
    with django_capture_on_commit_callbacks(execute=True):
        start_thread(caseworker, approval.citizen, subject="Emne", body="Tekst")
    assert mail.outbox == []
    assert CitizenNotice.objects.get().status == "no_recipient"


def test_the_notice_goes_to_the_address_recorded_last(case, django_capture_on_commit_callbacks):
    approval, citizen_user, caseworker = case
    setting = notice_setting(approval.citizen)
    new = "nyt.sted@example.invalid"
    set_notice_email(citizen_user, approval.citizen, new, expected_version=version_of(setting))
    with django_capture_on_commit_callbacks(execute=True):
        start_thread(caseworker, approval.citizen, subject="Emne", body="Tekst")
    assert [m.to for m in mail.outbox] == [[new]]


def test_a_failure_is_logged_without_personal_data(case, caplog):
    approval, _user, _caseworker = case
    with (
        mock.patch(
            "fleksjob.selfservice.notices.send_mail", side_effect=OSError(f"refused {ADDRESS}")
        ),
        caplog.at_level(logging.WARNING, logger="fleksjob.selfservice.notices"),
    ):
        assert send_notice("message", 4711, approval.citizen_id) == "failed"
    assert CitizenNotice.objects.get().status == "failed"
    logged = caplog.text
    assert "OSError" in logged and ADDRESS not in logged
    assert approval.citizen.last_name not in logged
    # Claimed once: a later attempt at the same event sends nothing (at most once).
    assert send_notice("message", 4711, approval.citizen_id) is None and mail.outbox == []
