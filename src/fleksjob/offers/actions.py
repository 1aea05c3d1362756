"""Write use cases of active offers and consultant capacity (docs/writes.md). Each checks who
acts itself: the municipality's caseworkers, consultants and managers for offers, its managers for
the capacity (``PermissionDenied`` otherwise), and only the user's own municipality's citizens and
offers (another municipality's is ``Http404``, as one that does not exist)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Max, Q
from django.http import Http404

from fleksjob.accounts.permissions import may_record_offers, may_set_capacity
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.audit.writes import write
from fleksjob.citizens.models import BenefitSpell, Citizen
from fleksjob.core.errors import InvalidField, Refused, StaleVersion, VersionRequired
from fleksjob.core.records.offer import offer_refusals
from fleksjob.core.versions import ANY, check_version, sent_versions, version
from fleksjob.employers.models import Employer
from fleksjob.offers.models import (
    MAX_FTE,
    WORKPLACE_KINDS,
    ActiveOffer,
    ConsultantCapacity,
    OfferOutcome,
)


class OfferError(Refused):
    """An offer change the rules refuse; Danish, names no person."""


def _spell_on(citizen: Citizen, day: dt.date) -> BenefitSpell | None:
    """The citizen's ledighedsydelse spell covering ``day`` (within a case not ended)."""
    return (
        BenefitSpell.objects.filter(citizen=citizen, start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gte=day))
        .exclude(approval__status="ended")
        .select_related("approval")
        .order_by("-start", "-pk")
        .first()
    )


def _own_citizen(user, pk: int) -> Citizen:
    """The citizen locked, if the user may record offers and the citizen is the user's
    municipality's (another municipality's, or an anonymised one, does not exist)."""
    if not may_record_offers(user):
        raise PermissionDenied
    citizen = Citizen.objects.visible_to(user).select_for_update().filter(pk=pk).first()
    if citizen is None:
        raise Http404
    return citizen


def _own_offer(user, pk: int) -> ActiveOffer:
    """The offer locked after its citizen (the order ``record_offer`` locks in, so an overlap
    check never races a new offer), if it is the user's municipality's."""
    if not may_record_offers(user):
        raise PermissionDenied
    citizen_id = (
        ActiveOffer.objects.visible_to(user).filter(pk=pk).values_list("citizen_id", flat=True)
    ).first()
    if citizen_id is None:
        raise Http404
    _own_citizen(user, citizen_id)
    return ActiveOffer.objects.select_for_update().select_related("citizen").get(pk=pk)


def _check(user, *, kind, employer, start, planned_end, weekly_hours, purpose) -> None:
    """The offer's values by its record spec (``core.records.offer``: the one rule the form and
    the API check by too), then its employer: one of the user's municipality's."""
    values = {
        "kind": kind,
        "start": start,
        "planned_end": planned_end,
        "weekly_hours": weekly_hours,
        "purpose": purpose,
    }
    for field, reason in offer_refusals(values)[:1]:
        raise InvalidField(field, reason)
    if kind in WORKPLACE_KINDS and employer is None:
        raise InvalidField("employer", "virksomhedspraktik og løntilskud kræver en arbejdsgiver")
    mine = Employer.objects.visible_to(user)
    if employer is not None and not mine.filter(pk=employer.pk).exists():
        raise InvalidField("employer", "arbejdsgiveren findes ikke i kommunen")


def _hours(value) -> Decimal:
    try:
        return Decimal(str(value))
    except ArithmeticError:
        raise InvalidField("weekly_hours", "skal være et tal") from None


def _overlapping(citizen, kind, start, planned_end, exclude=None):
    """Offers of the same kind whose period (planned or actual) meets [start, planned_end]."""
    found = ActiveOffer.objects.filter(citizen=citizen, kind=kind, start__lte=planned_end).filter(
        Q(ended_on__isnull=True, planned_end__gte=start) | Q(ended_on__gte=start)
    )
    return found.exclude(pk=exclude).exists() if exclude else found.exists()


@write
def record_offer(
    user,
    citizen: Citizen,
    *,
    kind: str,
    employer: Employer | None,
    start: dt.date,
    planned_end: dt.date,
    weekly_hours: Decimal,
    purpose: str = "",
) -> ActiveOffer:
    """Record an active offer. The citizen must be on ledighedsydelse on its first day (the
    offer belongs to that spell's case); an offer of the same kind may not overlap another."""
    weekly_hours, purpose = _hours(weekly_hours), purpose or ""
    citizen = _own_citizen(user, citizen.pk)
    _check(
        user,
        kind=kind,
        employer=employer,
        start=start,
        planned_end=planned_end,
        weekly_hours=weekly_hours,
        purpose=purpose,
    )
    spell = _spell_on(citizen, start)
    if spell is None:
        raise OfferError("borgeren modtager ikke ledighedsydelse på startdagen")
    if _overlapping(citizen, kind, start, planned_end):
        raise OfferError("borgeren har allerede et tilbud af samme slags i perioden")
    offer = ActiveOffer(
        citizen=citizen,
        approval=spell.approval,
        kind=kind,
        employer=employer,
        start=start,
        planned_end=planned_end,
        weekly_hours=weekly_hours,
        purpose=purpose,
        created_by=user if getattr(user, "pk", None) else None,
    )
    offer.full_clean()
    offer.save()
    record(user, Action.CREATE, offer, citizen=citizen, detail="aktivt tilbud")
    return offer


