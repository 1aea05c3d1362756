"""The individual follow-up under /api/v1/citizens/{id}/: plans (history, the active plan with
its ETag, PUT to agree a new one) and meetings (list, POST to record one)."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from fleksjob.api.auth import MUNICIPAL
from fleksjob.api.citizens import citizen_of
from fleksjob.api.common import api_channel, cleaned, paged
from fleksjob.api.errors import errors
from fleksjob.api.etag import IF_MATCH_DOC, if_match, set_etag
from fleksjob.api.types import Day
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.citizens.models import Approval, Citizen
from fleksjob.core.records.limits import HOURS_PLACES, MAX_WEEKLY_HOURS, MIN_EMPLOYMENT_HOURS
from fleksjob.followup.actions import FollowUpError, agree_plan, record_meeting
from fleksjob.followup.forms import STEP_ROWS, MeetingForm, PlanForm
from fleksjob.followup.models import (
    FollowUpMeeting,
    FollowUpPlan,
    MeetingChannel,
    MeetingKind,
    Purpose,
)

router = Router(auth=MUNICIPAL)

PurposeName = Literal[tuple(Purpose.values)]  # type: ignore[valid-type]
KindName = Literal[tuple(MeetingKind.values)]  # type: ignore[valid-type]
ChannelName = Literal[tuple(MeetingChannel.values)]  # type: ignore[valid-type]


class StepOut(Schema):
    target_date: dt.date
    hours_per_week: Decimal


class FollowUpOut(Schema):
    id: int
    citizen: int
    purpose: str
    agreed_text: str
    cadence_weeks: int
    agreed_on: dt.date
    next_due: dt.date
    active: bool
    steps: list[StepOut]

    @staticmethod
    def resolve_citizen(obj) -> int:
        return obj.citizen_id

    @staticmethod
    def resolve_steps(obj) -> list:
        return list(obj.hours_steps.all())


class StepIn(Schema):
    target_date: Day
    hours_per_week: Decimal = Field(
        ..., ge=MIN_EMPLOYMENT_HOURS, le=MAX_WEEKLY_HOURS, decimal_places=HOURS_PLACES
    )


class PlanIn(Schema):
    purpose: PurposeName
    cadence_weeks: int = Field(..., ge=1, le=130)
    agreed_on: Day
    agreed_text: str = Field("", max_length=2000)
    steps: list[StepIn] = Field([], max_length=STEP_ROWS)


class MeetingOut(Schema):
    id: int
    citizen: int
    approval: int | None  # the case it was held in, when it is linked to one (optional)
    held_on: dt.date
    kind: str
    channel: str
    agreed_text: str

    @staticmethod
    def resolve_citizen(obj) -> int:
        return obj.citizen_id

    @staticmethod
    def resolve_approval(obj) -> int | None:
        return obj.approval_id


class MeetingIn(Schema):
    held_on: Day
    kind: KindName
    channel: ChannelName
    agreed_text: str = Field("", max_length=2000)


def _active_approval(citizen: Citizen) -> Approval:
    approval = Approval.objects.active().filter(citizen=citizen).first()
    if approval is None:
        raise FollowUpError("borgeren har ingen aktiv fleksjobsag")
    return approval


def _plans(citizen: Citizen):
    return FollowUpPlan.objects.filter(citizen=citizen).prefetch_related("hours_steps")


@router.get(
    "/citizens/{citizen_id}/follow-ups",
    response={200: list[FollowUpOut], **errors(403, 404)},
    tags=["follow-ups"],
    summary="A citizen's follow-up plans, newest first (earlier plans are history)",
)
@paged
def citizen_follow_ups(request, citizen_id: int):
    citizen = citizen_of(request, citizen_id)
    record(request.auth, Action.VIEW, citizen, citizen=citizen, channel="api", detail="opfølgning")
    return _plans(citizen).order_by("-agreed_on", "-pk")


@router.get(
    "/citizens/{citizen_id}/follow-up-plan",
    response={200: FollowUpOut, **errors(403, 404)},
    tags=["follow-ups"],
    summary="The active follow-up plan, with its ETag",
)
def active_plan(request, citizen_id: int, response: HttpResponse):
    citizen = citizen_of(request, citizen_id)
    plan = get_object_or_404(_plans(citizen), active=True)
    record(request.auth, Action.VIEW, plan, citizen=citizen, channel="api", detail="opfølgning")
    set_etag(response, plan)
    return plan


def _step_field(name: str) -> str:
    # The form's step rows map back to the request's list: step_hours_1 → steps.1.hours_per_week.
    for prefix, field in (("step_date_", "target_date"), ("step_hours_", "hours_per_week")):
        if name.startswith(prefix):
            return f"steps.{name.removeprefix(prefix)}.{field}"
    return name


@router.put(
    "/citizens/{citizen_id}/follow-up-plan",
    response={200: FollowUpOut, **errors(403, 404, 409, 412, 422, 428)},
    tags=["follow-ups"],
    summary="Agree a new follow-up plan (If-Match of the active plan, when there is one)",
    openapi_extra=IF_MATCH_DOC,
)
@api_channel
def put_plan(request, citizen_id: int, payload: PlanIn, response: HttpResponse):
    citizen = citizen_of(request, citizen_id)
    approval = _active_approval(citizen)
    data = payload.dict()
    data.pop("steps")
    for i, step in enumerate(payload.steps):
        data[f"step_date_{i}"], data[f"step_hours_{i}"] = step.target_date, step.hours_per_week
    valid = cleaned(PlanForm(data=data), rename=_step_field)
    # If-Match names the active plan the new one replaces (needed only when there is one).
    plan = agree_plan(
        request.auth,
        approval,
        purpose=valid["purpose"],
        cadence_weeks=valid["cadence_weeks"],
        agreed_on=valid["agreed_on"],
        agreed_text=valid["agreed_text"],
        steps=valid["steps"],
        expected_version=if_match(request),
    )
    plan = _plans(citizen).get(pk=plan.pk)
    set_etag(response, plan)
    return plan


@router.get(
    "/citizens/{citizen_id}/meetings",
    response={200: list[MeetingOut], **errors(403, 404)},
    tags=["meetings"],
    summary="A citizen's follow-up meetings (jobsamtaler and others), newest first",
)
@paged
def citizen_meetings(request, citizen_id: int):
    citizen = citizen_of(request, citizen_id)
    record(request.auth, Action.VIEW, citizen, citizen=citizen, channel="api", detail="samtaler")
    return FollowUpMeeting.objects.filter(citizen=citizen).order_by("-held_on", "-pk")


@router.post(
    "/citizens/{citizen_id}/meetings",
    response={201: MeetingOut, **errors(403, 404, 409, 422)},
    tags=["meetings"],
    summary="Record a meeting held with the citizen",
)
@api_channel
def post_meeting(request, citizen_id: int, payload: MeetingIn):
    citizen = citizen_of(request, citizen_id)
    approval = _active_approval(citizen)
    valid = cleaned(MeetingForm(data=payload.dict()))
    meeting = record_meeting(
        request.auth,
        approval,
        held_on=valid["held_on"],
        kind=valid["kind"],
        channel=valid["channel"],
        agreed_text=valid["agreed_text"],
        today=timezone.localdate(),
    )
    return Status(201, meeting)
