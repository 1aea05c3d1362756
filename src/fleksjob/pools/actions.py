"""Write use cases of the fleksjob pools (docs/pools.md), one function each: set up a pool,
apply for a place, the visitation unit's decision, a grant from the waiting list, withdrawal, a
pool job and its end. Each is a write function (docs/writes.md): it locks the pool first and then
the application or pool job (one order everywhere, so two decisions on one pool never deadlock
and never give away the same free place twice), checks the version of a record that can be
edited, audits in the same transaction and refuses with a Danish ``PoolError``/``InvalidField``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from fleksjob.accounts.permissions import (
    may_apply_to_pools,
    may_decide_pool_applications,
    may_manage_pools,
    may_place_in_pools,
)
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.audit.writes import write
from fleksjob.citizens.models import Approval, BenefitSpell, Citizen
from fleksjob.core.errors import InvalidField, Refused
from fleksjob.core.pools import (
    ELIGIBILITY_MAX,
    END_REASON_MAX,
    MAX_CAP,
    MAX_MIN_WEEKS,
    MAX_MONTHLY_COST,
    MAX_PLACES,
    MOTIVATION_MAX,
    NAME_MAX,
    OPEN,
    REASON_MAX,
    STATUS_LABELS_DA,
    WORKPLACE_MAX,
    ApplicationStatus,
    Criteria,
    Facts,
    Kind,
    Waiting,
    decided_status,
    eligibility_refusal,
    free_places,
    may_move,
    next_in_line,
)
from fleksjob.core.records.limits import MAX_WEEKLY_HOURS
from fleksjob.core.versions import check_version
from fleksjob.pools.models import Pool, PoolApplication, PoolPlacement

S = ApplicationStatus


class PoolError(Refused):
    """A step the pool's or the application's state does not allow (409)."""


def _text(value: str, field: str, limit: int, *, required: bool, missing: str) -> str:
    text = (value or "").strip()
    if required and not text:
        raise InvalidField(field, missing)
    if len(text) > limit:
        raise InvalidField(field, f"højst {limit} tegn")
    return text


def _own_pool(user, pk: int) -> Pool:
    """The pool locked, if it is the user's municipality's (else not found: 404, as one that does
    not exist, whichever page or route called)."""
    locked = Pool.objects.select_for_update().filter(pk=pk, municipality_id=user.municipality_id)
    pool = locked.first()
    if pool is None:
        raise Http404
    return pool


def _own_application(user, pk: int) -> PoolApplication:
    found = (
        PoolApplication.objects.select_for_update()
        .filter(pk=pk, pool__municipality_id=user.municipality_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def taken_places(pool: Pool) -> int:
    return pool.applications.filter(status=S.APPROVED).count()


def waiting_list(pool: Pool) -> list[Waiting]:
    rows = pool.applications.filter(status=S.WAITING).values_list(
        "pk", "waitlisted_at", "applied_at"
    )
    return [Waiting(pk, since, applied) for pk, since, applied in rows]


def _move(application: PoolApplication, to: ApplicationStatus) -> None:
    if not may_move(application.status, to):
        raise PoolError(
            {
                S.REFUSED: "ansøgningen er afslået og kan ikke ændres",
                S.WITHDRAWN: "ansøgningen er trukket tilbage og kan ikke ændres",
                S.ENDED: "puljejobbet er afsluttet, og ansøgningen kan ikke ændres",
            }.get(application.status, "ansøgningens status tillader ikke dette skridt")
        )


# --- pools ---------------------------------------------------------------------------------


@write
def save_pool(
    user,
    pool: Pool | None = None,
    *,
    name: str,
    kind: str,
    annual_cap: int,
    places: int,
    eligibility: str = "",
    requires_ledighedsydelse: bool = False,
    min_weeks_on_ledighedsydelse: int = 0,
    active: bool = True,
    expected_version: str | None = None,
) -> Pool:
    """Create a pool (``pool`` None) or change one (its version required). Managers only."""
    if not may_manage_pools(user):
        raise PermissionDenied
    name = _text(name, "name", NAME_MAX, required=True, missing="puljen skal have et navn")
    if kind not in {k.value for k in Kind}:
        raise InvalidField("kind", "ukendt puljetype")
    if not 0 <= int(annual_cap) <= MAX_CAP:
        raise InvalidField("annual_cap", "rammen skal være et beløb i kr. fra 0")
    if not 0 <= int(places) <= MAX_PLACES:
        raise InvalidField("places", "antal pladser skal være fra 0")
    if not 0 <= int(min_weeks_on_ledighedsydelse) <= MAX_MIN_WEEKS:
        raise InvalidField(
            "min_weeks_on_ledighedsydelse", f"uger skal være fra 0 til {MAX_MIN_WEEKS}"
        )
    eligibility = _text(eligibility, "eligibility", ELIGIBILITY_MAX, required=False, missing="")
    if pool is None:
        locked = Pool(municipality_id=user.municipality_id)
        action = Action.CREATE
    else:
        locked = _own_pool(user, pool.pk)
        check_version(locked, expected_version)
        action = Action.UPDATE
    others = Pool.objects.filter(municipality_id=user.municipality_id, name=name)
    if locked.pk is not None:
        others = others.exclude(pk=locked.pk)
    if others.exists():
        raise InvalidField("name", "kommunen har allerede en pulje med det navn")
    locked.name, locked.kind, locked.eligibility, locked.active = name, kind, eligibility, active
    locked.annual_cap, locked.places = int(annual_cap), int(places)
    locked.requires_ledighedsydelse = bool(requires_ledighedsydelse)
    locked.min_weeks_on_ledighedsydelse = int(min_weeks_on_ledighedsydelse)
    locked.save()
    record(
        user,
        action,
        locked,
        municipality=locked.municipality_id,
        detail=f"fleksjobpulje: ramme {locked.annual_cap} kr., {locked.places} pladser",
    )
    return locked


# --- applications --------------------------------------------------------------------------


def eligibility_facts(citizen: Citizen) -> Facts:
    active = Approval.objects.filter(citizen=citizen).active().exists()
    since = (
        BenefitSpell.objects.filter(citizen=citizen, end__isnull=True)
        .values_list("start", flat=True)
        .first()
    )
    return Facts(has_active_case=active, ledighedsydelse_since=since)


def criteria(pool: Pool) -> Criteria:
    return Criteria(pool.requires_ledighedsydelse, pool.min_weeks_on_ledighedsydelse)


@write
def apply_for_place(user, pool: Pool, citizen: Citizen, *, motivation: str) -> PoolApplication:
    """The citizen's caseworker, consultant or manager applies for a place in the pool."""
    if not may_apply_to_pools(user):
        raise PermissionDenied
    if citizen.municipality_id != user.municipality_id:
        raise Http404
    locked = _own_pool(user, pool.pk)
    text = _text(
        motivation,
        "motivation",
        MOTIVATION_MAX,
        required=True,
        missing="skriv hvorfor borgeren søger en plads i puljen",
    )
    if not locked.active:
        raise PoolError("puljen er lukket for nye ansøgninger")
    why = eligibility_refusal(criteria(locked), eligibility_facts(citizen), timezone.localdate())
    if why:
        raise PoolError(f"borgeren opfylder ikke puljens betingelser: {why}")
    if locked.applications.open().filter(citizen=citizen).exists():
        raise PoolError("borgeren har allerede en åben ansøgning til puljen")
    application = PoolApplication.objects.create(
        pool=locked, citizen=citizen, applied_by=user, motivation=text
    )
    record(
        user,
        Action.CREATE,
        application,
        citizen=citizen,
        detail=f"ansøgning om plads i fleksjobpuljen {locked.name}",
    )
    return application


