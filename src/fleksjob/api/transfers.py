"""Case transfer (kommuneskift) under /api/v1/case-transfers/: the receiving municipality files a
request by CPR number (POST), both sides list and read the requests they may see, and the sending
municipality releases or refuses (POST .../release, .../refuse). Caseworkers and managers only.

The answer to a request is the same whether or not the person exists anywhere: 201 and a request
that is "pending" until released or settled at the deadline (docs/case-transfer.md)."""

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from fleksjob.accounts.permissions import may_transfer_cases
from fleksjob.api.auth import MUNICIPAL
from fleksjob.api.common import api_channel, cleaned, paged
from fleksjob.api.errors import REASONS, ApiError, errors
from fleksjob.api.types import Text
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.core.casework.transfer import AWAITING_ANSWER, Answer, RequestStatus
from fleksjob.core.rules.cpr import InvalidCPR
from fleksjob.transfers.actions import (
    confirmation,
    refuse_transfer,
    release_transfer,
    request_transfer,
)
from fleksjob.transfers.forms import RefuseForm
from fleksjob.transfers.models import CaseTransfer, Seen, seen_by
from fleksjob.transfers.reading import read_one

router = Router(auth=MUNICIPAL)
TAGS = ["case-transfers"]

Direction = Literal["outgoing", "incoming"]
StatusName = Literal[  # type: ignore[valid-type]
    tuple([*(s.value for s in RequestStatus), AWAITING_ANSWER, *(a.value for a in Answer)])
]


def _seen(obj: CaseTransfer, context) -> Seen:
    return seen_by(obj, context["request"].auth)


class CaseTransferOut(Schema):
    """A request as the caller's municipality sees it (from a ``for_viewer`` queryset)."""

    id: int
    direction: Direction = Field(
        ..., description="outgoing: jeres anmodning; incoming: en anden kommunes anmodning"
    )
    requesting_municipality: str = Field(..., description="den anmodende kommunes kode")
    requesting_municipality_name: str
    requested_at: dt.datetime
    release_by: dt.date = Field(..., description="frigives automatisk senest denne dag")
    status: StatusName = Field(
        ...,
        description="outgoing: pending, transferred eller none (ingen sag overført); "
        "incoming: awaiting (venter på jeres svar), released eller refused",
    )
    citizen: int | None = Field(
        ..., description="outgoing: borgeren, når sagen er overført; incoming: jeres borger"
    )
    reason: str = Field(..., description="incoming: jeres begrundelse for en afvisning")

    @staticmethod
    def resolve_requesting_municipality(obj) -> str:
        return obj.requesting_municipality_id

    @staticmethod
    def resolve_requesting_municipality_name(obj) -> str:
        return obj.requesting_municipality.name

    @staticmethod
    def resolve_direction(obj, context) -> str:
        return _seen(obj, context).direction

    @staticmethod
    def resolve_status(obj, context) -> str:
        return _seen(obj, context).status

    @staticmethod
    def resolve_citizen(obj, context) -> int | None:
        return _seen(obj, context).citizen_id

    @staticmethod
    def resolve_reason(obj, context) -> str:
        return _seen(obj, context).reason


class CaseTransferCreated(CaseTransferOut):
    message: str = Field(..., description="det samme svar, uanset om der findes en sag")

    @staticmethod
    def resolve_message(obj) -> str:
        return confirmation(obj)


class CaseTransferIn(Schema):
    cpr: Text = Field(..., max_length=20, description="CPR-nummer, DDMMÅÅ-XXXX eller 10 cifre")


class RefuseIn(Schema):
    reason: Text = Field(
        ..., max_length=200, description="kort begrundelse, fx at borgeren ikke er flyttet"
    )


def _may(request) -> None:
    if not may_transfer_cases(request.auth):
        raise PermissionDenied


def _read(user, transfer_id: int) -> CaseTransfer:
    requests = CaseTransfer.objects.visible_to(user).for_viewer(user)
    return get_object_or_404(requests, pk=transfer_id)


@router.get(
    "/case-transfers/",
    response={200: list[CaseTransferOut], **errors(403, 422)},
    tags=TAGS,
    summary="Requests for case transfer your municipality made or may answer, newest first",
)
@paged
def list_transfers(request, direction: Direction | None = None):
    _may(request)
    user = request.auth
    requests = {
        "outgoing": CaseTransfer.objects.outgoing,
        "incoming": CaseTransfer.objects.incoming,
        None: CaseTransfer.objects.visible_to,
    }[direction](user)
    record(user, Action.SEARCH, channel="api", detail="anmodninger om overflytning")
    return requests.for_viewer(user).order_by("-requested_at", "-pk")


@router.get(
    "/case-transfers/{transfer_id}",
    response={200: CaseTransferOut, **errors(403, 404)},
    tags=TAGS,
    summary="A request for case transfer, as your municipality sees it",
)
def get_transfer(request, transfer_id: int):
    _may(request)
    return read_one(request.auth, _read(request.auth, transfer_id), channel="api").transfer


@router.post(
    "/case-transfers/",
    response={201: CaseTransferCreated, **errors(403, 409, 422)},
    tags=TAGS,
    summary="Request the case of a citizen who moved here (the same answer whether or not a "
    "case exists)",
)
@api_channel
def post_transfer(request, payload: CaseTransferIn, response: HttpResponse):
    _may(request)
    try:
        transfer = request_transfer(request.auth, cpr=payload.cpr)
    except InvalidCPR as exc:
        raise ApiError(422, REASONS[422], [{"field": "cpr", "reason": str(exc)}]) from None
    return Status(201, _read(request.auth, transfer.pk))


def _incoming(request, transfer_id: int) -> CaseTransfer:
    _may(request)
    return get_object_or_404(CaseTransfer.objects.incoming(request.auth), pk=transfer_id)


@router.post(
    "/case-transfers/{transfer_id}/release",
    response={200: CaseTransferOut, **errors(403, 404, 409)},
    tags=TAGS,
    summary="Release your citizen's case to the requesting municipality (moves everything)",
)
@api_channel
def post_release(request, transfer_id: int):
    release_transfer(request.auth, _incoming(request, transfer_id))
    return _read(request.auth, transfer_id)


@router.post(
    "/case-transfers/{transfer_id}/refuse",
    response={200: CaseTransferOut, **errors(403, 404, 409)},
    tags=TAGS,
    summary="Refuse a request with a short reason (the requester is not told before the deadline)",
)
@api_channel
def post_refuse(request, transfer_id: int, payload: RefuseIn):
    transfer = _incoming(request, transfer_id)
    reason = cleaned(RefuseForm(data=payload.dict()))["reason"]
    refuse_transfer(request.auth, transfer, reason=reason)
    return _read(request.auth, transfer_id)
