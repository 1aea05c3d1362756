"""Fleksjob pools under /api/v1/ (docs/pools.md): the pools with places and spend against the
cap (by month on a pool's detail), a pool's waiting list in line order and its pool jobs, the
applications (apply; the visitation unit's decision, a grant from the waiting list; withdraw),
the pool jobs (record one for a granted application, end it), and setting up or changing a pool
(its managers only, as on the pages).

The roles are the pages': the municipality's caseworkers, consultants and managers and its
visitation unit see the pools; only the visitation unit decides (others 403); those who apply
never decide. Every query starts from the caller's municipality: another municipality's pool,
application or pool job is a 404, as one that does not exist. The write functions of
``pools/actions.py`` check, lock, compare versions and audit; the handlers only translate."""

import datetime as dt
from typing import Annotated, Literal

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema, Status

from fleksjob.accounts.permissions import (
    may_apply_to_pools,
    may_decide_pool_applications,
    may_manage_pools,
    may_place_in_pools,
)
from fleksjob.api.auth import POOLS
from fleksjob.api.common import api_channel, paged
from fleksjob.api.errors import errors
from fleksjob.api.etag import IF_MATCH_DOC, IF_MATCH_OPTIONAL_DOC, if_match, set_etag
from fleksjob.api.specs import record_schema
from fleksjob.api.types import Id
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.citizens.models import Citizen
from fleksjob.core.pools import ApplicationStatus, free_places
from fleksjob.core.records.pool import POOL, POOL_APPLICATION, POOL_DECISION, POOL_JOB, POOL_JOB_END
from fleksjob.pools import actions
from fleksjob.pools.models import Pool, PoolApplication, PoolPlacement
from fleksjob.pools.reading import statuses, waiting_in_order, with_places

router = Router(auth=POOLS)
TAGS = ["pools"]
S = ApplicationStatus

StatusName = Literal[tuple(s.value for s in ApplicationStatus)]  # type: ignore[valid-type]


class PoolOut(Schema):
    """A pool with its places and this year's spend against its annual cap (kr)."""

    id: int
    name: str
    kind: str
    annual_cap: int
    places: int
    taken: int = Field(description="places held by granted applications")
    free: int
    pending: int = Field(description="applications waiting for the visitation unit")
    waiting: int = Field(description="applications on the waiting list")
    eligibility: str
    requires_ledighedsydelse: bool
    min_weeks_on_ledighedsydelse: int
    active: bool
    year: int
    spent: int = Field(description="kr spent this year up to and including today")
    projected: int = Field(description="kr this year, open pool jobs running to the year's end")
    remaining: int = Field(description="the cap less the projection (negative: over)")
    level: str = Field(description="ok, warning (projected ≥ 90 % of the cap) or over")


class MonthSpend(Schema):
    month: str = Field(description="ÅÅÅÅ-MM")
    amount: int = Field(description="kr, projected (pro rata by calendar days)")


class PoolDetailOut(PoolOut):
    months: list[MonthSpend]


class PoolApplicationOut(Schema):
    """An application for a pool place (the motivation and reasons are personal data)."""

    id: int
    pool: int
    citizen: int
    status: str
    applied_by: str
    applied_at: dt.datetime
    motivation: str
    decided_at: dt.datetime | None
    reason: str
    waitlisted_at: dt.datetime | None
    granted_at: dt.datetime | None
    closed_at: dt.datetime | None
    placement: int | None = Field(None, description="the pool job of a granted application")

    @staticmethod
    def resolve_pool(obj) -> int:
        return obj.pool_id

    @staticmethod
    def resolve_citizen(obj) -> int:
        return obj.citizen_id

    @staticmethod
    def resolve_applied_by(obj) -> str:
        return obj.applied_by.username

    @staticmethod
    def resolve_placement(obj) -> int | None:
        try:
            return obj.placement.pk
        except ObjectDoesNotExist:
            return None


class WaitingOut(PoolApplicationOut):
    position: int = Field(description="place in line, 1 = the next to get a free place")


class _PlacementOutBase(Schema):
    id: int
    application: int
    pool: int
    citizen: int
    end: dt.date | None
    end_reason: str

    @staticmethod
    def resolve_application(obj) -> int:
        return obj.application_id

    @staticmethod
    def resolve_pool(obj) -> int:
        return obj.pool_id

    @staticmethod
    def resolve_citizen(obj) -> int:
        return obj.citizen_id


