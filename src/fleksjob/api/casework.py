"""Casework resources under /api/v1/: employers, positions, placements, employments, follow-ups
and recommendations. Read-only here; every route is scoped to the caller's municipality (another
municipality's record is 404) and every read of personal data is audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from fleksjob.api.schemas import ErrorOut
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.citizens.models import Citizen
from fleksjob.employers.models import Employer, Position
from fleksjob.followup.models import FollowUpPlan
from fleksjob.placements.matching import recommendations_for
from fleksjob.placements.models import Employment, Placement

router = Router()
PAGE = {"page_size": 50, "max_page_size": 500}


class EmployerOut(Schema):
    id: int
    cvr: str
    name: str
    municipality: str
    sector: str
    size_band: str
    is_public: bool

    @staticmethod
    def resolve_municipality(obj) -> str:
        return obj.municipality_id


class PositionOut(Schema):
    id: int
    employer: int
    title: str
    occupation: str
    tasks_text: str
    hours_min: Decimal
    hours_max: Decimal
    provides: list[str]
    remote_allowed: bool
    openings: int
    split_off: bool
    status: str
    created_on: dt.date

    @staticmethod
    def resolve_employer(obj) -> int:
        return obj.employer_id


class HoursOut(Schema):
    valid_from: dt.date
    hours_per_week: Decimal


class EmploymentOut(Schema):
    id: int
    citizen: int
    employer: int
    position: int | None
    kind: str
    start: dt.date
    end: dt.date | None
    hourly_wage: Decimal
    old_scheme: bool
    hours: list[HoursOut]

    @staticmethod
    def resolve_citizen(obj) -> int:
        return obj.citizen_id

    @staticmethod
    def resolve_employer(obj) -> int:
        return obj.employer_id

    @staticmethod
    def resolve_position(obj) -> int | None:
        return obj.position_id

    @staticmethod
    def resolve_hours(obj) -> list:
        return list(obj.hours_history.all())


class PlacementOut(Schema):
    id: int
    citizen: int
    position: int
    stage: str
    stage_since: dt.date
    not_hired_reason: str
    score: float | None
    reasons: list[str]

    @staticmethod
    def resolve_citizen(obj) -> int:
        return obj.citizen_id

    @staticmethod
    def resolve_position(obj) -> int:
        return obj.position_id


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


class RecommendationOut(Schema):
    position: int
    score: float
    reasons: list[str]


@router.get("/employers/", response=list[EmployerOut], tags=["employers"])
@paginate(PageNumberPagination, **PAGE)
def list_employers(request):
    return Employer.objects.visible_to(request.auth).order_by("name", "pk")


@router.get(
    "/employers/{employer_id}", response={200: EmployerOut, 404: ErrorOut}, tags=["employers"]
)
def get_employer(request, employer_id: int):
    return get_object_or_404(Employer.objects.visible_to(request.auth), pk=employer_id)


@router.get("/positions/", response=list[PositionOut], tags=["positions"])
@paginate(PageNumberPagination, **PAGE)
def list_positions(request, status: str | None = None):
    positions = Position.objects.visible_to(request.auth).order_by("-created_on", "pk")
    return positions.filter(status=status) if status else positions


@router.get(
    "/positions/{position_id}", response={200: PositionOut, 404: ErrorOut}, tags=["positions"]
)
def get_position(request, position_id: int):
    return get_object_or_404(Position.objects.visible_to(request.auth), pk=position_id)


@router.get("/placements/", response=list[PlacementOut], tags=["placements"])
@paginate(PageNumberPagination, **PAGE)
def list_placements(request, stage: str | None = None):
    record(request.auth, Action.SEARCH, channel="api", detail="placements list")
    placements = Placement.objects.visible_to(request.auth).order_by("-stage_since", "-pk")
    return placements.filter(stage=stage) if stage else placements


@router.get(
    "/placements/{placement_id}", response={200: PlacementOut, 404: ErrorOut}, tags=["placements"]
)
def get_placement(request, placement_id: int):
    placement = get_object_or_404(Placement.objects.visible_to(request.auth), pk=placement_id)
    record(request.auth, Action.VIEW, placement, citizen=placement.citizen, channel="api")
    return placement


def _citizen(request, citizen_id: int) -> Citizen:
    return get_object_or_404(Citizen.objects.visible_to(request.auth), pk=citizen_id)


@router.get(
    "/citizens/{citizen_id}/employments",
    response={200: list[EmploymentOut], 404: ErrorOut},
    tags=["employments"],
)
def citizen_employments(request, citizen_id: int):
    citizen = _citizen(request, citizen_id)
    record(request.auth, Action.VIEW, citizen, citizen=citizen, channel="api", detail="ansættelser")
    return list(
        Employment.objects.filter(citizen=citizen)
        .prefetch_related("hours_history")
        .order_by("start")
    )


@router.get(
    "/citizens/{citizen_id}/follow-ups",
    response={200: list[FollowUpOut], 404: ErrorOut},
    tags=["follow-ups"],
)
def citizen_follow_ups(request, citizen_id: int):
    citizen = _citizen(request, citizen_id)
    record(request.auth, Action.VIEW, citizen, citizen=citizen, channel="api", detail="opfølgning")
    return list(
        FollowUpPlan.objects.filter(citizen=citizen)
        .prefetch_related("hours_steps")
        .order_by("-agreed_on")
    )


@router.get(
    "/citizens/{citizen_id}/recommendations",
    response={200: list[RecommendationOut], 404: ErrorOut},
    tags=["recommendations"],
)
def citizen_recommendations(request, citizen_id: int, top: int = 10):
    citizen = _citizen(request, citizen_id)
    record(
        request.auth, Action.VIEW, citizen, citizen=citizen, channel="api", detail="anbefalinger"
    )
    found = recommendations_for(citizen, timezone.localdate(), k=max(1, min(top, 50)))
    return [
        {"position": r.position.pk, "score": r.match.score, "reasons": r.match.reasons}
        for r in found
    ]
