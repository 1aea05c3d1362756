"""Active offers and consultant capacity under /api/v1/ (docs/active-offers.md): the
municipality's offers (list, record one, correct a running one, end one with its outcome) for its
caseworkers, consultants and managers, and the consultant capacity per month of a year (GET, PUT)
for its managers only, as on the pages. Another municipality's offer or citizen is a 404, as one
that does not exist. The write functions of ``offers/actions.py`` check who acts, lock, compare
versions and audit; the handlers only translate."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema, Status

from fleksjob.accounts.models import Role
from fleksjob.api.auth import MUNICIPAL
from fleksjob.api.common import api_channel, paged
from fleksjob.api.errors import errors
from fleksjob.api.etag import IF_MATCH_DOC, if_match, set_etag
from fleksjob.api.specs import record_schema
from fleksjob.api.types import Day, Id, Year
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.citizens.models import Citizen
from fleksjob.core.errors import InvalidField
from fleksjob.core.records.offer import ACTIVE_OFFER, CAPACITY_MONTH, OFFER_END, OFFER_KINDS
from fleksjob.employers.models import Employer
from fleksjob.offers.actions import (
    capacity_version,
    edit_offer,
    end_offer,
    record_offer,
    save_capacity,
)
from fleksjob.offers.models import ActiveOffer, ConsultantCapacity

router = Router(auth=MUNICIPAL)
TAGS = ["active offers"]
OFFER_FIELDS = [f.name for f in ACTIVE_OFFER]
FIRST_YEAR = 2000  # the capacity page's first year; the last is next year


class _OfferOutBase(Schema):
    id: int
    citizen: int
    approval: int
    employer: int | None
    ended_on: dt.date | None
    outcome: str = Field(description="empty while the offer runs")

    @staticmethod
    def resolve_citizen(obj) -> int:
        return obj.citizen_id

    @staticmethod
    def resolve_approval(obj) -> int:
        return obj.approval_id

    @staticmethod
    def resolve_employer(obj) -> int | None:
        return obj.employer_id


OfferOut = record_schema("ActiveOfferOut", ACTIVE_OFFER, OFFER_FIELDS, "out", base=_OfferOutBase)


class _OfferInBase(Schema):
    citizen: Id
    employer: Id | None = Field(
        None, description="an employer of your municipality; required for practice, wage_subsidy"
    )


OfferIn = record_schema("ActiveOfferIn", ACTIVE_OFFER, OFFER_FIELDS, "in", base=_OfferInBase)


class _OfferPatchBase(Schema):
    employer: Id | None = Field(
        None,
        description="an employer of your municipality; null clears it (not for practice, "
        "wage_subsidy); left out, it stays",
    )


OfferPatch = record_schema(
    "ActiveOfferPatch",
    ACTIVE_OFFER,
    OFFER_FIELDS,
    "patch",
    base=_OfferPatchBase,
    doc="The running offer's fields to correct (the rest stay as they are).",
)
OfferEndIn = record_schema("ActiveOfferEndIn", OFFER_END, ["ended_on", "outcome"], "in")

_MonthBase = record_schema(
    "CapacityMonthBase", CAPACITY_MONTH, ["consultants_fte", "employer_fte"], "patch"
)


class CapacityMonthIn(_MonthBase):  # type: ignore[valid-type, misc]
    month: Annotated[int, Field(ge=1, le=12, description="1-12")]


class CapacityIn(Schema):
    """The year's grid: a month left out (or with consultants null) is cleared."""

    months: list[CapacityMonthIn] = Field(..., max_length=12)


class CapacityMonthOut(Schema):
    month: int
    consultants_fte: Decimal | None
    employer_fte: Decimal | None
    synthetic: bool = Field(description="a synthetic figure of the demo data, not entered")


class CapacityOut(Schema):
    year: int
    months: list[CapacityMonthOut] = Field(description="all 12 months; null: not entered")


class OfferFilter(FilterSchema):
    kind: Literal[OFFER_KINDS] | None = None  # type: ignore[valid-type]
    citizen: Annotated[Id | None, FilterLookup("citizen_id")] = None
    ending_before: Annotated[Day | None, FilterLookup("planned_end__lte")] = None


def _offers(request):
    return ActiveOffer.objects.visible_to(request.auth).select_related("citizen")


def _offer(request, offer_id: int) -> ActiveOffer:
    return get_object_or_404(_offers(request), pk=offer_id)


def _employer(request, employer_id: int | None) -> Employer | None:
    if employer_id is None:
        return None
    employer = Employer.objects.visible_to(request.auth).filter(pk=employer_id).first()
    if employer is None:  # the write function's own verdict on another municipality's
        raise InvalidField("employer", "arbejdsgiveren findes ikke i kommunen")
    return employer


@router.get(
    "/active-offers/",
    response={200: list[OfferOut], **errors(403, 422)},
    tags=TAGS,
    summary="Your municipality's active offers (running by default), by planned end",
)
@paged
def list_offers(
    request,
    filters: Query[OfferFilter],
    state: Literal["running", "ended", "all"] = "running",
):
    offers = filters.filter(_offers(request))
    if state != "all":
        offers = offers.filter(ended_on__isnull=state == "running")
    record(request.auth, Action.SEARCH, channel="api", detail="aktive tilbud")
    return offers.order_by("planned_end", "pk")


