"""The employer CRM under /api/v1/: employers (POST, PATCH with If-Match), their contact log
(GET, POST) and positions (filtered lists, POST, PATCH with If-Match). Validation is the UI's
own forms; writes go through employers.actions."""

import datetime as dt
from typing import Annotated, Literal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema, Status

from fleksjob.api.auth import MUNICIPAL
from fleksjob.api.common import api_channel, cleaned, paged
from fleksjob.api.errors import errors
from fleksjob.api.etag import IF_MATCH_DOC, if_match, set_etag
from fleksjob.api.specs import body_type, record_schema
from fleksjob.api.types import Day, Id, Text
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.core.records import EMPLOYER, POSITION
from fleksjob.employers.actions import log_contact, save_employer, save_position
from fleksjob.employers.forms import ContactForm, PositionForm
from fleksjob.employers.models import (
    Channel,
    ContactLogEntry,
    Employer,
    Outcome,
    Position,
    PositionStatus,
    SectorChoice,
    SizeBand,
)
from fleksjob.employers.queries import namesakes

router = Router(auth=MUNICIPAL)

SectorName = Literal[tuple(SectorChoice.values)]  # type: ignore[valid-type]
SizeName = Literal[tuple(SizeBand.values)]  # type: ignore[valid-type]
StatusName = Literal[tuple(PositionStatus.values)]  # type: ignore[valid-type]
ChannelName = Literal[tuple(Channel.values)]  # type: ignore[valid-type]
OutcomeName = Literal[tuple(Outcome.values)]  # type: ignore[valid-type]
Occupation = body_type(POSITION["occupation"])


class _EmployerOutBase(Schema):
    id: int
    municipality: str
    # For a person picking an employer: two of the same name told apart (issue 14).
    municipality_name: str = Field(description="the municipality's name")
    label: str = Field(description="Navn — CVR 12345678, Vejnavn 1, 4000 By")
    namesakes: int = Field(description="other employers you can see with the same name")

    @staticmethod
    def resolve_municipality(obj) -> str:
        return obj.municipality_id

    @staticmethod
    def resolve_municipality_name(obj) -> str:
        return obj.municipality.name

    @staticmethod
    def resolve_label(obj) -> str:
        return obj.picker_label


EMPLOYER_FIELDS = (
    "cvr",
    "name",
    "sector",
    "size_band",
    "is_public",
    "street",
    "postcode",
    "city",
    "lat",
    "lon",
)
EmployerOut = record_schema("EmployerOut", EMPLOYER, EMPLOYER_FIELDS, "out", base=_EmployerOutBase)
# Without coordinates the employer is placed at the municipality's centre.
EmployerIn = record_schema("EmployerIn", EMPLOYER, EMPLOYER_FIELDS, "in", optional=("lat", "lon"))
EmployerPatch = record_schema("EmployerPatch", EMPLOYER, EMPLOYER_FIELDS, "patch")


class EmployerFilter(FilterSchema):
    sector: SectorName | None = None
    q: Annotated[
        Text | None,
        FilterLookup(
            ["name__icontains", "cvr", "street__icontains", "postcode", "city__icontains"]
        ),
        Field(
            max_length=100,
            description="del af navn, vej eller by, eller hele CVR-nummeret eller postnummeret",
        ),
    ] = None


class ContactOut(Schema):
    id: int
    employer: int
    on: dt.date
    channel: str
    outcome: str
    contact_person: int | None
    note: str
    follow_up_on: dt.date | None
    follow_up_done_on: dt.date | None  # marked done on the task list (docs/outreach.md)

    @staticmethod
    def resolve_employer(obj) -> int:
        return obj.employer_id

    @staticmethod
    def resolve_contact_person(obj) -> int | None:
        return obj.contact_person_id


class ContactIn(Schema):
    on: Day
    channel: ChannelName
    outcome: OutcomeName
    contact_person: Id | None = None
    note: str = Field("", max_length=5000)
    follow_up_on: Day | None = None


class _PositionOutBase(Schema):
    id: int
    employer: int
    # The employer told apart from others of its name (issue 14), for a person picking a position.
    employer_label: str = Field(description="Navn — CVR 12345678, Vejnavn 1, 4000 By")

    @staticmethod
    def resolve_employer(obj) -> int:
        return obj.employer_id

    @staticmethod
    def resolve_employer_label(obj) -> str:
        return obj.employer.picker_label


PositionOut = record_schema(
    "PositionOut",
    POSITION,
    (*PositionForm.Meta.fields, "created_on"),
    "out",
    base=_PositionOutBase,
)
PositionIn = record_schema("PositionIn", POSITION, PositionForm.Meta.fields, "in")
PositionPatch = record_schema("PositionPatch", POSITION, PositionForm.Meta.fields, "patch")


class PositionFilter(FilterSchema):
    status: StatusName | None = None
    occupation: Occupation | None = None
    employer: Annotated[Id | None, FilterLookup("employer_id")] = None


def _employers(request):
    return (
        Employer.objects.visible_to(request.auth)
        .select_related("municipality")
        .annotate(namesakes=namesakes(request.auth))
    )


def _employer(request, employer_id: int) -> Employer:
    return get_object_or_404(_employers(request), pk=employer_id)


