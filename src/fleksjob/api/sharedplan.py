"""The plan shared with the citizen, staff side, under /api/v1/citizens/{id}/: the proposals
(list, one with its ETag, POST a change, answer, withdraw) and the activities (list, one with
its ETag, POST an activity, move its status). The body passes through the pages' own forms;
the write functions of ``followup.agreement`` check, lock, compare versions and audit. The
side is always the jobcentre's: the API is for staff."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from fleksjob.api.auth import MUNICIPAL
from fleksjob.api.citizens import citizen_of
from fleksjob.api.common import api_channel, cleaned, paged
from fleksjob.api.errors import errors
from fleksjob.api.etag import IF_MATCH_DOC, if_match, set_etag
from fleksjob.api.followup import _active_approval
from fleksjob.api.types import Day, Text
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.core.casework.shared_plan import REASON_MAX
from fleksjob.core.records.limits import HOURS_PLACES, MAX_WEEKLY_HOURS, MIN_EMPLOYMENT_HOURS
from fleksjob.followup.agreement import (
    NOTE_MAX,
    TITLE_MAX,
    answer_change,
    propose_activity,
    propose_change,
    set_activity_status,
    withdraw_proposal,
)
from fleksjob.followup.forms import ActivityForm, ProposeForm
from fleksjob.followup.models import (
    ActivityChange,
    ActivityKind,
    ActivityStatus,
    PlanActivity,
    PlanProposal,
    ProposalKind,
    Purpose,
    Side,
)

router = Router(auth=MUNICIPAL)

# A change of the plan itself; an activity is proposed through plan-activities.
CHANGES = (ProposalKind.HOURS_STEP, ProposalKind.CADENCE, ProposalKind.PURPOSE)
ChangeKind = Literal[tuple(k.value for k in CHANGES)]  # type: ignore[valid-type]
PurposeName = Literal[tuple(Purpose.values)]  # type: ignore[valid-type]
ActivityKindName = Literal[tuple(ActivityKind.values)]  # type: ignore[valid-type]
StatusName = Literal[tuple(ActivityStatus.values)]  # type: ignore[valid-type]
SideName = Literal[tuple(Side.values)]  # type: ignore[valid-type]
Note = Field("", max_length=NOTE_MAX, description="hvorfor (valgfrit)")


class ProposalOut(Schema):
    """A proposed change of the plan (or a proposed activity) and its answer."""

    id: int
    citizen: int
    approval: int = Field(description="the case it belongs to")
    kind: str
    proposed_by: str = Field(description="citizen or jobcentre")
    state: str = Field(description="pending, accepted, declined or withdrawn")
    waits_for: str | None = Field(description="the side whose answer it waits for (null: none)")
    purpose: str
    cadence_weeks: int | None
    step_date: dt.date | None
    step_hours: Decimal | None
    activity: int | None
    note: str
    decline_reason: str
    created_at: dt.datetime
    answered_at: dt.datetime | None = Field(description="when it was answered or withdrawn")

    @staticmethod
    def resolve_citizen(obj) -> int:
        return obj.citizen_id

    @staticmethod
    def resolve_approval(obj) -> int:
        return obj.approval_id

    @staticmethod
    def resolve_activity(obj) -> int | None:
        return obj.activity_id


class ChangeIn(Schema):
    """One change of the active plan: an hours step (``step_date``, ``step_hours``), how often
    you follow up (``cadence_weeks``) or its purpose (``purpose``)."""

    kind: ChangeKind
    step_date: Day | None = None
    step_hours: Decimal | None = Field(
        None, ge=MIN_EMPLOYMENT_HOURS, le=MAX_WEEKLY_HOURS, decimal_places=HOURS_PLACES
    )
    cadence_weeks: int | None = Field(None, ge=1, le=130)
    purpose: PurposeName | None = None
    note: Text = Note


class AnswerIn(Schema):
    accept: bool
    reason: Text = Field("", max_length=REASON_MAX, description="påkrævet, når du siger nej")


class ChangeOut(Schema):
    side: str
    from_status: str
    to_status: str
    changed_at: dt.datetime


class ActivityOut(Schema):
    id: int
    citizen: int
    approval: int
    title: str
    kind: str
    starts_on: dt.date
    ends_on: dt.date | None
    status: str
    owner: str = Field(description="who does it: citizen or jobcentre")
    proposed_by: str
    agreed_at: dt.datetime | None = Field(description="null while it is only proposed")
    proposal: int | None = Field(description="the proposal that added it")
    changes: list[ChangeOut] = Field(description="its status history, oldest first")

    @staticmethod
    def resolve_citizen(obj) -> int:
        return obj.citizen_id

    @staticmethod
    def resolve_approval(obj) -> int:
        return obj.approval_id

    @staticmethod
    def resolve_proposed_by(obj) -> str:
        return obj.created_by_side

    @staticmethod
    def resolve_proposal(obj) -> int | None:
        return getattr(getattr(obj, "proposal", None), "pk", None)

    @staticmethod
    def resolve_changes(obj) -> list:
        return list(obj.changes.all())


class ActivityIn(Schema):
    title: Text = Field(..., min_length=1, max_length=TITLE_MAX)
    kind: ActivityKindName
    starts_on: Day
    ends_on: Day | None = None
    owner: SideName
    note: Text = Note


class StatusIn(Schema):
    status: StatusName


def _proposals(citizen):
    return PlanProposal.objects.filter(citizen=citizen)


def _activities(citizen):
    return (
        PlanActivity.objects.filter(citizen=citizen)
        .select_related("proposal")
        .prefetch_related(
            Prefetch("changes", queryset=ActivityChange.objects.order_by("changed_at", "pk"))
        )
    )


@router.get(
    "/citizens/{citizen_id}/plan-proposals",
    response={200: list[ProposalOut], **errors(403, 404)},
    tags=["shared plan"],
    summary="The proposed changes of the citizen's plan and their answers, newest first",
)
@paged
def list_proposals(request, citizen_id: int):
    citizen = citizen_of(request, citizen_id)
    record(
        request.auth,
        Action.VIEW,
        citizen,
        citizen=citizen,
        channel="api",
        detail="delt plan: forslag",
    )
    return _proposals(citizen).order_by("-created_at", "-pk")


@router.get(
    "/citizens/{citizen_id}/plan-proposals/{proposal_id}",
    response={200: ProposalOut, **errors(403, 404)},
    tags=["shared plan"],
    summary="A proposal, with its ETag (for answering or withdrawing it)",
)
def get_proposal(request, citizen_id: int, proposal_id: int, response: HttpResponse):
    citizen = citizen_of(request, citizen_id)
    proposal = get_object_or_404(_proposals(citizen), pk=proposal_id)
    record(request.auth, Action.VIEW, proposal, citizen=citizen, channel="api")
    set_etag(response, proposal)
    return proposal


@router.post(
    "/citizens/{citizen_id}/plan-proposals",
    response={201: ProposalOut, **errors(403, 404, 409, 422)},
    tags=["shared plan"],
    summary="Propose a change of the active plan; it waits for the citizen's answer",
)
@api_channel
def post_proposal(request, citizen_id: int, payload: ChangeIn, response: HttpResponse):
    citizen = citizen_of(request, citizen_id)
    approval = _active_approval(citizen)
    valid = cleaned(ProposeForm(data=payload.dict()))
    proposal = propose_change(
        request.auth,
        approval,
        kind=valid["kind"],
        purpose=valid.get("purpose") or "",
        cadence_weeks=valid.get("cadence_weeks"),
        step_date=valid.get("step_date"),
        step_hours=valid.get("step_hours"),
        note=valid.get("note") or "",
        today=timezone.localdate(),
    )
    set_etag(response, proposal)
    return Status(201, proposal)


@router.post(
    "/citizens/{citizen_id}/plan-proposals/{proposal_id}/answer",
    response={200: ProposalOut, **errors(403, 404, 409, 412, 422, 428)},
    tags=["shared plan"],
    summary="Accept or decline (with a reason) a proposal the citizen made (If-Match required)",
    openapi_extra=IF_MATCH_DOC,
)
@api_channel
def answer_proposal(
    request, citizen_id: int, proposal_id: int, payload: AnswerIn, response: HttpResponse
):
    citizen = citizen_of(request, citizen_id)
    proposal = get_object_or_404(_proposals(citizen), pk=proposal_id)
    proposal = answer_change(
        request.auth,
        proposal,
        accept=payload.accept,
        reason=payload.reason,
        expected_version=if_match(request),
        today=timezone.localdate(),
    )
    set_etag(response, proposal)
    return proposal


@router.post(
    "/citizens/{citizen_id}/plan-proposals/{proposal_id}/withdraw",
    response={200: ProposalOut, **errors(403, 404, 409, 412, 428)},
    tags=["shared plan"],
    summary="Withdraw the jobcentre's own proposal before the citizen answers (If-Match "
    "required; 409 once it is answered)",
    openapi_extra=IF_MATCH_DOC,
)
@api_channel
def withdraw(request, citizen_id: int, proposal_id: int, response: HttpResponse):
    citizen = citizen_of(request, citizen_id)
    proposal = get_object_or_404(_proposals(citizen), pk=proposal_id)
    proposal = withdraw_proposal(request.auth, proposal, expected_version=if_match(request))
    set_etag(response, proposal)
    return proposal


@router.get(
    "/citizens/{citizen_id}/plan-activities",
    response={200: list[ActivityOut], **errors(403, 404)},
    tags=["shared plan"],
    summary="The activities of the citizen's plan with their status history, by start date",
)
@paged
def list_activities(request, citizen_id: int):
    citizen = citizen_of(request, citizen_id)
    record(
        request.auth,
        Action.VIEW,
        citizen,
        citizen=citizen,
        channel="api",
        detail="delt plan: aktiviteter",
    )
    return _activities(citizen).order_by("starts_on", "pk")


@router.get(
    "/citizens/{citizen_id}/plan-activities/{activity_id}",
    response={200: ActivityOut, **errors(403, 404)},
    tags=["shared plan"],
    summary="An activity, with its ETag (for moving its status)",
)
def get_activity(request, citizen_id: int, activity_id: int, response: HttpResponse):
    citizen = citizen_of(request, citizen_id)
    activity = get_object_or_404(_activities(citizen), pk=activity_id)
    record(request.auth, Action.VIEW, activity, citizen=citizen, channel="api")
    set_etag(response, activity)
    return activity


@router.post(
    "/citizens/{citizen_id}/plan-activities",
    response={201: ProposalOut, **errors(403, 404, 409, 422)},
    tags=["shared plan"],
    summary="Propose an activity; answers the proposal that waits for the citizen (its "
    "`activity` is the new activity)",
)
@api_channel
def post_activity(request, citizen_id: int, payload: ActivityIn, response: HttpResponse):
    citizen = citizen_of(request, citizen_id)
    approval = _active_approval(citizen)
    valid = cleaned(ActivityForm(data=payload.dict(), side=Side.JOBCENTRE))
    proposal = propose_activity(request.auth, approval, **valid)
    set_etag(response, proposal)
    return Status(201, proposal)


@router.post(
    "/citizens/{citizen_id}/plan-activities/{activity_id}/status",
    response={200: ActivityOut, **errors(403, 404, 409, 412, 422, 428)},
    tags=["shared plan"],
    summary="Move an agreed activity's status (If-Match required; done and cancelled are final)",
    openapi_extra=IF_MATCH_DOC,
)
@api_channel
def post_status(
    request, citizen_id: int, activity_id: int, payload: StatusIn, response: HttpResponse
):
    citizen = citizen_of(request, citizen_id)
    activity = get_object_or_404(_activities(citizen), pk=activity_id)
    set_activity_status(
        request.auth, activity, status=payload.status, expected_version=if_match(request)
    )
    activity = _activities(citizen).get(pk=activity_id)
    set_etag(response, activity)
    return activity