@write
def decide_application(
    user,
    application: PoolApplication,
    *,
    approve: bool,
    reason: str = "",
    expected_version: str | None = None,
) -> PoolApplication:
    """The visitation unit grants (a place when one is free, else the waiting list) or refuses
    (with a reason) a pending application; an application on the waiting list may be refused."""
    if not may_decide_pool_applications(user):
        raise PermissionDenied
    pool = _own_pool(user, application.pool_id)
    locked = _own_application(user, application.pk)
    check_version(locked, expected_version)
    text = _text(
        reason,
        "reason",
        REASON_MAX,
        required=not approve,
        missing="skriv en begrundelse for afslaget",
    )
    if locked.status not in (S.PENDING, S.WAITING) or (approve and locked.status == S.WAITING):
        raise PoolError(
            "ansøgningen er allerede afgjort"
            if locked.status != S.WAITING
            else "ansøgningen står på ventelisten; den får en plads, når en bliver ledig"
        )
    to = decided_status(approve=approve, free=free_places(pool.places, taken_places(pool)))
    _move(locked, to)
    now = timezone.now()
    locked.status, locked.decided_by, locked.decided_at, locked.reason = to, user, now, text
    if to == S.WAITING:
        locked.waitlisted_at = now
    if to == S.APPROVED:
        locked.granted_at = now
    if to == S.REFUSED:
        locked.closed_at = now
    locked.save()
    record(
        user,
        Action.UPDATE,
        locked,
        citizen=locked.citizen,
        detail=f"puljeafgørelse: {STATUS_LABELS_DA[to].lower()} (fleksjobpuljen {pool.name})",
    )
    return locked


