"""A citizen's consent item by item under /api/v1/citizens/{id}/consent: the current items and
the history (GET, with the citizen's ETag), and a change staff record from a consent given or
withdrawn on paper or in a meeting (POST, If-Match). ``citizens.consent.set_consent`` locks,
compares the version, writes the history and audits."""

import datetime as dt
from typing import Literal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from fleksjob.api.auth import MUNICIPAL
from fleksjob.api.common import api_channel
from fleksjob.api.errors import errors
from fleksjob.api.etag import IF_MATCH_DOC, if_match, set_etag
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.citizens.consent import given_items, history, set_consent
from fleksjob.citizens.models import Citizen
from fleksjob.core.casework.consent import ITEMS, Via

router = Router(auth=MUNICIPAL)

ItemName = Literal[tuple(item.value for item in ITEMS)]  # type: ignore[valid-type]


class ItemOut(Schema):
    item: str
    given: bool


class ConsentChangeOut(Schema):
    item: str
    given: bool
    at: dt.datetime
    by: str | None = Field(description="the user who recorded it (null: none, e.g. migrated)")
    via: str = Field(description="citizen, staff, registration or migrated")

    @staticmethod
    def resolve_by(obj) -> str | None:
        return obj.by.username if obj.by_id else None


class ConsentOut(Schema):
    items: list[ItemOut] = Field(description="every item, given or not, in the items' order")
    history: list[ConsentChangeOut] = Field(description="every change, newest first")


class ConsentIn(Schema):
    """The items the citizen has given after the change; the others are withdrawn."""

    items: list[ItemName] = Field(..., max_length=len(ITEMS))


def _citizen(request, citizen_id: int) -> Citizen:
    # An anonymised citizen has no consent to show or change: 404, as on the page.
    found = Citizen.objects.visible_to(request.auth).filter(anonymised_at__isnull=True)
    return get_object_or_404(found, pk=citizen_id)


def _answer(citizen: Citizen, response: HttpResponse) -> dict:
    given = given_items(citizen)
    set_etag(response, citizen)
    return {
        "items": [{"item": item.value, "given": item in given} for item in ITEMS],
        "history": history(citizen),
    }


@router.get(
    "/citizens/{citizen_id}/consent",
    response={200: ConsentOut, **errors(403, 404)},
    tags=["consent"],
    summary="What employers may see of the citizen, item by item, and every change (ETag)",
)
def get_consent(request, citizen_id: int, response: HttpResponse):
    citizen = _citizen(request, citizen_id)
    record(request.auth, Action.VIEW, citizen, citizen=citizen, channel="api", detail="samtykke")
    return _answer(citizen, response)


@router.post(
    "/citizens/{citizen_id}/consent",
    response={200: ConsentOut, **errors(403, 404, 412, 422, 428)},
    tags=["consent"],
    summary="Record a consent the citizen gave or withdrew on paper or in a meeting: the items "
    "given after it (If-Match with the ETag of GET required)",
    openapi_extra=IF_MATCH_DOC,
)
@api_channel
def post_consent(request, citizen_id: int, payload: ConsentIn, response: HttpResponse):
    citizen = _citizen(request, citizen_id)
    # The items are checked by the schema (the form's choices); an update: without If-Match
    # the write function refuses it (428), a stale one 412.
    sent = if_match(request) or ""
    set_consent(request.auth, citizen, payload.items, via=Via.STAFF, expected_version=sent)
    return _answer(Citizen.objects.get(pk=citizen.pk), response)