@router.get(
    "/active-offers/{offer_id}",
    response={200: OfferOut, **errors(403, 404)},
    tags=TAGS,
    summary="An active offer, with its ETag",
)
def get_offer(request, offer_id: int, response: HttpResponse):
    offer = _offer(request, offer_id)
    record(
        request.auth,
        Action.VIEW,
        offer,
        citizen=offer.citizen,
        channel="api",
        detail="aktivt tilbud",
    )
    set_etag(response, offer)
    return offer


@router.post(
    "/active-offers/",
    response={201: OfferOut, **errors(403, 404, 409, 422)},
    tags=TAGS,
    summary="Record an active offer (the citizen on ledighedsydelse on its first day)",
)
@api_channel
def post_offer(request, payload: OfferIn, response: HttpResponse):  # type: ignore[valid-type]
    citizen = get_object_or_404(Citizen.objects.visible_to(request.auth), pk=payload.citizen)
    made = record_offer(
        request.auth,
        citizen,
        kind=payload.kind,
        employer=_employer(request, payload.employer),
        start=payload.start,
        planned_end=payload.planned_end,
        weekly_hours=payload.weekly_hours,
        purpose=payload.purpose or "",
    )
    set_etag(response, made)
    return Status(201, made)


@router.patch(
    "/active-offers/{offer_id}",
    response={200: OfferOut, **errors(403, 404, 409, 412, 422, 428)},
    tags=TAGS,
    summary="Correct a running offer: the fields sent change (If-Match required)",
    openapi_extra=IF_MATCH_DOC,
)
@api_channel
def patch_offer(request, offer_id: int, payload: OfferPatch, response: HttpResponse):  # type: ignore[valid-type]
    offer = _offer(request, offer_id)
    sent = payload.dict(exclude_unset=True)
    employer = _employer(request, sent.pop("employer")) if "employer" in sent else offer.employer
    # A field left out or null stays as it is; edit_offer takes the whole offer and checks it.
    values = {name: getattr(offer, name) for name in OFFER_FIELDS}
    values |= {name: value for name, value in sent.items() if value is not None}
    edited = edit_offer(
        request.auth, offer, expected_version=if_match(request), employer=employer, **values
    )
    set_etag(response, edited)
    return edited


@router.post(
    "/active-offers/{offer_id}/end",
    response={200: OfferOut, **errors(403, 404, 409, 412, 422, 428)},
    tags=TAGS,
    summary="End a running offer on its last day with its outcome (If-Match required)",
    openapi_extra=IF_MATCH_DOC,
)
@api_channel
def post_end(request, offer_id: int, payload: OfferEndIn, response: HttpResponse):  # type: ignore[valid-type]
    offer = _offer(request, offer_id)
    ended = end_offer(
        request.auth,
        offer,
        expected_version=if_match(request),
        ended_on=payload.ended_on,
        outcome=payload.outcome,
        today=timezone.localdate(),
    )
    set_etag(response, ended)
    return ended


def _manager(request) -> None:
    if request.auth.role != Role.MANAGER:
        raise PermissionDenied


def _year(year: int | None) -> int:
    """The year asked for (this year when none), from the page's first year to next year."""
    last = timezone.localdate().year + 1
    if year is None:
        return last - 1
    if not FIRST_YEAR <= year <= last:
        raise InvalidField("year", f"året skal ligge fra {FIRST_YEAR} til {last}")
    return year


def _grid(request, year: int, response: HttpResponse) -> dict:
    code = request.auth.municipality_id
    saved = {
        c.month.month: c
        for c in ConsultantCapacity.objects.filter(municipality_id=code, month__year=year)
    }
    response["ETag"] = f'"{capacity_version(code, year)}"'
    months = []
    for m in range(1, 13):
        row = saved.get(m)
        months.append(
            {
                "month": m,
                "consultants_fte": row.consultants_fte if row else None,
                "employer_fte": row.employer_fte if row else None,
                "synthetic": row.synthetic if row else False,
            }
        )
    return {"year": year, "months": months}


@router.get(
    "/consultant-capacity",
    response={200: CapacityOut, **errors(403, 422)},
    tags=TAGS,
    summary="Your municipality's consultant capacity per month of ?year= (managers; its ETag)",
)
def get_capacity(request, response: HttpResponse, year: Year | None = None):
    _manager(request)
    return _grid(request, _year(year), response)


@router.put(
    "/consultant-capacity",
    response={200: CapacityOut, **errors(403, 409, 412, 422, 428)},
    tags=TAGS,
    summary="Set ?year='s consultant capacity (managers; a month left out is cleared)",
    openapi_extra=IF_MATCH_DOC,
)
@api_channel
def put_capacity(request, payload: CapacityIn, response: HttpResponse, year: Year | None = None):
    _manager(request)
    year = _year(year)
    months: dict[int, tuple[Decimal | None, Decimal | None]] = dict.fromkeys(
        range(1, 13), (None, None)
    )
    # The write function names a month's fields as the page's grid does; the body's names here.
    names: dict[str, str] = {}
    for n, entry in enumerate(payload.months):
        if f"fte_{entry.month}" in names:
            raise InvalidField(f"months.{n}.month", "måneden står to gange")
        names[f"fte_{entry.month}"] = f"months.{n}.consultants_fte"
        names[f"employer_fte_{entry.month}"] = f"months.{n}.employer_fte"
        months[entry.month] = (entry.consultants_fte, entry.employer_fte)
    try:
        save_capacity(request.auth, year, months, expected_version=if_match(request))
    except InvalidField as exc:
        raise InvalidField(names.get(exc.field, exc.field), str(exc)) from exc
    return _grid(request, year, response)