@write
def grant_from_waiting_list(
    user, application: PoolApplication, *, expected_version: str | None = None
) -> PoolApplication:
    """The first on the waiting list gets the place that has become free."""
    if not may_decide_pool_applications(user):
        raise PermissionDenied
    pool = _own_pool(user, application.pool_id)
    locked = _own_application(user, application.pk)
    check_version(locked, expected_version, required=False)
    if locked.status != S.WAITING:
        raise PoolError("ansøgningen står ikke på ventelisten")
    if free_places(pool.places, taken_places(pool)) <= 0:
        raise PoolError("der er ingen ledig plads i puljen")
    first = next_in_line(waiting_list(pool))
    if first is None or first.id != locked.pk:
        raise PoolError("borgeren er ikke den næste på ventelisten")
    now = timezone.now()
    locked.status, locked.granted_at, locked.decided_by, locked.decided_at = (
        S.APPROVED,
        now,
        user,
        now,
    )
    locked.save()
    record(
        user,
        Action.UPDATE,
        locked,
        citizen=locked.citizen,
        detail=f"puljeafgørelse: bevilget fra ventelisten (fleksjobpuljen {pool.name})",
    )
    return locked


@write
def withdraw_application(
    user, application: PoolApplication, *, expected_version: str | None = None
) -> PoolApplication:
    """The application is withdrawn (the citizen no longer wants the place, or has found other
    work). A granted place is freed; a pool job must be ended first."""
    if not may_place_in_pools(user):
        raise PermissionDenied
    _own_pool(user, application.pool_id)
    locked = _own_application(user, application.pk)
    check_version(locked, expected_version, required=False)
    _move(locked, S.WITHDRAWN)
    if PoolPlacement.objects.filter(application=locked).exists():
        raise PoolError("borgeren har et puljejob; afslut puljejobbet i stedet")
    locked.status, locked.closed_at = S.WITHDRAWN, timezone.now()
    locked.save()
    record(
        user,
        Action.UPDATE,
        locked,
        citizen=locked.citizen,
        detail=f"ansøgning om puljeplads trukket tilbage (fleksjobpuljen {locked.pool.name})",
    )
    return locked


# --- pool jobs -----------------------------------------------------------------------------


def _hours(value) -> Decimal:
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise InvalidField("weekly_hours", "timer pr. uge skal være et tal") from None
    if not 0 < hours <= MAX_WEEKLY_HOURS or hours != hours.quantize(Decimal("0.1")):
        raise InvalidField(
            "weekly_hours", f"timer pr. uge skal være over 0 og højst {MAX_WEEKLY_HOURS}"
        )
    return hours