PlacementOut = record_schema(
    "PoolPlacementOut", POOL_JOB, [f.name for f in POOL_JOB], "out", base=_PlacementOutBase
)


class _ApplicationInBase(Schema):
    pool: Id
    citizen: Id


POOL_FIELDS = [f.name for f in POOL]
PoolIn = record_schema("PoolIn", POOL, POOL_FIELDS, "in", doc="A pool as its managers set it up.")
PoolPatch = record_schema(
    "PoolPatch", POOL, POOL_FIELDS, "patch", doc="The pool's fields to change (the rest stay)."
)
ApplicationIn = record_schema(
    "PoolApplicationIn", POOL_APPLICATION, ["motivation"], "in", base=_ApplicationInBase
)
DecisionIn = record_schema("PoolDecisionIn", POOL_DECISION, ["decision", "reason"], "in")
PlacementIn = record_schema("PoolPlacementIn", POOL_JOB, [f.name for f in POOL_JOB], "in")
EndIn = record_schema("PoolPlacementEndIn", POOL_JOB_END, ["end", "reason"], "in")


class EndOut(Schema):
    placement: PlacementOut  # type: ignore[valid-type]
    next_in_line: int | None = Field(
        description="the application first on the waiting list, to offer the free place to"
    )


class PoolApplicationFilter(FilterSchema):
    status: StatusName | None = None
    pool: Annotated[Id | None, FilterLookup("pool_id")] = None
    citizen: Annotated[Id | None, FilterLookup("citizen_id")] = None


def _pools(request):
    return with_places(Pool.objects.visible_to(request.auth))


def _pool_row(pool: Pool, status) -> dict:
    fields = (
        "id",
        "name",
        "kind",
        "annual_cap",
        "places",
        "taken",
        "pending",
        "waiting",
        "eligibility",
        "requires_ledighedsydelse",
        "min_weeks_on_ledighedsydelse",
        "active",
    )
    return {
        **{name: getattr(pool, name) for name in fields},
        "free": free_places(pool.places, pool.taken),
        "year": status.year,
        "spent": round(status.spent),
        "projected": round(status.projected),
        "remaining": round(status.remaining),
        "level": status.level,
    }


def _applications(request):
    return PoolApplication.objects.visible_to(request.auth).select_related(
        "applied_by", "citizen", "placement"
    )


def _application(request, application_id: int) -> PoolApplication:
    return get_object_or_404(_applications(request), pk=application_id)


def _placement(request, placement_id: int) -> PoolPlacement:
    return get_object_or_404(
        PoolPlacement.objects.visible_to(request.auth).select_related("citizen"), pk=placement_id
    )


