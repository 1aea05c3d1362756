"""Anonymisation of one citizen after the retention period ran out (the retention job's write)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fleksjob.accounts.models import User
from fleksjob.audit.log import SYSTEM_RETENTION, record
from fleksjob.audit.models import Action
from fleksjob.audit.writes import write
from fleksjob.citizens.models import Citizen, SavedFilter, StatusTransition
from fleksjob.core.casework.retention import redact_name, search_names_citizen
from fleksjob.core.records.limits import LAT_MAX, LAT_MIN, LON_MAX, LON_MIN
from fleksjob.employers.models import ContactLogEntry
from fleksjob.followup.models import FollowUpMeeting, FollowUpPlan
from fleksjob.placements.models import MatchResult, Placement, PlacementTransition

# Citizens' location must stay inside Denmark (citizen_lat_range, citizen_lon_range).
_LAT, _LON = (LAT_MIN, LAT_MAX), (LON_MIN, LON_MAX)


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
