"""Citizens under /api/v1/citizens/: registering a new one with the visitation (POST), the
profile (read, PATCH with If-Match), and per citizen the approvals (visitation),
ledighedsydelse spells and employments with their hours."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema, Status

from fleksjob.accounts.permissions import may_decide
from fleksjob.api.auth import MUNICIPAL
from fleksjob.api.common import api_channel, cleaned, paged
from fleksjob.api.errors import errors
from fleksjob.api.etag import IF_MATCH_DOC, if_match, set_etag
from fleksjob.api.schemas import CitizenOut
from fleksjob.api.specs import record_schema
from fleksjob.api.types import Day, Text
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.citizens.actions import register_by_visitation, update_profile
from fleksjob.citizens.decisionviews import DecisionForm
from fleksjob.citizens.forms import NewCitizenForm, ProfileForm, version_of
from fleksjob.citizens.models import ASSIGNED, Approval, BenefitSpell, Citizen, Education, Goal
from fleksjob.citizens.ownership import may_take_cases
from fleksjob.core.errors import InvalidField
from fleksjob.core.records import CITIZEN
from fleksjob.core.rules import decisions as rules
from fleksjob.core.rules.case_status import Status as CaseStatus
from fleksjob.employment.models import Employment

router = Router(auth=MUNICIPAL)

StatusName = Literal[tuple(s.value for s in CaseStatus)]  # type: ignore[valid-type]
GoalName = Literal[tuple(Goal.values)]  # type: ignore[valid-type]
EducationName = Literal[tuple(Education.values)]  # type: ignore[valid-type]


class CitizenFilter(FilterSchema):
    status: Annotated[StatusName | None, FilterLookup("case_status")] = None
    goal: GoalName | None = None
    q: Annotated[
        Text | None,
        FilterLookup(["first_name__icontains", "last_name__icontains"]),
        Field(max_length=100, description="del af for- eller efternavn"),
    ] = None
    caseworker: Annotated[
        Text | None,
        FilterLookup("case_caseworker"),
        Field(max_length=150, description="the active case's responsible caseworker (user name)"),
    ] = None


VISITATION = rules.DecisionKind.VISITATION
VisitationBasis = Literal[tuple(b.key for b in rules.bases_for(VISITATION))]  # type: ignore[valid-type]


class VisitationIn(Schema):
    on: Day = Field(..., description="the visitation's date (ÅÅÅÅ-MM-DD), today or before")
    legal_basis: VisitationBasis = Field(..., description="a visitation basis (legal_bases.json)")
    justification: Text = Field(..., max_length=rules.JUSTIFICATION_MAX)


class _NewCitizenBase(Schema):
    """A citizen new to the municipality and the visitation that opens the case."""

    visitation: VisitationIn
    take_case: bool = Field(
        False, description="caseworkers only: hold the new case (otherwise it waits in the queue)"
    )


# Without coordinates the citizen is placed at the municipality's centre, as on the page.
NewCitizenIn = record_schema(
    "NewCitizenIn",
    CITIZEN,
    NewCitizenForm.Meta.fields,
    "in",
    base=_NewCitizenBase,
    optional=("lat", "lon"),
)

# Profile fields a caseworker keeps; only the fields sent are changed.
CitizenPatch = record_schema("CitizenPatch", CITIZEN, ProfileForm.Meta.fields, "patch")


class ApprovalOut(Schema):
    id: int
    visitation_date: dt.date
    status: str
    status_since: dt.date
    first_fleksjob_start: dt.date | None
    temporary_until: dt.date | None
    permanent: bool
    old_scheme: bool
    ended_reason: str
    reviewed_on: dt.date | None = Field(
        None, description="the day the 4½-year review was decided (citizens/{id}/decisions)"
    )
    caseworker: str | None = Field(description="the responsible caseworker's user name")
    consultant: str | None = Field(description="the named consultant's (fleksjobformidler's)")

    @staticmethod
    def resolve_caseworker(obj) -> str | None:
        return obj.caseworker.username if obj.caseworker_id else None

    @staticmethod
    def resolve_consultant(obj) -> str | None:
        return obj.consultant.username if obj.consultant_id else None


class BenefitSpellOut(Schema):
    id: int
    approval: int
    kind: str
    start: dt.date
    end: dt.date | None
    rate_category: str

    @staticmethod
    def resolve_approval(obj) -> int:
        return obj.approval_id


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


def citizens_of(user):
    """The user's municipality's citizens, each with the status of the current case."""
    current = (
        Approval.objects.filter(citizen=OuterRef("pk"))
        .order_by("-visitation_date")
        .values("status")[:1]
    )
    # Who is responsible for the active case (issue 14): a caseworker who can act on it.
    active = Approval.objects.active().filter(citizen=OuterRef("pk"))
    return (
        Citizen.objects.visible_to(user)
        .annotate(
            case_status=Subquery(current),
            case_caseworker=Subquery(active.filter(ASSIGNED).values("caseworker__username")[:1]),
            case_consultant=Subquery(active.values("consultant__username")[:1]),
        )
        .order_by("last_name", "first_name", "id")
    )


def citizen_of(request, citizen_id: int) -> Citizen:
    return get_object_or_404(Citizen.objects.visible_to(request.auth), pk=citizen_id)


@router.get(
    "/citizens/",
    response={200: list[CitizenOut], **errors(403, 422)},
    tags=["citizens"],
    summary="Citizens of your municipality",
)
@paged
def list_citizens(request, filters: Query[CitizenFilter]):
    record(request.auth, Action.SEARCH, channel="api", detail="citizens list")
    return filters.filter(citizens_of(request.auth))


@router.post(
    "/citizens/",
    response={201: CitizenOut, **errors(403, 409, 422)},
    tags=["citizens"],
    summary="Register a citizen new to your municipality with the visitation that opens the case",
)
@api_channel
def post_citizen(request, payload: NewCitizenIn):
    user = request.auth
    if not may_decide(user):
        raise PermissionDenied
    data = payload.dict(exclude={"visitation", "take_case"})
    for name, centre in (("lat", user.municipality.lat), ("lon", user.municipality.lon)):
        if data[name] is None:
            data[name] = centre
    data["occupations"] = ", ".join(data["occupations"] or [])
    fields = cleaned(NewCitizenForm(data=data))
    visitation = cleaned(
        DecisionForm(VISITATION, data=payload.visitation.dict()),
        rename=lambda name: f"visitation.{name}",
    )
    if payload.take_case and not may_take_cases(user):
        raise InvalidField("take_case", "kun en sagsbehandler kan selv tage sagen")
    made = register_by_visitation(
        user,
        on=visitation["on"],
        legal_basis=visitation["legal_basis"],
        justification=visitation["justification"],
        municipality_id=user.municipality_id,
        take_case=payload.take_case,
        today=timezone.localdate(),
        channel="api",
        **{name: fields[name] for name in NewCitizenForm.Meta.fields},
    )
    return Status(201, citizens_of(user).get(pk=made.approval.citizen_id))


@router.get(
    "/citizens/{citizen_id}",
    response={200: CitizenOut, **errors(403, 404)},
    tags=["citizens"],
    summary="A citizen's profile, with its ETag",
)
def get_citizen(request, citizen_id: int, response: HttpResponse):
    citizen = get_object_or_404(citizens_of(request.auth), pk=citizen_id)
    record(request.auth, Action.VIEW, citizen, citizen=citizen, channel="api")
    set_etag(response, citizen)
    return citizen


def _as_form_data(citizen: Citizen, changes: dict) -> dict:
    data = {name: getattr(citizen, name) for name in ProfileForm.Meta.fields}
    data.update(changes)
    data["occupations"] = ", ".join(data["occupations"])
    data["version"] = version_of(citizen)
    return data


@router.patch(
    "/citizens/{citizen_id}",
    response={200: CitizenOut, **errors(403, 404, 412, 422, 428)},
    tags=["citizens"],
    summary="Change a citizen's profile (If-Match required)",
    openapi_extra=IF_MATCH_DOC,
)
@api_channel
def patch_citizen(request, citizen_id: int, payload: CitizenPatch, response: HttpResponse):
    changes = payload.dict(exclude_unset=True)
    citizen = get_object_or_404(citizens_of(request.auth), pk=citizen_id)
    data = cleaned(ProfileForm(data=_as_form_data(citizen, changes), instance=citizen))
    # Only the sent fields are changed; the form validated them together with the rest.
    update_profile(
        request.auth,
        citizen,
        {name: data[name] for name in changes},
        expected_version=if_match(request),
    )
    citizen = citizens_of(request.auth).get(pk=citizen_id)
    set_etag(response, citizen)
    return citizen


@router.get(
    "/citizens/{citizen_id}/approvals",
    response={200: list[ApprovalOut], **errors(403, 404)},
    tags=["approvals"],
    summary="A citizen's approvals (visitation) and their status",
)
@paged
def citizen_approvals(request, citizen_id: int):
    citizen = citizen_of(request, citizen_id)
    record(request.auth, Action.VIEW, citizen, citizen=citizen, channel="api", detail="visitation")
    return (
        Approval.objects.filter(citizen=citizen)
        .select_related("caseworker", "consultant")
        .order_by("-visitation_date", "-pk")
    )


@router.get(
    "/citizens/{citizen_id}/benefit-spells",
    response={200: list[BenefitSpellOut], **errors(403, 404)},
    tags=["benefit-spells"],
    summary="A citizen's ledighedsydelse spells",
)
@paged
def citizen_benefit_spells(request, citizen_id: int):
    citizen = citizen_of(request, citizen_id)
    record(
        request.auth, Action.VIEW, citizen, citizen=citizen, channel="api", detail="ledighedsydelse"
    )
    return BenefitSpell.objects.filter(citizen=citizen).order_by("-start", "-pk")


@router.get(
    "/citizens/{citizen_id}/employments",
    response={200: list[EmploymentOut], **errors(403, 404)},
    tags=["employments"],
    summary="A citizen's employments with their weekly hours over time",
)
@paged
def citizen_employments(request, citizen_id: int):
    citizen = citizen_of(request, citizen_id)
    record(request.auth, Action.VIEW, citizen, citizen=citizen, channel="api", detail="ansættelser")
    return (
        Employment.objects.filter(citizen=citizen)
        .prefetch_related("hours_history")
        .order_by("start", "pk")
    )