def _shown(request, employer: Employer) -> Employer:
    """The saved employer as the API shows it (municipality name, namesakes)."""
    return _employer(request, employer.pk)


@router.get(
    "/employers/",
    response={200: list[EmployerOut], **errors(403, 422)},
    tags=["employers"],
    summary="Employers of your municipality",
)
@paged
def list_employers(request, filters: Query[EmployerFilter]):
    return filters.filter(_employers(request).order_by("name", "pk"))


@router.get(
    "/employers/{employer_id}",
    response={200: EmployerOut, **errors(403, 404)},
    tags=["employers"],
    summary="An employer, with its ETag",
)
def get_employer(request, employer_id: int, response: HttpResponse):
    employer = _employer(request, employer_id)
    set_etag(response, employer)
    return employer


@router.post(
    "/employers/",
    response={201: EmployerOut, **errors(403, 409, 422)},
    tags=["employers"],
    summary="Register an employer in your municipality",
)
@api_channel
def post_employer(request, payload: EmployerIn, response: HttpResponse):
    fields = payload.dict()
    for name in ("lat", "lon"):
        if fields[name] is None:
            del fields[name]
    employer = save_employer(request.auth, None, **fields)
    set_etag(response, employer)
    return Status(201, _shown(request, employer))


@router.patch(
    "/employers/{employer_id}",
    response={200: EmployerOut, **errors(403, 404, 409, 412, 422, 428)},
    tags=["employers"],
    summary="Change an employer (If-Match required)",
    openapi_extra=IF_MATCH_DOC,
)
@api_channel
def patch_employer(request, employer_id: int, payload: EmployerPatch, response: HttpResponse):
    employer = save_employer(
        request.auth,
        _employer(request, employer_id),
        expected_version=if_match(request),
        **payload.dict(exclude_unset=True),
    )
    set_etag(response, employer)
    return _shown(request, employer)


@router.get(
    "/employers/{employer_id}/contact-log",
    response={200: list[ContactOut], **errors(403, 404)},
    tags=["contact-log"],
    summary="The consultants' contact log with an employer, newest first",
)
@paged
def contact_log(request, employer_id: int):
    employer = _employer(request, employer_id)
    record(request.auth, Action.VIEW, employer, channel="api", detail="kontaktlog")
    return ContactLogEntry.objects.filter(employer=employer).order_by("-on", "-pk")


@router.post(
    "/employers/{employer_id}/contact-log",
    response={201: ContactOut, **errors(403, 404, 409, 422)},
    tags=["contact-log"],
    summary="Log a contact with an employer",
)
@api_channel
def post_contact(request, employer_id: int, payload: ContactIn):
    employer = _employer(request, employer_id)
    valid = cleaned(ContactForm(data=payload.dict(), employer=employer))
    entry = log_contact(
        request.auth, employer, **{name: valid[name] for name in ContactForm.Meta.fields}
    )
    return Status(201, entry)


@router.get(
    "/positions/",
    response={200: list[PositionOut], **errors(403, 422)},
    tags=["positions"],
    summary="Positions at your municipality's employers",
)
@paged
def list_positions(request, filters: Query[PositionFilter]):
    positions = (
        Position.objects.visible_to(request.auth)
        .select_related("employer")
        .order_by("-created_on", "pk")
    )
    return filters.filter(positions)


@router.get(
    "/positions/{position_id}",
    response={200: PositionOut, **errors(403, 404)},
    tags=["positions"],
    summary="A position, with its ETag",
)
def get_position(request, position_id: int, response: HttpResponse):
    position = get_object_or_404(
        Position.objects.visible_to(request.auth).select_related("employer"), pk=position_id
    )
    set_etag(response, position)
    return position


def _save_position(request, employer: Employer, position: Position | None, data: dict):
    form = cleaned(PositionForm(data=data, instance=position))
    fields = {name: form[name] for name in PositionForm.Meta.fields}
    if position is None:
        fields["created_on"] = timezone.localdate()
    return save_position(
        request.auth, employer, position, expected_version=if_match(request), **fields
    )


@router.post(
    "/employers/{employer_id}/positions",
    response={201: PositionOut, **errors(403, 404, 409, 422)},
    tags=["positions"],
    summary="Create a position (or a flex position split off from other jobs)",
)
@api_channel
def post_position(request, employer_id: int, payload: PositionIn, response: HttpResponse):
    employer = _employer(request, employer_id)
    position = _save_position(request, employer, None, payload.dict())
    set_etag(response, position)
    return Status(201, position)


@router.patch(
    "/positions/{position_id}",
    response={200: PositionOut, **errors(403, 404, 409, 412, 422, 428)},
    tags=["positions"],
    summary="Change a position (If-Match required)",
    openapi_extra=IF_MATCH_DOC,
)
@api_channel
def patch_position(request, position_id: int, payload: PositionPatch, response: HttpResponse):
    position = get_object_or_404(
        Position.objects.visible_to(request.auth).select_related("employer"), pk=position_id
    )
    data = {name: getattr(position, name) for name in PositionForm.Meta.fields}
    data.update(payload.dict(exclude_unset=True))
    position = _save_position(request, position.employer, position, data)
    set_etag(response, position)
    return position
