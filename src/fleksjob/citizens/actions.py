"""Write use cases for citizens and their cases: one function per use case, each audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils import timezone

from fleksjob.audit.log import event, record, record_all
from fleksjob.audit.models import Action
from fleksjob.audit.writes import CHUNK, chunked, refusing_row, write
from fleksjob.citizens.models import Approval, Citizen, StatusTransition
from fleksjob.citizens.protection import protector
from fleksjob.core.errors import InvalidField, Refused, RowRefused
from fleksjob.core.rules import cpr as cpr_rules
from fleksjob.core.rules.case_status import Status, check_transition
from fleksjob.core.versions import check_version
from fleksjob.ui.records import clean_row


class DuplicateCPR(Refused):
    """The CPR number is already registered in the user's municipality (409)."""


# Only a duplicate in the user's own municipality is refused (they may know their own
# citizens); a CPR held by another municipality is treated exactly like an unknown one.
DUPLICATE_IN_MUNICIPALITY = "der findes allerede en borger med dette CPR-nummer i din kommune"


def _new_citizen(
    municipality_id: str, cpr: str, fields: dict[str, Any], now: dt.datetime
) -> Citizen:
    """The unsaved citizen of one registration: the CPR number parsed, encrypted and hashed
    (InvalidCPR for a malformed one), consent dated. Shared by the single and the bulk write."""
    parsed = cpr_rules.parse(cpr)
    protect = protector()
    if fields.get("consent_share_profile") and not fields.get("consent_recorded_at"):
        fields["consent_recorded_at"] = now
    return Citizen(
        municipality_id=municipality_id,
        cpr_encrypted=protect.encrypt(parsed.digits),
        cpr_hash=protect.lookup_hash(parsed.digits),
        birth_date=parsed.birth_date,
        sex=parsed.sex,
        **fields,
    )


def _opened_case(
    user, citizen: Citizen, visitation_date: dt.date
) -> tuple[Approval, StatusTransition]:
    """The unsaved case of a new citizen (approved, unemployed) and its first transition."""
    approval = Approval(
        citizen=citizen,
        visitation_date=visitation_date,
        status=Status.APPROVED_UNEMPLOYED,
        status_since=visitation_date,
    )
    transition = StatusTransition(
        approval=approval, to_status=Status.APPROVED_UNEMPLOYED, on=visitation_date, by=user
    )
    return approval, transition


@write
def register_citizen(
    user,
    *,
    cpr: str,
    visitation_date: dt.date,
    municipality_id: str,
    channel: str = "web",
    **fields,
) -> Citizen:
    """Create a citizen and the fleksjob case (approved, unemployed) from a visitation decision.

    Whether another municipality holds the CPR is never looked up: the answer must not depend
    on it (a citizen who moved is registered anew; their old case comes by case transfer).
    ``register_citizens`` is the bulk variant."""
    citizen = _new_citizen(municipality_id, cpr, fields, timezone.now())
    if Citizen.objects.filter(municipality_id=municipality_id, cpr_hash=citizen.cpr_hash).exists():
        raise DuplicateCPR(DUPLICATE_IN_MUNICIPALITY)
    citizen.full_clean()
    citizen.save()
    approval, transition = _opened_case(user, citizen, visitation_date)
    approval.save()
    transition.save()
    record(user, Action.CREATE, citizen, citizen=citizen, channel=channel)
    return citizen