def _guard(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@router.get(
    "/pools/",
    response={200: list[PoolOut], **errors(403, 422)},
    tags=TAGS,
    summary="Your municipality's pools, with places and this year's spend against the cap",
)
@paged
def list_pools(request):
    pools = list(_pools(request).order_by("name", "pk"))
    found = statuses(pools, timezone.localdate())
    return [_pool_row(p, found[p.pk]) for p in pools]


@router.get(
    "/pools/{pool_id}",
    response={200: PoolDetailOut, **errors(403, 404)},
    tags=TAGS,
    summary="A pool, with this year's spend by month against its cap (its ETag)",
)
def get_pool(request, pool_id: int, response: HttpResponse):
    return _detail(request, pool_id, response)


def _detail(request, pool_id: int, response: HttpResponse) -> dict:
    pool = get_object_or_404(_pools(request), pk=pool_id)
    status = statuses([pool], timezone.localdate())[pool.pk]
    set_etag(response, pool)
    months = [
        {"month": f"{status.year}-{m:02d}", "amount": round(amount)}
        for m, amount in enumerate(status.months, start=1)
    ]
    return {**_pool_row(pool, status), "months": months}


@router.post(
    "/pools/",
    response={201: PoolDetailOut, **errors(403, 422)},
    tags=TAGS,
    summary="Set up a pool in your municipality (managers, as on the pages)",
)
@api_channel
def post_pool(request, payload: PoolIn, response: HttpResponse):  # type: ignore[valid-type]
    _guard(may_manage_pools(request.auth))
    # Left out or null, an optional field takes the spec's default (as the page's form does).
    values = {
        name: POOL[name].default if value is None else value
        for name, value in payload.dict().items()
    }
    made = actions.save_pool(request.auth, None, **values)
    return Status(201, _detail(request, made.pk, response))


@router.patch(
    "/pools/{pool_id}",
    response={200: PoolDetailOut, **errors(403, 404, 412, 422, 428)},
    tags=TAGS,
    summary="Change a pool: its cap, places, rules or whether it is open (managers; If-Match)",
    openapi_extra=IF_MATCH_DOC,
)
@api_channel
def patch_pool(request, pool_id: int, payload: PoolPatch, response: HttpResponse):  # type: ignore[valid-type]
    _guard(may_manage_pools(request.auth))
    pool = get_object_or_404(Pool.objects.visible_to(request.auth), pk=pool_id)
    # Only the fields sent change (null: left as it is); save_pool takes the whole pool.
    values = {name: getattr(pool, name) for name in POOL_FIELDS}
    values |= {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    actions.save_pool(request.auth, pool, expected_version=if_match(request), **values)
    return _detail(request, pool_id, response)


@router.get(
    "/pools/{pool_id}/waiting-list",
    response={200: list[WaitingOut], **errors(403, 404, 422)},
    tags=TAGS,
    summary="A pool's waiting list, first in line first",
)
@paged
def pool_waiting_list(request, pool_id: int):
    pool = get_object_or_404(Pool.objects.visible_to(request.auth), pk=pool_id)
    in_line = waiting_in_order(pool)
    ids = [a.pk for a in in_line]
    found = _applications(request).in_bulk(ids)
    record(request.auth, Action.SEARCH, pool, channel="api", detail="puljens venteliste")
    rows = []
    for position, pk in enumerate(ids, start=1):
        application = found[pk]
        application.position = position
        rows.append(application)
    return rows


@router.get(
    "/pools/{pool_id}/placements",
    response={200: list[PlacementOut], **errors(403, 404, 422)},
    tags=TAGS,
    summary="A pool's pool jobs (state open or ended): open first, then the latest ended",
)
@paged
def pool_placements(request, pool_id: int, state: Literal["open", "ended"] | None = None):
    pool = get_object_or_404(Pool.objects.visible_to(request.auth), pk=pool_id)
    jobs = PoolPlacement.objects.visible_to(request.auth).filter(pool=pool)
    if state is not None:
        jobs = jobs.filter(end__isnull=state == "open")
    record(request.auth, Action.SEARCH, pool, channel="api", detail="puljens puljejob")
    return jobs.order_by(F("end").desc(nulls_first=True), "start", "pk")


@router.get(
    "/pool-applications/",
    response={200: list[PoolApplicationOut], **errors(403, 422)},
    tags=TAGS,
    summary="Applications for pool places (filters status, pool, citizen), newest first",
)
@paged
def list_applications(request, filters: Query[PoolApplicationFilter]):
    record(request.auth, Action.SEARCH, channel="api", detail="puljeansøgninger")
    return filters.filter(_applications(request).order_by("-applied_at", "-pk"))


@router.get(
    "/pool-applications/{application_id}",
    response={200: PoolApplicationOut, **errors(403, 404)},
    tags=TAGS,
    summary="An application for a pool place, with its ETag",
)
def get_application(request, application_id: int, response: HttpResponse):
    application = _application(request, application_id)
    record(
        request.auth,
        Action.VIEW,
        application,
        citizen=application.citizen,
        channel="api",
        detail="puljeansøgning",
    )
    set_etag(response, application)
    return application


def _fresh(request, application: PoolApplication, response: HttpResponse) -> PoolApplication:
    found = _application(request, application.pk)
    set_etag(response, found)
    return found


@router.post(
    "/pool-applications/",
    response={201: PoolApplicationOut, **errors(403, 404, 409, 422)},
    tags=TAGS,
    summary="Apply for a place in a pool for a citizen (caseworkers, consultants, managers)",
)
@api_channel
def post_application(request, payload: ApplicationIn, response: HttpResponse):  # type: ignore[valid-type]
    _guard(may_apply_to_pools(request.auth))
    pool = get_object_or_404(Pool.objects.visible_to(request.auth), pk=payload.pool)
    citizen = get_object_or_404(Citizen.objects.visible_to(request.auth), pk=payload.citizen)
    made = actions.apply_for_place(request.auth, pool, citizen, motivation=payload.motivation)
    return Status(201, _fresh(request, made, response))


@router.post(
    "/pool-applications/{application_id}/decision",
    response={200: PoolApplicationOut, **errors(403, 404, 409, 412, 422, 428)},
    tags=TAGS,
    summary="The visitation unit grants (the waiting list when full) or refuses with a reason",
    openapi_extra=IF_MATCH_DOC,
)
@api_channel
def post_decision(request, application_id: int, payload: DecisionIn, response: HttpResponse):  # type: ignore[valid-type]
    _guard(may_decide_pool_applications(request.auth))
    application = _application(request, application_id)
    decided = actions.decide_application(
        request.auth,
        application,
        approve=payload.decision == "approve",
        reason=payload.reason or "",
        expected_version=if_match(request),
    )
    return _fresh(request, decided, response)


@router.post(
    "/pool-applications/{application_id}/grant",
    response={200: PoolApplicationOut, **errors(403, 404, 409, 412)},
    tags=TAGS,
    summary="The visitation unit gives a free place to the first on the waiting list",
    openapi_extra=IF_MATCH_OPTIONAL_DOC,
)
@api_channel
def post_grant(request, application_id: int, response: HttpResponse):
    _guard(may_decide_pool_applications(request.auth))
    application = _application(request, application_id)
    granted = actions.grant_from_waiting_list(
        request.auth, application, expected_version=if_match(request)
    )
    return _fresh(request, granted, response)


@router.post(
    "/pool-applications/{application_id}/withdraw",
    response={200: PoolApplicationOut, **errors(403, 404, 409, 412)},
    tags=TAGS,
    summary="Withdraw an open application (a granted place is freed; not with a pool job)",
    openapi_extra=IF_MATCH_OPTIONAL_DOC,
)
@api_channel
def post_withdraw(request, application_id: int, response: HttpResponse):
    _guard(may_place_in_pools(request.auth))
    application = _application(request, application_id)
    withdrawn = actions.withdraw_application(
        request.auth, application, expected_version=if_match(request)
    )
    return _fresh(request, withdrawn, response)


@router.post(
    "/pool-applications/{application_id}/placement",
    response={201: PlacementOut, **errors(403, 404, 409, 422)},
    tags=TAGS,
    summary="Record the pool job of a granted application (the pool pays the whole wage)",
)
@api_channel
def post_placement(request, application_id: int, payload: PlacementIn, response: HttpResponse):  # type: ignore[valid-type]
    _guard(may_place_in_pools(request.auth))
    application = _application(request, application_id)
    placed = actions.place_in_pool_job(request.auth, application, **payload.dict())
    set_etag(response, placed)
    return Status(201, placed)


@router.get(
    "/pool-placements/{placement_id}",
    response={200: PlacementOut, **errors(403, 404)},
    tags=TAGS,
    summary="A pool job, with its ETag",
)
def get_placement(request, placement_id: int, response: HttpResponse):
    placement = _placement(request, placement_id)
    record(
        request.auth,
        Action.VIEW,
        placement,
        citizen=placement.citizen,
        channel="api",
        detail="puljejob",
    )
    set_etag(response, placement)
    return placement


@router.post(
    "/pool-placements/{placement_id}/end",
    response={200: EndOut, **errors(403, 404, 409, 412, 422, 428)},
    tags=TAGS,
    summary="End a pool job: the place is free; the answer names the first on the waiting list",
    openapi_extra=IF_MATCH_DOC,
)
@api_channel
def post_end(request, placement_id: int, payload: EndIn, response: HttpResponse):  # type: ignore[valid-type]
    _guard(may_place_in_pools(request.auth))
    placement = _placement(request, placement_id)
    first = actions.end_pool_job(
        request.auth,
        placement,
        end=payload.end,
        reason=payload.reason,
        expected_version=if_match(request),
    )
    ended = _placement(request, placement.pk)
    set_etag(response, ended)
    return {"placement": ended, "next_in_line": first.pk if first else None}