@write
def edit_offer(
    user,
    offer: ActiveOffer,
    *,
    expected_version: str | None,
    kind: str,
    employer: Employer | None,
    start: dt.date,
    planned_end: dt.date,
    weekly_hours: Decimal,
    purpose: str = "",
) -> ActiveOffer:
    """Correct a running offer (the version the caller saw is required)."""
    weekly_hours, purpose = _hours(weekly_hours), purpose or ""
    offer = _own_offer(user, offer.pk)
    check_version(offer, expected_version)
    if offer.ended_on is not None:
        raise OfferError("tilbuddet er afsluttet")
    _check(
        user,
        kind=kind,
        employer=employer,
        start=start,
        planned_end=planned_end,
        weekly_hours=weekly_hours,
        purpose=purpose,
    )
    if start != offer.start:
        spell = _spell_on(offer.citizen, start)
        if spell is None:
            raise OfferError("borgeren modtager ikke ledighedsydelse på startdagen")
        offer.approval = spell.approval
    if _overlapping(offer.citizen, kind, start, planned_end, exclude=offer.pk):
        raise OfferError("borgeren har allerede et tilbud af samme slags i perioden")
    offer.kind, offer.employer, offer.start = kind, employer, start
    offer.planned_end, offer.weekly_hours, offer.purpose = planned_end, weekly_hours, purpose
    offer.full_clean()
    offer.save()
    record(user, Action.UPDATE, offer, citizen=offer.citizen, detail="aktivt tilbud")
    return offer


@write
def end_offer(
    user,
    offer: ActiveOffer,
    *,
    expected_version: str | None,
    ended_on: dt.date,
    outcome: str,
    today: dt.date,
) -> ActiveOffer:
    """End a running offer on ``ended_on`` (its last day) with its outcome."""
    offer = _own_offer(user, offer.pk)
    check_version(offer, expected_version)
    if offer.ended_on is not None:
        raise OfferError("tilbuddet er allerede afsluttet")
    if outcome not in OfferOutcome.values:
        raise InvalidField("outcome", "ukendt udfald")
    if ended_on < offer.start:
        raise InvalidField("ended_on", "slutdatoen ligger før start")
    if ended_on > today:
        raise InvalidField("ended_on", "et tilbud kan ikke afsluttes i fremtiden")
    if outcome == OfferOutcome.FLEKSJOB_SAME and offer.employer_id is None:
        raise InvalidField("outcome", "tilbuddet har ingen arbejdsgiver")
    offer.ended_on, offer.outcome = ended_on, outcome
    offer.full_clean()
    offer.save()
    record(user, Action.UPDATE, offer, citizen=offer.citizen, detail="aktivt tilbud afsluttet")
    return offer


def capacity_version(municipality_id: str, year: int) -> str:
    """The version of a municipality's capacity grid for a year: any saved month changes it."""
    latest = ConsultantCapacity.objects.filter(
        municipality_id=municipality_id, month__year=year
    ).aggregate(latest=Max("updated_at"))["latest"]
    return version("offers.CapacityYear", f"{municipality_id}:{year}", latest)


@write
def save_capacity(
    user,
    year: int,
    months: dict[int, tuple[Decimal | None, Decimal | None]],
    *,
    expected_version: str | None,
) -> int:
    """Set the user's municipality's consultant capacity for the months of ``year``
    (month → (consultants, employer-facing), both in full-time equivalents; ``None`` for the
    consultants clears the month). The grid's version is required. Returns the months changed.
    Managers only."""
    if not may_set_capacity(user):
        raise PermissionDenied
    municipality_id = user.municipality_id
    rows = {
        c.month.month: c
        for c in ConsultantCapacity.objects.select_for_update()
        .filter(municipality_id=municipality_id, month__year=year)
        .order_by("month")
    }
    if expected_version is None or not expected_version.strip():
        raise VersionRequired()
    sent = sent_versions(expected_version)
    if ANY not in sent and capacity_version(municipality_id, year) not in sent:
        raise StaleVersion()
    changed = 0
    for month, (fte, employer_fte) in sorted(months.items()):
        if not 1 <= month <= 12:
            raise InvalidField("month", "ukendt måned")
        field = f"fte_{month}"
        if fte is None:
            if employer_fte is not None:
                raise InvalidField(field, "angiv konsulenter, når der er virksomhedsrettede")
            if month in rows:
                rows[month].delete()
                changed += 1
            continue
        if not Decimal(0) <= fte <= MAX_FTE:
            raise InvalidField(field, f"årsværk skal være mellem 0 og {MAX_FTE}")
        if employer_fte is not None and not Decimal(0) <= employer_fte <= fte:
            raise InvalidField(f"employer_fte_{month}", "højst det samlede antal årsværk")
        row = rows.get(month)
        if row is None:
            row = ConsultantCapacity(municipality_id=municipality_id, month=dt.date(year, month, 1))
        elif row.consultants_fte == fte and row.employer_fte == employer_fte:
            continue
        row.consultants_fte, row.employer_fte = fte, employer_fte
        row.synthetic, row.updated_by = False, user
        row.full_clean()
        row.save()
        changed += 1
    if changed:
        record(
            user,
            Action.UPDATE,
            municipality=municipality_id,
            detail=f"konsulentkapacitet {year}: {changed} måneder",
        )
    return changed
