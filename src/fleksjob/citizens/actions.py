"""Write use cases for citizens and their cases: one function per use case, each audited."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.audit.writes import write
from fleksjob.citizens.models import Approval, Citizen, StatusTransition
from fleksjob.citizens.protection import protector
from fleksjob.core.errors import InvalidField, Refused
from fleksjob.core.rules import cpr as cpr_rules
from fleksjob.core.rules.case_status import Status, check_transition
from fleksjob.core.versions import check_version


class DuplicateCPR(Refused):
    """The CPR number is already registered in the user's municipality (409)."""


# Only a duplicate in the user's own municipality is refused (they may know their own
# citizens); a CPR held by another municipality is treated exactly like an unknown one.
DUPLICATE_IN_MUNICIPALITY = "der findes allerede en borger med dette CPR-nummer i din kommune"


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
    on it (a citizen who moved is registered anew; their old case comes by case transfer)."""
    parsed = cpr_rules.parse(cpr)
    lookup = protector().lookup_hash(parsed.digits)
    if Citizen.objects.filter(municipality_id=municipality_id, cpr_hash=lookup).exists():
        raise DuplicateCPR(DUPLICATE_IN_MUNICIPALITY)
    if fields.get("consent_share_profile") and not fields.get("consent_recorded_at"):
        fields["consent_recorded_at"] = timezone.now()
    citizen = Citizen(
        municipality_id=municipality_id,
        cpr_encrypted=protector().encrypt(parsed.digits),
        cpr_hash=lookup,
        birth_date=parsed.birth_date,
        sex=parsed.sex,
        **fields,
    )
    citizen.full_clean()
    citizen.save()
    approval = Approval.objects.create(
        citizen=citizen,
        visitation_date=visitation_date,
        status=Status.APPROVED_UNEMPLOYED,
        status_since=visitation_date,
    )
    StatusTransition.objects.create(
        approval=approval, to_status=Status.APPROVED_UNEMPLOYED, on=visitation_date, by=user
    )
    record(user, Action.CREATE, citizen, citizen=citizen, channel=channel)
    return citizen


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
