"""Messages between a citizen and the jobcentre (issue 15): a thread about the plan or a
proposal waits for the side that did not write last; staff see those waiting for the jobcentre
on their home page (their own cases first); each side reaches only its own threads (404)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fleksjob.accounts.models import Role, User
from fleksjob.audit.models import AuditEvent
from fleksjob.core.errors import InvalidField, Refused
from fleksjob.followup.actions import agree_plan
from fleksjob.followup.agreement import propose_change
from fleksjob.placements.actions import propose_match
from fleksjob.privacy.anonymise import anonymise_citizen
from fleksjob.selfservice.access import link_citizen
from fleksjob.selfservice.messaging import close_thread, reply, start_thread
from fleksjob.selfservice.models import Message, Thread
from tests.factories import ApprovalFactory, PositionFactory

pytestmark = pytest.mark.django_db
SECRET = "Min ryg er værre igen"


@pytest.fixture
def citizen_login(personas):
    approval = ApprovalFactory(
        citizen__municipality_id="350", caseworker=personas["sagsbehandler.lejre"]
    )
    user = User.objects.create_user("borger.test", role=Role.CITIZEN)
    link_citizen(user, approval.citizen)
    client = Client()
    client.force_login(user)
    return approval, user, client


def test_a_thread_waits_for_the_side_that_did_not_write_last(citizen_login, personas):
    approval, user, _client = citizen_login
    staff = personas["sagsbehandler.lejre"]
    thread = start_thread(user, approval.citizen, subject="Timer", body=SECRET)
    assert thread.waiting_for == "jobcentre"
    reply(staff, thread, body="Vi ringer i morgen")
    thread.refresh_from_db()
    assert thread.waiting_for == "citizen"
    close_thread(user, thread, expected_version="*")
    thread.refresh_from_db()
    assert thread.closed_at is not None and thread.waiting_for == ""
    with pytest.raises(Refused):
        reply(staff, thread, body="Og en til")
    with pytest.raises(InvalidField):
        start_thread(user, approval.citizen, subject="Tom", body="   ")
    # The body is in no audit detail.
    assert not AuditEvent.objects.filter(detail__contains="ryg").exists()
    assert AuditEvent.objects.filter(detail="besked", channel="web").exists()


def test_a_thread_about_another_citizens_proposal_is_refused(citizen_login, personas):
    approval, user, _client = citizen_login
    other = ApprovalFactory(citizen__municipality_id="350")
    agree_plan(
        personas["sagsbehandler.lejre"],
        other,
        purpose="foothold",
        cadence_weeks=8,
        agreed_on=timezone.localdate(),
    )
    foreign = propose_change(
        personas["sagsbehandler.lejre"], other, kind="cadence", cadence_weeks=4
    )
    with pytest.raises(InvalidField):
        start_thread(user, approval.citizen, subject="X", body="Y", plan_proposal=foreign)


def test_the_citizen_writes_and_the_caseworker_answers_on_the_pages(citizen_login, login, personas):
    approval, _user, client = citizen_login
    placement = propose_match(
        personas["sagsbehandler.lejre"],
        approval.citizen,
        PositionFactory(employer__municipality_id="350"),
        on=dt.date(2026, 3, 2),
    )
    listed = client.get(reverse("selfservice:messages"))
    assert listed.status_code == 200 and placement.position.title in listed.content.decode()
    sent = client.post(
        reverse("selfservice:messages"),
        {"about": f"job-{placement.pk}", "subject": "Jobbet", "body": SECRET},
    )
    assert sent.status_code == 302
    thread = Thread.objects.get(citizen=approval.citizen)
    assert thread.placement == placement and SECRET not in sent.url
    staff = login("sagsbehandler.lejre")
    home = staff.get(reverse("home")).content.decode()
    assert 'data-testid="threads-waiting"' in home and "Jobbet" in home
    url = reverse("selfservice:staff_thread", args=[thread.pk])
    page = staff.get(url)
    assert page.status_code == 200 and SECRET in page.content.decode()
    assert staff.post(url, {"action": "reply", "body": "Vi tager det på mandag"}).status_code == 302
    thread.refresh_from_db()
    assert thread.waiting_for == "citizen"
    mine = client.get(reverse("selfservice:home")).content.decode()
    assert "Venter på dig" in mine and "Jobbet" in mine
    answer = client.get(reverse("selfservice:thread", args=[thread.pk])).content.decode()
    assert "Vi tager det på mandag" in answer
    assert client.post(reverse("selfservice:messages"), {"about": "plan"}).status_code == 422


def test_each_side_reaches_only_its_own_threads(citizen_login, login, personas):
    _approval, _user, client = citizen_login
    other = ApprovalFactory(citizen__municipality_id="350")
    other_user = User.objects.create_user("borger.anden", role=Role.CITIZEN)
    link_citizen(other_user, other.citizen)
    theirs = start_thread(other_user, other.citizen, subject="Mit", body=SECRET)
    assert client.get(reverse("selfservice:thread", args=[theirs.pk])).status_code == 404
    replied = client.post(reverse("selfservice:thread", args=[theirs.pk]), {"body": "hej"})
    assert replied.status_code == 404
    assert Message.objects.filter(thread=theirs).count() == 1
    elsewhere = login("sagsbehandler.rudersdal")
    assert elsewhere.get(reverse("selfservice:staff_thread", args=[theirs.pk])).status_code == 404
    assert "Mit" not in elsewhere.get(reverse("home")).content.decode()
    assert client.get(reverse("selfservice:staff_thread", args=[theirs.pk])).status_code == 403


def test_the_home_page_lists_the_own_cases_first(citizen_login, personas, login):
    approval, user, _client = citizen_login
    stranger = ApprovalFactory(citizen__municipality_id="350")  # not the caseworker's case
    stranger_user = User.objects.create_user("borger.fremmed", role=Role.CITIZEN)
    link_citizen(stranger_user, stranger.citizen)
    start_thread(stranger_user, stranger.citizen, subject="Fremmed", body="a")
    start_thread(user, approval.citizen, subject="Egen", body="b")
    html = login("sagsbehandler.lejre").get(reverse("home")).content.decode()
    assert "2 beskeder venter på jobcentret" in html
    assert html.index("Egen") < html.index("Fremmed")


def test_anonymisation_erases_the_messages(citizen_login, personas):
    approval, user, _client = citizen_login
    thread = start_thread(user, approval.citizen, subject="Ryggen", body=SECRET)
    anonymise_citizen(approval.citizen_id)
    thread.refresh_from_db()
    assert thread.subject == "" and Message.objects.get(thread=thread).body == ""


def test_message_pages_query_as_often_for_many_threads(citizen_login, login, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    approval, user, client = citizen_login
    staff = login("sagsbehandler.lejre")
    first = start_thread(user, approval.citizen, subject="T", body="x")

    def add(n):
        for i in range(n):
            thread = start_thread(user, approval.citizen, subject=f"T{i}", body="x")
            reply(personas["sagsbehandler.lejre"], thread, body="y")
            reply(user, first, body=f"z{i}")

    def counts():
        found = []
        for c, url in (
            (client, reverse("selfservice:messages")),
            (client, reverse("selfservice:home")),
            (staff, reverse("selfservice:citizen_threads", args=[approval.citizen_id])),
            (staff, reverse("selfservice:staff_thread", args=[first.pk])),
            (staff, reverse("home")),
        ):
            with CaptureQueriesContext(connection) as captured:
                assert c.get(url).status_code == 200, url
            found.append(len(captured))
        return found

    counts()  # the home page keeps the municipality's deadline states after its first view
    add(2)
    few = counts()
    add(10)
    assert counts() == few


def test_the_demo_gives_borger_lejre_a_proposal_and_a_message_waiting_for_them(personas):
    from fleksjob.demo.portal_personas import ensure_portal_personas

    approval = ApprovalFactory(citizen__municipality_id="350", status="approved_unemployed")
    agree_plan(
        personas["sagsbehandler.lejre"],
        approval,
        purpose="more_hours",
        cadence_weeks=8,
        agreed_on=timezone.localdate(),
    )
    assert "borger.lejre" in ensure_portal_personas()
    ensure_portal_personas()  # once only
    client = Client()
    client.force_login(User.objects.get(username="borger.lejre"))
    home = client.get(reverse("selfservice:home")).content.decode()
    assert "Flere timer fra næste måned" in home and "Kurset" not in home
    plan = client.get(reverse("selfservice:plan")).content.decode()
    assert plan.count('data-testid="proposal-waiting"') == 1 and "I gang" in plan
    assert Thread.objects.filter(citizen=approval.citizen).count() == 2
    assert Thread.objects.get(subject="Kurset").waiting_for == "jobcentre"
