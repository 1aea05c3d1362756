"""Placements (match proposals) under /api/v1/placements/: filtered lists, propose (POST), and
move one step in the workflow (POST .../transitions), through placements.actions."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema, Status

from fleksjob.api.auth import MUNICIPAL
from fleksjob.api.common import api_channel, cleaned, paged
from fleksjob.api.errors import errors
from fleksjob.api.etag import IF_MATCH_OPTIONAL_DOC, if_match, set_etag
from fleksjob.api.types import Day, Id
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.citizens.models import Citizen
from fleksjob.core.records.limits import HOURS_PLACES, MAX_WEEKLY_HOURS, MIN_EMPLOYMENT_HOURS
from fleksjob.employers.models import Position
from fleksjob.placements.actions import move_placement, propose_scored_match
from fleksjob.placements.forms import MoveForm
from fleksjob.placements.matching import recommendations_for
from fleksjob.placements.models import NotHiredReasonChoice, Placement, PlacementStage

router = Router(auth=MUNICIPAL)

StageName = Literal[tuple(PlacementStage.values)]  # type: ignore[valid-type]
ReasonName = Literal[tuple(NotHiredReasonChoice.values)]  # type: ignore[valid-type]


class PlacementOut(Schema):
    id: int
    citizen: int
    position: int
    stage: str
    stage_since: dt.date
    not_hired_reason: str
    score: float | None
    reasons: list[str]
    employment: int | None

    @staticmethod
    def resolve_citizen(obj) -> int:
        return obj.citizen_id

    @staticmethod
    def resolve_position(obj) -> int:
        return obj.position_id

    @staticmethod
    def resolve_employment(obj) -> int | None:
        return obj.employment_id


class PlacementFilter(FilterSchema):
    stage: StageName | None = None
    citizen: Annotated[Id | None, FilterLookup("citizen_id")] = None
    position: Annotated[Id | None, FilterLookup("position_id")] = None


class ProposeIn(Schema):
    citizen: Id
    position: Id


class TransitionIn(Schema):
    to_stage: StageName
    on: Day
    reason: ReasonName | Literal[""] = Field("", description="påkrævet ved not_hired")
    note: str = Field("", max_length=500)
    start: Day | None = Field(None, description="ved hired: ansat fra")
    hours_per_week: Decimal | None = Field(
        None, ge=MIN_EMPLOYMENT_HOURS, le=MAX_WEEKLY_HOURS, decimal_places=HOURS_PLACES
    )
    hourly_wage: Decimal | None = Field(None, ge=1, max_digits=7, decimal_places=2)


def _placements(request):
    return Placement.objects.visible_to(request.auth).select_related("citizen")


@router.get(
    "/placements/",
    response={200: list[PlacementOut], **errors(403, 422)},
    tags=["placements"],
    summary="Match proposals of your municipality, newest first",
)
@paged
def list_placements(request, filters: Query[PlacementFilter]):
    record(request.auth, Action.SEARCH, channel="api", detail="placements list")
    return filters.filter(_placements(request).order_by("-stage_since", "-pk"))


@router.get(
    "/placements/{placement_id}",
    response={200: PlacementOut, **errors(403, 404)},
    tags=["placements"],
    summary="A match proposal, with its ETag",
)
def get_placement(request, placement_id: int, response: HttpResponse):
    placement = get_object_or_404(_placements(request), pk=placement_id)
    record(request.auth, Action.VIEW, placement, citizen=placement.citizen, channel="api")
    set_etag(response, placement)
    return placement


@router.post(
    "/placements/",
    response={201: PlacementOut, **errors(403, 404, 409, 422)},
    tags=["placements"],
    summary="Propose a citizen for an open position (score and reasons from the matching)",
)
@api_channel
def post_placement(request, payload: ProposeIn, response: HttpResponse):
    citizen = get_object_or_404(Citizen.objects.visible_to(request.auth), pk=payload.citizen)
    position = get_object_or_404(
        Position.objects.visible_to(request.auth).select_related("employer"), pk=payload.position
    )
    placement = propose_scored_match(request.auth, citizen, position, on=timezone.localdate())
    set_etag(response, placement)
    return Status(201, placement)


@router.post(
    "/placements/{placement_id}/transitions",
    response={200: PlacementOut, **errors(403, 404, 409, 412, 422)},
    tags=["placements"],
    summary="Move a match proposal one step (hired needs start, hours and wage)",
    openapi_extra=IF_MATCH_OPTIONAL_DOC,
)
@api_channel
def post_transition(request, placement_id: int, payload: TransitionIn, response: HttpResponse):
    placement = get_object_or_404(_placements(request), pk=placement_id)
    form = MoveForm(data=payload.dict(), stage=placement.stage)
    valid = cleaned(form)
    placement = move_placement(
        request.auth,
        placement,
        valid["to_stage"],
        on=valid["on"],
        reason=valid["reason"],
        note=valid["note"],
        hire=form.hire_terms(),
        expected_version=if_match(request),  # optional here: a sent one must be current
    )
    set_etag(response, placement)
    return placement


class RecommendationOut(Schema):
    position: int
    score: float
    reasons: list[str]


@router.get(
    "/citizens/{citizen_id}/recommendations",
    response={200: list[RecommendationOut], **errors(403, 404, 422)},
    tags=["recommendations"],
    summary="Positions recommended for a citizen, best first, with the reasons",
)
def citizen_recommendations(request, citizen_id: int, top: int = Query(10, ge=1, le=50)):
    citizen = get_object_or_404(Citizen.objects.visible_to(request.auth), pk=citizen_id)
    record(
        request.auth, Action.VIEW, citizen, citizen=citizen, channel="api", detail="anbefalinger"
    )
    found = recommendations_for(citizen, timezone.localdate(), k=top)
    return [
        {"position": r.position.pk, "score": r.match.score, "reasons": r.match.reasons}
        for r in found
    ]
