"""The plan shared by the citizen and the jobcentre (issue 15): either side proposes a change of
the purpose, the cadence or an hours step, or an activity; it waits for the other side, who
accepts (then the plan is agreed anew through agree_plan) or declines with a reason. Activities
move through their statuses, logged. Each side reaches its own case only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fleksjob.accounts.models import Role, User
from fleksjob.audit.models import AuditEvent
from fleksjob.core.errors import InvalidField, Refused, StaleVersion
from fleksjob.core.versions import version_of
from fleksjob.followup.actions import agree_plan
from fleksjob.followup.agreement import (
    answer_change,
    propose_activity,
    propose_change,
    set_activity_status,
    withdraw_proposal,
)
from fleksjob.followup.models import FollowUpPlan, PlanActivity, PlanProposal
from fleksjob.selfservice.access import link_citizen
from tests.factories import ApprovalFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def case(personas):
    caseworker = personas["sagsbehandler.lejre"]
    approval = ApprovalFactory(citizen__municipality_id="350")
    agree_plan(
        caseworker,
        approval,
        purpose="more_hours",
        cadence_weeks=8,
        agreed_on=TODAY - dt.timedelta(days=30),
        agreed_text="Vi starter stille",
        steps=[
            (TODAY - dt.timedelta(days=10), Decimal("10")),
            (TODAY + dt.timedelta(days=60), Decimal("14")),
        ],
    )
    user = User.objects.create_user("borger.test", role=Role.CITIZEN)
    link_citizen(user, approval.citizen)
    client = Client()
    client.force_login(user)
    return approval, user, client, caseworker


def _plan(approval) -> FollowUpPlan:
    return FollowUpPlan.objects.get(approval=approval, active=True)


def test_a_staff_step_waits_for_the_citizen_and_is_applied_on_acceptance(case):
    approval, citizen_user, _client, caseworker = case
    old = _plan(approval)
    day = TODAY + dt.timedelta(days=60)
    proposal = propose_change(
        caseworker,
        approval,
        kind="hours_step",
        step_date=day,
        step_hours=Decimal("16"),
        today=TODAY,
    )
    assert proposal.waits_for == "citizen" and proposal.proposed_by == "jobcentre"
    assert _plan(approval).pk == old.pk  # nothing changes before the answer
    with pytest.raises(Refused):  # not the proposer's own to answer
        answer_change(caseworker, proposal, accept=True, expected_version=version_of(proposal))
    answer_change(
        citizen_user, proposal, accept=True, expected_version=version_of(proposal), today=TODAY
    )
    new = _plan(approval)
    assert new.pk != old.pk and new.agreed_on == TODAY and new.agreed_text == "Vi starter stille"
    # The past step stays with the old plan (history); the same day's step is replaced.
    assert [(s.target_date, s.hours_per_week) for s in new.hours_steps.all()] == [
        (day, Decimal("16"))
    ]
    assert new.next_due == old.next_due  # an agreed change never moves a due follow-up later
    proposal.refresh_from_db()
    assert (proposal.state, proposal.answered_by) == ("accepted", citizen_user)
    assert AuditEvent.objects.filter(detail="forslag aftalt", channel="web").exists()


def test_a_citizen_proposal_is_declined_with_a_reason(case):
    approval, citizen_user, _client, caseworker = case
    proposal = propose_change(citizen_user, approval, kind="cadence", cadence_weeks=4)
    assert proposal.waits_for == "jobcentre"
    with pytest.raises(Refused):  # one pending proposal per kind (not for steps)
        propose_change(citizen_user, approval, kind="cadence", cadence_weeks=6)
    with pytest.raises(InvalidField):
        answer_change(caseworker, proposal, accept=False, reason=" ", expected_version="*")
    answer_change(
        caseworker, proposal, accept=False, reason="Vi ses på mandag", expected_version="*"
    )
    proposal.refresh_from_db()
    assert (proposal.state, proposal.decline_reason) == ("declined", "Vi ses på mandag")
    assert _plan(approval).cadence_weeks == 8
    with pytest.raises(Refused):
        answer_change(caseworker, proposal, accept=True, expected_version="*")


def test_purpose_and_cadence_changes_are_applied(case):
    approval, citizen_user, _client, caseworker = case
    purpose = propose_change(citizen_user, approval, kind="purpose", purpose="education")
    answer_change(caseworker, purpose, accept=True, expected_version="*", today=TODAY)
    cadence = propose_change(caseworker, approval, kind="cadence", cadence_weeks=4)
    answer_change(citizen_user, cadence, accept=True, expected_version="*", today=TODAY)
    plan = _plan(approval)
    assert (plan.purpose, plan.cadence_weeks) == ("education", 4)
    # The follow-up due 8 weeks after the first agreement stays due (4 weeks from today is later).
    assert plan.next_due == TODAY - dt.timedelta(days=30) + dt.timedelta(weeks=8)
    assert FollowUpPlan.objects.filter(approval=approval).count() == 3  # history kept


def test_a_stale_answer_is_refused(case):
    approval, citizen_user, _client, caseworker = case
    proposal = propose_change(citizen_user, approval, kind="purpose", purpose="foothold")
    seen = version_of(proposal)
    PlanProposal.objects.filter(pk=proposal.pk).update(updated_at=timezone.now())
    with pytest.raises(StaleVersion):
        answer_change(caseworker, proposal, accept=True, expected_version=seen)


def test_invalid_proposals_are_refused(case):
    approval, citizen_user, _client, _caseworker = case
    with pytest.raises(InvalidField):
        propose_change(citizen_user, approval, kind="purpose", purpose="more_hours")  # same
    with pytest.raises(InvalidField):
        propose_change(
            citizen_user,
            approval,
            kind="hours_step",
            step_date=TODAY - dt.timedelta(days=1),
            step_hours=Decimal("12"),
            today=TODAY,
        )
    with pytest.raises(InvalidField):
        propose_change(
            citizen_user,
            approval,
            kind="hours_step",
            step_date=TODAY,
            step_hours=Decimal("99"),
            today=TODAY,
        )


def test_activities_are_agreed_then_moved_with_history(case):
    approval, citizen_user, _client, caseworker = case
    proposal = propose_activity(
        citizen_user,
        approval,
        title="Kursus i regneark",
        kind="course",
        starts_on=TODAY,
        owner="citizen",
    )
    activity = proposal.activity
    assert activity.agreed_at is None and activity.created_by_side == "citizen"
    with pytest.raises(Refused):  # not agreed yet
        set_activity_status(citizen_user, activity, status="in_progress", expected_version="*")
    answer_change(caseworker, proposal, accept=True, expected_version="*")
    activity.refresh_from_db()
    set_activity_status(
        citizen_user, activity, status="in_progress", expected_version=version_of(activity)
    )
    activity.refresh_from_db()
    with pytest.raises(StaleVersion):
        set_activity_status(caseworker, activity, status="done", expected_version="old")
    set_activity_status(caseworker, activity, status="done", expected_version=version_of(activity))
    with pytest.raises(Refused):  # done is final
        set_activity_status(citizen_user, activity, status="planned", expected_version="*")
    moves = list(
        activity.changes.order_by("changed_at", "pk").values_list(
            "side", "from_status", "to_status"
        )
    )
    assert moves == [("citizen", "planned", "in_progress"), ("jobcentre", "in_progress", "done")]
    declined = propose_activity(
        caseworker, approval, title="Praktik", kind="practice", starts_on=TODAY, owner="citizen"
    )
    answer_change(citizen_user, declined, accept=False, reason="Ikke nu", expected_version="*")
    assert PlanActivity.objects.get(pk=declined.activity_id).status == "cancelled"


def test_the_citizen_page_proposes_answers_and_reaches_only_their_own(case, login):
    approval, _citizen_user, client, caseworker = case
    url = reverse("selfservice:plan")
    theirs = propose_change(caseworker, approval, kind="cadence", cadence_weeks=6)
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and "Venter på dig" in html and "Det siger loven" in html
    assert html.count('data-testid="proposal-waiting"') == 1
    answered = client.post(
        url,
        {
            "form": "answer",
            "proposal": theirs.pk,
            "answer": "accept",
            "version": version_of(theirs),
        },
    )
    assert answered.status_code == 302 and _plan(approval).cadence_weeks == 6
    day = (TODAY + dt.timedelta(days=90)).isoformat()
    sent = client.post(
        url,
        {
            "form": "propose",
            "propose-kind": "hours_step",
            "propose-step_date": day,
            "propose-step_hours": "18",
        },
    )
    assert sent.status_code == 302
    assert PlanProposal.objects.filter(proposed_by="citizen", step_hours=18).exists()
    missing = client.post(url, {"form": "propose", "propose-kind": "hours_step"})
    assert missing.status_code == 422
    added = client.post(
        url,
        {
            "form": "activity",
            "activity-title": "Gåtur hver dag",
            "activity-kind": "health",
            "activity-starts_on": TODAY.isoformat(),
            "activity-owner": "citizen",
        },
    )
    assert added.status_code == 302
    assert PlanActivity.objects.get(title="Gåtur hver dag").created_by_side == "citizen"
    assert ">Mig</option>" in client.get(url).content.decode()
    # Another citizen's proposal id is 404, like one that does not exist.
    other = ApprovalFactory(citizen__municipality_id="350")
    agree_plan(caseworker, other, purpose="foothold", cadence_weeks=8, agreed_on=TODAY)
    foreign = propose_change(caseworker, other, kind="cadence", cadence_weeks=4)
    refused = client.post(
        url, {"form": "answer", "proposal": foreign.pk, "answer": "accept", "version": "*"}
    )
    assert refused.status_code == 404
    foreign.refresh_from_db()
    assert foreign.state == "pending"
    staff = (
        login("sagsbehandler.lejre")
        .get(reverse("followup:plan", args=[approval.citizen_id]))
        .content.decode()
    )
    assert "Venter på borgeren" not in staff and "Venter på jobcentret" in staff
    assert "18 timer om ugen" in staff


def test_the_staff_page_proposes_and_other_municipalities_get_404(case, login):
    approval, _user, _client, _caseworker = case
    url = reverse("followup:plan", args=[approval.citizen_id])
    posted = login("sagsbehandler.lejre").post(
        url,
        {
            "form": "activity",
            "activity-title": "Praktik i butik",
            "activity-kind": "practice",
            "activity-starts_on": TODAY.isoformat(),
            "activity-owner": "citizen",
        },
    )
    assert posted.status_code == 302
    proposal = PlanProposal.objects.get(kind="activity")
    assert proposal.proposed_by == "jobcentre"
    elsewhere = login("sagsbehandler.rudersdal").post(
        url, {"form": "answer", "proposal": proposal.pk, "answer": "accept", "version": "*"}
    )
    assert elsewhere.status_code == 404


def test_the_models_choices_are_the_cores_values():
    from fleksjob.core.casework import shared_plan as sp
    from fleksjob.followup import models

    assert set(models.ActivityStatus.values) == {s.value for s in sp.ActivityStatus}
    assert set(models.ProposalState.values) == {s.value for s in sp.ProposalState}
    assert set(models.Side.values) == {s.value for s in sp.Side}


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_both_pages_query_as_often_for_many_proposals_and_activities(case, login):
    approval, citizen_user, client, caseworker = case
    staff = login("sagsbehandler.lejre")
    urls = [
        (client, reverse("selfservice:plan")),
        (staff, reverse("followup:plan", args=[approval.citizen_id])),
    ]

    def add(n):
        for i in range(n):
            p = propose_activity(
                caseworker, approval, title=f"A{i}", kind="course", starts_on=TODAY, owner="citizen"
            )
            answer_change(citizen_user, p, accept=True, expected_version="*")
            set_activity_status(
                citizen_user, p.activity, status="in_progress", expected_version="*"
            )
            propose_change(
                citizen_user,
                approval,
                kind="hours_step",
                step_hours=Decimal(10 + i),
                step_date=TODAY + dt.timedelta(days=100 + i),
            )

    add(2)
    few = [_queries(c, u) for c, u in urls]
    add(10)
    assert [_queries(c, u) for c, u in urls] == few


def test_the_proposer_withdraws_before_the_answer(case):
    """Withdrawing: only the side that proposed, only while it waits; a withdrawn activity is
    cancelled (its move logged); the plan is untouched; audited; an answer after it is refused."""
    approval, citizen_user, _client, caseworker = case
    old = _plan(approval)
    step = propose_change(
        caseworker,
        approval,
        kind="hours_step",
        step_date=TODAY + dt.timedelta(days=30),
        step_hours=Decimal("12"),
    )
    with pytest.raises(Refused):  # not the citizen's to withdraw
        withdraw_proposal(citizen_user, step, expected_version=version_of(step))
    with pytest.raises(StaleVersion):
        withdraw_proposal(caseworker, step, expected_version="old")
    withdraw_proposal(caseworker, step, expected_version=version_of(step))
    step.refresh_from_db()
    assert (step.state, step.answered_by, step.waits_for) == ("withdrawn", caseworker, None)
    assert step.answered_at is not None and step.decline_reason == ""
    assert _plan(approval).pk == old.pk  # nothing changed
    with pytest.raises(Refused):  # withdrawn: nothing to answer
        answer_change(citizen_user, step, accept=True, expected_version="*")
    with pytest.raises(Refused):  # and nothing to withdraw again
        withdraw_proposal(caseworker, step, expected_version="*")
    activity = propose_activity(
        citizen_user, approval, title="Svømning", kind="health", starts_on=TODAY, owner="citizen"
    )
    withdraw_proposal(citizen_user, activity, expected_version=version_of(activity))
    moved = PlanActivity.objects.get(pk=activity.activity_id)
    assert (moved.status, moved.agreed_at) == ("cancelled", None)
    assert list(moved.changes.values_list("side", "from_status", "to_status")) == [
        ("citizen", "planned", "cancelled")
    ]
    withdrawals = AuditEvent.objects.filter(detail="forslag trukket tilbage").order_by("pk")
    assert list(withdrawals.values_list("username", "object_id")) == [
        (caseworker.username, str(step.pk)),
        (citizen_user.username, str(activity.pk)),
    ]
    # Answered first: too late to withdraw (409 on the pages and in the API).
    answered = propose_change(citizen_user, approval, kind="cadence", cadence_weeks=4)
    answer_change(caseworker, answered, accept=False, reason="Nej tak", expected_version="*")
    with pytest.raises(Refused):
        withdraw_proposal(citizen_user, answered, expected_version="*")
    answered.refresh_from_db()
    assert answered.state == "declined"


def test_both_pages_withdraw_their_own_proposal_only(case, login):
    approval, _citizen_user, client, caseworker = case
    mine_url = reverse("selfservice:plan")
    staff_url = reverse("followup:plan", args=[approval.citizen_id])
    staff = login("sagsbehandler.lejre")
    theirs = propose_change(caseworker, approval, kind="cadence", cadence_weeks=6)
    client.post(
        mine_url,
        {"form": "propose", "propose-kind": "purpose", "propose-purpose": "foothold"},
    )
    mine = PlanProposal.objects.get(proposed_by="citizen", kind="purpose")
    page = client.get(mine_url).content.decode()
    assert page.count('name="form" value="withdraw"') == 1  # only their own pending one
    # The citizen cannot withdraw the jobcentre's proposal: refused, nothing changes.
    refused = client.post(
        mine_url,
        {"form": "withdraw", "proposal": theirs.pk, "version": version_of(theirs)},
        follow=True,
    )
    assert refused.status_code == 200 and "Det blev ikke gemt" in refused.content.decode()
    theirs.refresh_from_db()
    assert theirs.state == "pending"
    done = client.post(
        mine_url, {"form": "withdraw", "proposal": mine.pk, "version": version_of(mine)}
    )
    assert done.status_code == 302
    mine.refresh_from_db()
    assert mine.state == "withdrawn"
    assert "Trukket tilbage" in client.get(mine_url).content.decode()
    # The caseworker withdraws the jobcentre's; Rudersdal's staff get 404 and change nothing.
    elsewhere = login("sagsbehandler.rudersdal").post(
        staff_url, {"form": "withdraw", "proposal": theirs.pk, "version": version_of(theirs)}
    )
    assert elsewhere.status_code == 404
    withdrawn = staff.post(
        staff_url, {"form": "withdraw", "proposal": theirs.pk, "version": version_of(theirs)}
    )
    assert withdrawn.status_code == 302
    theirs.refresh_from_db()
    assert theirs.state == "withdrawn"
    # A second withdrawal (already settled) is refused without a change.
    again = staff.post(
        staff_url,
        {"form": "withdraw", "proposal": theirs.pk, "version": version_of(theirs)},
        follow=True,
    )
    assert "Det blev ikke gemt" in again.content.decode()
