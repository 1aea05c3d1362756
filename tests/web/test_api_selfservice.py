"""The staff API of issue 15's self-service features: the shared plan (proposals, answers,
withdrawals, activities), message threads, consent item by item and the companies' proposed
flex positions. Each goes through the write functions the pages use: ETag/If-Match, 409 for a
state that refuses, one error body, audit on channel "api", no message text in any audit
detail. Scoping by role and municipality is in the persona matrix."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fleksjob.accounts.models import Role, User
from fleksjob.audit.models import AuditEvent
from fleksjob.citizens.models import ConsentChange
from fleksjob.employers.models import ContactPerson, Position, PositionSubmission
from fleksjob.employers.submissions import save_submission
from fleksjob.followup.actions import agree_plan
from fleksjob.followup.agreement import answer_change, propose_activity, propose_change
from fleksjob.followup.models import FollowUpPlan, PlanActivity, PlanProposal
from fleksjob.placements.actions import propose_match
from fleksjob.privacy.anonymise import anonymise_citizen
from fleksjob.selfservice.access import link_citizen
from fleksjob.selfservice.messaging import reply
from fleksjob.selfservice.models import Thread
from tests.factories import ApprovalFactory, PositionFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
SECRET = "Jeg har det svært med ryggen"


@pytest.fixture
def case(personas):
    approval = ApprovalFactory(citizen__municipality_id="350", citizen__consent_share_profile=False)
    agree_plan(
        personas["sagsbehandler.lejre"],
        approval,
        purpose="more_hours",
        cadence_weeks=8,
        agreed_on=TODAY - dt.timedelta(days=30),
        steps=[(TODAY + dt.timedelta(days=60), Decimal("14"))],
    )
    user = User.objects.create_user("borger.api", role=Role.CITIZEN)
    link_citizen(user, approval.citizen)
    return approval, user


def _etag(response) -> str:
    assert response.status_code == 200, response.content
    return response["ETag"]


def test_staff_propose_a_step_the_citizen_accepts_it_and_the_api_shows_it(case, api_as):
    approval, citizen_user = case
    call = api_as("sagsbehandler.lejre")
    base = f"/citizens/{approval.citizen_id}"
    day = TODAY + dt.timedelta(days=40)
    made = call(
        "post",
        f"{base}/plan-proposals",
        {"kind": "hours_step", "step_date": day.isoformat(), "step_hours": "16.5", "note": "Prøv"},
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["proposed_by"], body["state"], body["waits_for"]) == (
        "jobcentre",
        "pending",
        "citizen",
    )
    assert Decimal(body["step_hours"]) == Decimal("16.5") and made["ETag"].startswith('"')
    # Missing values of the kind are named, as the page's form names them; nothing is written.
    missing = call("post", f"{base}/plan-proposals", {"kind": "cadence"})
    assert missing.status_code == 422
    assert [e["field"] for e in missing.json()["errors"]] == ["cadence_weeks"]
    assert PlanProposal.objects.count() == 1
    # The jobcentre cannot answer its own proposal.
    proposal = PlanProposal.objects.get()
    tag = _etag(call("get", f"{base}/plan-proposals/{proposal.pk}"))
    own = call(
        "post", f"{base}/plan-proposals/{proposal.pk}/answer", {"accept": True}, **{"If-Match": tag}
    )
    assert own.status_code == 409 and set(own.json()) == {"detail", "errors"}
    answer_change(citizen_user, proposal, accept=True, expected_version="*", today=TODAY)
    plan = FollowUpPlan.objects.get(approval=approval, active=True)
    # Agreed anew today with the new step beside the step kept from the old plan (by date).
    assert plan.agreed_on == TODAY
    steps = plan.hours_steps.order_by("target_date")
    assert [(s.target_date, s.hours_per_week) for s in steps] == [
        (day, Decimal("16.5")),
        (TODAY + dt.timedelta(days=60), Decimal("14")),
    ]
    listed = call("get", f"{base}/plan-proposals").json()
    assert listed["count"] == 1 and listed["items"][0]["state"] == "accepted"
    assert listed["items"][0]["waits_for"] is None
    assert AuditEvent.objects.filter(action="create", channel="api", detail__startswith="forslag")
    assert AuditEvent.objects.filter(
        action="view", channel="api", detail="delt plan: forslag"
    ).exists()


def test_staff_answer_the_citizens_proposal_with_if_match(case, api_as):
    approval, citizen_user = case
    call = api_as("sagsbehandler.lejre")
    base = f"/citizens/{approval.citizen_id}/plan-proposals"
    proposal = propose_change(citizen_user, approval, kind="cadence", cadence_weeks=4)
    path = f"{base}/{proposal.pk}/answer"
    assert call("post", path, {"accept": True}).status_code == 428
    assert call("post", path, {"accept": True}, **{"If-Match": '"old"'}).status_code == 412
    tag = _etag(call("get", f"{base}/{proposal.pk}"))
    no_reason = call("post", path, {"accept": False, "reason": "  "}, **{"If-Match": tag})
    assert no_reason.status_code == 422
    assert no_reason.json()["errors"] == [
        {"field": "reason", "reason": "skriv kort, hvorfor forslaget ikke passer"}
    ]
    declined = call("post", path, {"accept": False, "reason": "Ikke lige nu"}, **{"If-Match": tag})
    assert declined.status_code == 200, declined.content
    assert (declined.json()["state"], declined.json()["decline_reason"]) == (
        "declined",
        "Ikke lige nu",
    )
    assert declined["ETag"] != tag
    again = call("post", path, {"accept": True}, **{"If-Match": declined["ETag"]})
    assert again.status_code == 409
    assert FollowUpPlan.objects.get(approval=approval, active=True).cadence_weeks == 8


def test_withdrawing_through_the_api(case, api_as):
    approval, citizen_user = case
    call = api_as("sagsbehandler.lejre")
    base = f"/citizens/{approval.citizen_id}/plan-proposals"
    mine = call("post", base, {"kind": "purpose", "purpose": "foothold"})
    assert mine.status_code == 201
    path = f"{base}/{mine.json()['id']}/withdraw"
    assert call("post", path).status_code == 428
    done = call("post", path, **{"If-Match": mine["ETag"]})
    assert done.status_code == 200 and done.json()["state"] == "withdrawn"
    assert done.json()["waits_for"] is None and done.json()["answered_at"]
    # Already settled: 409; the citizen's own proposal is theirs to withdraw: 409.
    assert call("post", path, **{"If-Match": "*"}).status_code == 409
    theirs = propose_change(citizen_user, approval, kind="cadence", cadence_weeks=4)
    refused = call("post", f"{base}/{theirs.pk}/withdraw", **{"If-Match": "*"})
    assert refused.status_code == 409
    theirs.refresh_from_db()
    assert theirs.state == "pending"
    event = AuditEvent.objects.get(detail="forslag trukket tilbage")
    assert (event.channel, event.username) == ("api", "sagsbehandler.lejre")
    # An activity proposed by staff and withdrawn is cancelled.
    added = call(
        "post",
        f"/citizens/{approval.citizen_id}/plan-activities",
        {"title": "Praktik", "kind": "practice", "starts_on": str(TODAY), "owner": "citizen"},
    )
    assert added.status_code == 201 and added.json()["kind"] == "activity"
    pulled = call("post", f"{base}/{added.json()['id']}/withdraw", **{"If-Match": added["ETag"]})
    assert pulled.status_code == 200
    activity = PlanActivity.objects.get(pk=added.json()["activity"])
    assert activity.status == "cancelled"


def test_activities_are_proposed_listed_and_moved(case, api_as):
    approval, citizen_user = case
    call = api_as("sagsbehandler.lejre")
    base = f"/citizens/{approval.citizen_id}/plan-activities"
    bad = call(
        "post",
        base,
        {
            "title": "Kursus",
            "kind": "course",
            "starts_on": TODAY.isoformat(),
            "ends_on": (TODAY - dt.timedelta(days=1)).isoformat(),
            "owner": "citizen",
        },
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "ends_on"
    proposed = propose_activity(
        citizen_user,
        approval,
        title="Kursus i Excel",
        kind="course",
        starts_on=TODAY,
        owner="citizen",
    )
    activity = proposed.activity
    path = f"{base}/{activity.pk}"
    # Not agreed yet: a move is refused.
    tag = _etag(call("get", path))
    early = call("post", f"{path}/status", {"status": "in_progress"}, **{"If-Match": tag})
    assert early.status_code == 409
    proposals = f"/citizens/{approval.citizen_id}/plan-proposals/{proposed.pk}"
    accept_tag = _etag(call("get", proposals))
    accepted = call("post", f"{proposals}/answer", {"accept": True}, **{"If-Match": accept_tag})
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    tag = _etag(call("get", path))
    moved = call("post", f"{path}/status", {"status": "in_progress"}, **{"If-Match": tag})
    assert moved.status_code == 200, moved.content
    stale = call("post", f"{path}/status", {"status": "done"}, **{"If-Match": tag})
    assert stale.status_code == 412
    done = call("post", f"{path}/status", {"status": "done"}, **{"If-Match": moved["ETag"]})
    assert done.status_code == 200
    final = call("post", f"{path}/status", {"status": "planned"}, **{"If-Match": done["ETag"]})
    assert final.status_code == 409
    listed = call("get", base).json()
    assert listed["count"] == 1
    item = listed["items"][0]
    assert (item["status"], item["proposed_by"], item["proposal"]) == (
        "done",
        "citizen",
        proposed.pk,
    )
    assert [(c["side"], c["from_status"], c["to_status"]) for c in item["changes"]] == [
        ("jobcentre", "planned", "in_progress"),
        ("jobcentre", "in_progress", "done"),
    ]
    read = AuditEvent.objects.filter(action="view", channel="api", citizen_id=approval.citizen_id)
    assert read.filter(detail="delt plan: aktiviteter").exists()


def test_a_case_without_an_active_plan_refuses_a_change(personas, api_as):
    approval = ApprovalFactory(citizen__municipality_id="350")
    call = api_as("sagsbehandler.lejre")
    refused = call(
        "post",
        f"/citizens/{approval.citizen_id}/plan-proposals",
        {"kind": "cadence", "cadence_weeks": 4},
    )
    assert refused.status_code == 409 and not PlanProposal.objects.exists()


def test_message_threads_through_the_api(case, api_as, personas):
    approval, citizen_user = case
    call = api_as("sagsbehandler.lejre")
    citizen = approval.citizen
    own_proposal = propose_change(citizen_user, approval, kind="cadence", cadence_weeks=4)
    other = ApprovalFactory(citizen__municipality_id="350")
    agree_plan(
        personas["sagsbehandler.lejre"], other, purpose="foothold", cadence_weeks=8, agreed_on=TODAY
    )
    foreign = propose_change(
        personas["sagsbehandler.lejre"], other, kind="cadence", cadence_weeks=4
    )
    base = f"/citizens/{citizen.pk}/message-threads"
    refused = call(
        "post", base, {"subject": "Om forslaget", "body": SECRET, "plan_proposal": foreign.pk}
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "plan_proposal"
    assert SECRET not in refused.content.decode()
    blank = call("post", base, {"subject": "Tom", "body": "   "})
    assert blank.status_code == 422 and blank.json()["errors"][0]["field"] == "body"
    assert not Thread.objects.exists()
    earlier = call("post", base, {"subject": "Første tråd", "body": "Et spørgsmål"})
    assert earlier.status_code == 201
    started = call(
        "post", base, {"subject": "Om forslaget", "body": SECRET, "plan_proposal": own_proposal.pk}
    )
    assert started.status_code == 201, started.content
    thread = started.json()
    assert (thread["waiting_for"], thread["plan_proposal"], thread["message_count"]) == (
        "citizen",
        own_proposal.pk,
        1,
    )
    assert [(m["side"], m["body"]) for m in thread["messages"]] == [("jobcentre", SECRET)]
    reply(citizen_user, Thread.objects.get(pk=thread["id"]), body="Tak, det passer mig")
    path = f"/message-threads/{thread['id']}"
    read = call("get", path)
    tag = _etag(read)
    assert read.json()["waiting_for"] == "jobcentre" and read.json()["message_count"] == 2
    assert [m["side"] for m in read.json()["messages"]] == ["jobcentre", "citizen"]
    answered = call("post", f"{path}/messages", {"body": "Godt, vi ses"})
    assert answered.status_code == 201 and answered.json()["waiting_for"] == "citizen"
    assert call("post", f"{path}/close", **{"If-Match": tag}).status_code == 412  # replied since
    assert call("post", f"{path}/close").status_code == 428
    closed = call("post", f"{path}/close", **{"If-Match": answered["ETag"]})
    assert closed.status_code == 200 and closed.json()["waiting_for"] is None
    assert call("post", f"{path}/messages", {"body": "En til"}).status_code == 409
    assert call("post", f"{path}/close", **{"If-Match": "*"}).status_code == 409
    # Open threads first (also on PostgreSQL, which sorts nulls last), then the latest.
    listed = call("get", base).json()
    assert [t["id"] for t in listed["items"]] == [earlier.json()["id"], thread["id"]]
    # Reading is audited like the pages; no message text in any audit detail.
    assert AuditEvent.objects.filter(action="view", channel="api", detail="beskeder").exists()
    assert AuditEvent.objects.filter(action="view", channel="api", detail="besked").exists()
    assert AuditEvent.objects.filter(action="create", channel="api", detail="besked").count() == 3
    for text in ("ryggen", "vi ses", "Om forslaget", "spørgsmål"):
        assert not AuditEvent.objects.filter(detail__icontains=text).exists()


def test_consent_items_through_the_api(case, api_as, personas):
    approval, _citizen_user = case
    call = api_as("sagsbehandler.lejre")
    path = f"/citizens/{approval.citizen_id}/consent"
    read = call("get", path)
    tag = _etag(read)
    assert read.json() == {
        "items": [
            {"item": "competences", "given": False},
            {"item": "hours", "given": False},
            {"item": "provisions", "given": False},
            {"item": "name_contact", "given": False},
        ],
        "history": [],
    }
    assert call("post", path, {"items": ["hours"]}).status_code == 428
    unknown = call("post", path, {"items": ["diagnosis"]}, **{"If-Match": tag})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "items.0"
    given = call("post", path, {"items": ["hours", "name_contact"]}, **{"If-Match": tag})
    assert given.status_code == 200, given.content
    assert [i["item"] for i in given.json()["items"] if i["given"]] == ["hours", "name_contact"]
    assert {(h["item"], h["given"], h["via"], h["by"]) for h in given.json()["history"]} == {
        ("hours", True, "staff", "sagsbehandler.lejre"),
        ("name_contact", True, "staff", "sagsbehandler.lejre"),
    }
    approval.citizen.refresh_from_db()
    assert approval.citizen.consent_share_profile  # the derived single consent follows
    stale = call("post", path, {"items": []}, **{"If-Match": tag})
    assert stale.status_code == 412 and ConsentChange.objects.count() == 2
    withdrawn = call("post", path, {"items": ["hours"]}, **{"If-Match": given["ETag"]})
    assert withdrawn.status_code == 200
    assert withdrawn.json()["history"][0] == {
        **withdrawn.json()["history"][0],
        "item": "name_contact",
        "given": False,
    }
    events = AuditEvent.objects.filter(channel="api", detail__startswith="samtykke ")
    assert events.count() == 3
    assert AuditEvent.objects.filter(action="view", channel="api", detail="samtykke").exists()
    anonymise_citizen(approval.citizen_id)
    assert call("get", path).status_code == 404


def _submission(position, user, title="Jurist"):
    return save_submission(
        user,
        ContactPerson.objects.create(employer=position.employer, name="Kontakt"),
        None,
        title=title,
        occupation="2611",
        tasks=[
            {"description": "Kontrakter", "hours": 8, "skills": ["law_contracts"]},
            {"description": "Juridiske spørgsmål", "hours": "5", "skills": []},
        ],
        provides=["flexible_start"],
        send=True,
    )


def test_position_submissions_are_reviewed_through_the_api(personas, api_as):
    position = PositionFactory(employer__municipality_id="350")
    staff = personas["sagsbehandler.lejre"]
    first, second = _submission(position, staff), _submission(position, staff, "HR")
    call = api_as("sagsbehandler.lejre")
    listed = call("get", "/position-submissions/").json()
    assert [s["id"] for s in listed["items"]] == [first.pk, second.pk]
    read = call("get", f"/position-submissions/{first.pk}")
    tag = _etag(read)
    body = read.json()
    assert (body["status"], body["contact_person"], body["provides"]) == (
        "submitted",
        "Kontakt",
        ["flexible_start"],
    )
    assert [(t["description"], Decimal(t["hours"])) for t in body["tasks"]] == [
        ("Kontrakter", Decimal(8)),
        ("Juridiske spørgsmål", Decimal(5)),
    ]
    assert call("post", f"/position-submissions/{first.pk}/approve").status_code == 428
    approved = call("post", f"/position-submissions/{first.pk}/approve", **{"If-Match": tag})
    assert approved.status_code == 200, approved.content
    made = Position.objects.get(pk=approved.json()["position"])
    # The position is assembled from the tasks: 8 + 5 hours at most, open, split off.
    assert (made.status, made.hours_max, made.title) == ("open", 13, "Jurist")
    assert made.tasks.count() == 2
    again = call("post", f"/position-submissions/{first.pk}/approve", **{"If-Match": "*"})
    assert again.status_code == 409
    path = f"/position-submissions/{second.pk}/return"
    tag = _etag(call("get", f"/position-submissions/{second.pk}"))
    empty = call("post", path, {"comment": " "}, **{"If-Match": tag})
    assert empty.status_code == 422 and empty.json()["errors"][0]["field"] == "comment"
    sent_back = call("post", path, {"comment": "Angiv arbejdstider"}, **{"If-Match": tag})
    assert sent_back.status_code == 200
    assert (sent_back.json()["status"], sent_back.json()["comment"]) == (
        "returned",
        "Angiv arbejdstider",
    )
    assert call("get", "/position-submissions/").json()["count"] == 0
    assert PositionSubmission.objects.get(pk=second.pk).status == "returned"
    assert AuditEvent.objects.filter(channel="api", detail="stillingsforslag godkendt").exists()


def test_a_job_proposal_is_withdrawn_by_the_existing_transition(personas, api_as, case):
    """Staff take back a job proposal shown to the citizen with the placement workflow's own
    move to not hired (proposed → not_hired): it leaves the citizen's open proposals."""
    approval, citizen_user = case
    position = PositionFactory(employer__municipality_id="350", status="open")
    placement = propose_match(personas["sagsbehandler.lejre"], approval.citizen, position, on=TODAY)
    client = Client()
    client.force_login(citizen_user)
    assert position.title in client.get(reverse("selfservice:home")).content.decode()
    moved = api_as("sagsbehandler.lejre")(
        "post",
        f"/placements/{placement.pk}/transitions",
        {"to_stage": "not_hired", "on": str(TODAY), "reason": "other", "note": "taget tilbage"},
    )
    assert moved.status_code == 200 and moved.json()["stage"] == "not_hired"
    assert position.title not in client.get(reverse("selfservice:home")).content.decode()
