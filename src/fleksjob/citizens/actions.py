"""Write use cases for citizens and their cases: one function per use case, each audited."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fleksjob.accounts.models import User
from fleksjob.audit.log import SYSTEM_RETENTION, record
from fleksjob.audit.models import Action
from fleksjob.audit.writes import write
from fleksjob.citizens.models import Approval, Citizen, SavedFilter, StatusTransition
from fleksjob.citizens.protection import protector
from fleksjob.core.casework.retention import redact_name, search_names_citizen
from fleksjob.core.errors import InvalidField, Refused
from fleksjob.core.rules import cpr as cpr_rules
from fleksjob.core.rules.case_status import Status, check_transition
from fleksjob.core.versions import check_version
from fleksjob.employers.models import ContactLogEntry
from fleksjob.followup.models import FollowUpMeeting, FollowUpPlan
from fleksjob.placements.models import MatchResult, Placement, PlacementTransition


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


# Citizens' location must stay inside Denmark (citizen_location_in_denmark).
_LAT, _LON = (54.5, 57.8), (8.0, 15.2)


@write
def anonymise_citizen(citizen_id: int) -> bool:
    """Remove everything that identifies a citizen after retention ran out; False if already done.

    Kept: municipality, sex, education, hours and goal, and every date, status and hours figure
    of approvals, spells, employments and meetings, which the benchmarking indicators read.
    The birth date keeps only its year (1 July): age for case-mix, not identity. Audit events
    keep pointing at the (now anonymous) record: they hold ids and field names, never values.
    """
    citizen = Citizen.objects.select_for_update().select_related("municipality").get(pk=citizen_id)
    if citizen.anonymised_at is not None:
        return False
    first, last = citizen.first_name, citizen.last_name
    town = citizen.municipality
    citizen.first_name = citizen.last_name = ""
    citizen.cpr_encrypted = ""
    citizen.cpr_hash = f"anonymised:{citizen.pk}"  # unique, and never a 64-hex lookup hash
    citizen.birth_date = dt.date(citizen.birth_date.year, 7, 1)
    citizen.lat = min(max(town.lat, _LAT[0]), _LAT[1])
    citizen.lon = min(max(town.lon, _LON[0]), _LON[1])
    citizen.skills_text = citizen.needs_note = ""
    citizen.needs, citizen.occupations = [], []
    citizen.wishes_sectors, citizen.wishes_task_types = [], []
    citizen.consent_share_profile, citizen.consent_recorded_at = False, None
    citizen.anonymised_at = timezone.now()
    citizen.save()

    StatusTransition.objects.filter(approval__citizen=citizen).exclude(reason="").update(reason="")
    FollowUpPlan.objects.filter(citizen=citizen).exclude(agreed_text="").update(agreed_text="")
    FollowUpMeeting.objects.filter(citizen=citizen).exclude(agreed_text="").update(agreed_text="")
    Placement.objects.filter(citizen=citizen).update(reasons=[])
    PlacementTransition.objects.filter(placement__citizen=citizen).exclude(note="").update(note="")
    MatchResult.objects.filter(citizen=citizen).update(reasons=[])
    _forget_name_searches(town.pk, first, last)
    _redact_contact_notes(citizen, first, last)
    record(
        None,
        Action.ANONYMISE,
        citizen,
        citizen=citizen,
        channel="cli",
        detail="anonymiseret",
        actor=SYSTEM_RETENTION,
    )
    return True


def _forget_name_searches(municipality: str, first: str, last: str) -> None:
    """Saved caseload filters of the municipality's users whose name search finds the citizen
    lose that search; a filter whose own name holds the full name is deleted."""
    users = User.objects.filter(municipality_id=municipality)
    for saved in SavedFilter.objects.filter(user__in=users).select_for_update():
        if redact_name(saved.name, first, last) != saved.name:
            saved.delete()
        elif search_names_citizen(saved.filters.get("q") or "", first, last):
            saved.filters = {**saved.filters, "q": ""}
            saved.save(update_fields=["filters"])


def _redact_contact_notes(citizen: Citizen, first: str, last: str) -> None:
    """Consultants' notes on employers the citizen worked at or was proposed to may name them."""
    employers = set(citizen.employments.values_list("employer_id", flat=True))
    employers |= set(citizen.placements.values_list("position__employer_id", flat=True))
    notes = ContactLogEntry.objects.filter(employer_id__in=employers).exclude(note="")
    for entry in notes.select_for_update():
        redacted = redact_name(entry.note, first, last)
        if redacted != entry.note:
            entry.note = redacted
            entry.save(update_fields=["note"])