@write
def register_citizens(
    user,
    rows: Sequence[Mapping[str, Any]],
    *,
    municipality_id: str,
    channel: str = "web",
) -> list[Citizen]:
    """Bulk variant of :func:`register_citizen`: each row holds its keywords (``cpr``,
    ``visitation_date`` and the citizen's fields) and means what it means there; every row is
    written, with its case, status history and audit event, or none is.

    All rows are checked first (a CPR number twice in ``rows`` or already registered in the
    municipality is a DuplicateCPR, as the single write refuses it); the first refused row is
    raised as RowRefused (index and field, never the value). Then the rows are inserted in
    chunks: a few queries per chunk instead of a dozen per row."""
    now = timezone.now()
    citizens: list[Citizen] = []
    dates: list[dt.date] = []
    first_of: dict[str, int] = {}
    for index, row in enumerate(rows):
        fields = dict(row)
        cpr, visitation_date = fields.pop("cpr"), fields.pop("visitation_date")
        with refusing_row(index, field="cpr"):
            citizen = _new_citizen(municipality_id, cpr, fields, now)
            if citizen.cpr_hash in first_of:
                raise DuplicateCPR(DUPLICATE_IN_MUNICIPALITY)
        first_of[citizen.cpr_hash] = index
        dates.append(visitation_date)
        with refusing_row(index):
            clean_row(citizen, exclude={"municipality"})
        citizens.append(citizen)
    if citizens:
        # One scope check of the municipality for all rows (full_clean's per-row query).
        Citizen(municipality_id=municipality_id).clean_fields(exclude=_ALL_BUT_MUNICIPALITY)
    own = Citizen.objects.filter(municipality_id=municipality_id)
    for chunk in chunked(list(first_of)):
        taken = own.filter(cpr_hash__in=chunk).values_list("cpr_hash", flat=True)
        if found := sorted(first_of[h] for h in taken):
            raise RowRefused(found[0], DuplicateCPR(DUPLICATE_IN_MUNICIPALITY), "cpr")
    Citizen.objects.bulk_create(citizens, batch_size=CHUNK)
    cases = [_opened_case(user, c, d) for c, d in zip(citizens, dates, strict=True)]
    Approval.objects.bulk_create([approval for approval, _ in cases], batch_size=CHUNK)
    StatusTransition.objects.bulk_create([t for _, t in cases], batch_size=CHUNK)
    record_all(event(user, Action.CREATE, c, citizen=c, channel=channel) for c in citizens)
    return citizens


_ALL_BUT_MUNICIPALITY = [f.name for f in Citizen._meta.fields if f.name != "municipality"]


@write
def change_case_status(
    user, approval: Approval, to_status: str, *, on: dt.date, end_reason: str = "", note: str = ""
) -> Approval:
    """Move a case through its state machine, logging the transition."""
    locked = Approval.objects.select_for_update().get(pk=approval.pk)
    check_transition(locked.status, to_status, end_reason or None)
    if on < locked.status_since:
        raise InvalidField("on", "et statusskift kan ikke dateres før den nuværende status")
    StatusTransition.objects.create(
        approval=locked,
        from_status=locked.status,
        to_status=to_status,
        on=on,
        reason=end_reason or note[:200],
        by=user,
    )
    locked.status, locked.status_since, locked.ended_reason = to_status, on, end_reason
    locked.save(update_fields=["status", "status_since", "ended_reason"])
    record(user, Action.UPDATE, locked, citizen=locked.citizen, detail=f"status → {to_status}")
    return locked


def reveal_cpr(user, citizen: Citizen) -> str:
    """Decrypt a citizen's CPR for display to an authorised user; every reveal is audited."""
    record(user, Action.VIEW, citizen, citizen=citizen, detail="CPR vist")
    return str(cpr_rules.parse(protector().decrypt(citizen.cpr_encrypted)))


@write
def update_profile(
    user, citizen: Citizen, changes: dict, *, expected_version: str | None = None
) -> Citizen:
    """Save a validated profile edit made from version ``expected_version`` of the profile
    (StaleVersion if someone saved since, VersionRequired without one); the audit names the
    changed fields, never their values."""
    locked = Citizen.objects.select_for_update().get(pk=citizen.pk)
    check_version(locked, expected_version)
    changed = sorted(name for name, value in changes.items() if getattr(locked, name) != value)
    if not changed:
        return locked
    if "consent_share_profile" in changed:
        locked.consent_recorded_at = timezone.now()
    for name in changed:
        setattr(locked, name, changes[name])
    locked.full_clean()
    locked.save()
    record(user, Action.UPDATE, locked, citizen=locked, detail="ændret: " + ", ".join(changed))
    return locked