@write
def place_in_pool_job(
    user,
    application: PoolApplication,
    *,
    workplace: str,
    weekly_hours,
    monthly_cost: int,
    start: dt.date,
) -> PoolPlacement:
    """The granted citizen starts in a pool job; the pool pays ``monthly_cost`` (the whole wage)
    a month from ``start``."""
    if not may_place_in_pools(user):
        raise PermissionDenied
    pool = _own_pool(user, application.pool_id)
    locked = _own_application(user, application.pk)
    if locked.status != S.APPROVED:
        raise PoolError("kun en bevilget ansøgning kan få et puljejob")
    if PoolPlacement.objects.filter(application=locked).exists():
        raise PoolError("borgeren har allerede et puljejob fra denne ansøgning")
    name = _text(
        workplace, "workplace", WORKPLACE_MAX, required=True, missing="angiv arbejdspladsen"
    )
    hours = _hours(weekly_hours)
    if not 0 < int(monthly_cost) <= MAX_MONTHLY_COST:
        raise InvalidField("monthly_cost", "lønudgiften skal være et beløb i kr. over 0")
    if start < timezone.localtime(locked.applied_at).date():
        raise InvalidField("start", "puljejobbet kan ikke starte før ansøgningen")
    if start > timezone.localdate() + dt.timedelta(days=366):
        raise InvalidField("start", "startdatoen ligger mere end et år ude i fremtiden")
    placement = PoolPlacement.objects.create(
        application=locked,
        pool=pool,
        citizen_id=locked.citizen_id,
        workplace=name,
        weekly_hours=hours,
        monthly_cost=int(monthly_cost),
        start=start,
        created_by=user,
    )
    record(
        user,
        Action.CREATE,
        placement,
        citizen=locked.citizen,
        detail=f"puljejob fra {start:%Y-%m-%d} (fleksjobpuljen {pool.name})",
    )
    return placement


@write
def end_pool_job(
    user,
    placement: PoolPlacement,
    *,
    end: dt.date,
    reason: str,
    expected_version: str | None = None,
) -> PoolApplication | None:
    """The pool job ends on ``end``; the place is free from now, and the first on the pool's
    waiting list (returned, or None) is the one to offer it to."""
    if not may_place_in_pools(user):
        raise PermissionDenied
    pool = _own_pool(user, placement.pool_id)
    locked = (
        PoolPlacement.objects.select_for_update()
        .filter(pk=placement.pk, pool__municipality_id=user.municipality_id)
        .first()
    )
    if locked is None:
        raise Http404
    check_version(locked, expected_version)
    if locked.end is not None:
        raise PoolError("puljejobbet er allerede afsluttet")
    if end < locked.start:
        raise InvalidField("end", "slutdatoen ligger før puljejobbets start")
    if end > timezone.localdate() + dt.timedelta(days=366):
        raise InvalidField("end", "slutdatoen ligger mere end et år ude i fremtiden")
    text = _text(reason, "reason", END_REASON_MAX, required=True, missing="angiv årsagen")
    application = _own_application(user, locked.application_id)
    _move(application, S.ENDED)
    locked.end, locked.end_reason = end, text
    locked.save()
    application.status, application.closed_at = S.ENDED, timezone.now()
    application.save()
    record(
        user,
        Action.UPDATE,
        locked,
        citizen=application.citizen,
        detail=f"puljejob afsluttet {end:%Y-%m-%d} (fleksjobpuljen {pool.name})",
    )
    first = next_in_line(waiting_list(pool))
    return PoolApplication.objects.get(pk=first.id) if first else None


MOVED_REASON = "Borgeren er flyttet til en anden kommune"


@write
def close_for_move(user, citizen: Citizen, *, on: dt.date, actor: str = "") -> int:
    """A case transfer releases the citizen to another municipality: their open applications
    to the sending municipality's pools are withdrawn and their pool jobs there end on ``on``
    (called inside the transfer's write, by the sending side or the deadline run; no role
    check). The places are free; the number of applications closed."""
    code = citizen.municipality_id
    now = timezone.now()
    applications = list(
        PoolApplication.objects.select_for_update()
        .filter(citizen=citizen, pool__municipality_id=code, status__in=sorted(OPEN))
        .select_related("pool")
        .order_by("pk")
    )
    for application in applications:
        job = (
            PoolPlacement.objects.select_for_update()
            .filter(application=application, end__isnull=True)
            .first()
        )
        if job is not None:
            job.end, job.end_reason = max(on, job.start), MOVED_REASON
            job.save()
        application.status = S.ENDED if application.status == S.APPROVED and job else S.WITHDRAWN
        application.closed_at = now
        application.save()
        record(
            user,
            Action.UPDATE,
            application,
            citizen=citizen,
            actor=actor,
            detail=f"puljeansøgning lukket ved flytning (fleksjobpuljen {application.pool.name})",
        )
    return len(applications)
