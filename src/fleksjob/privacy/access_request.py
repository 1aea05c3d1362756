"""Everything the system holds about one citizen, for an access request (GDPR art. 15,
"indsigtsanmodning"): the profile with the CPR number, the case and its history, benefit spells,
employments and hours, follow-up plans and meetings, placements, batch match results and the
audit log of who accessed the record.

Sections are flat lists of rows (related rows point to each other by id), built from every
concrete field of each model, so a new field is exported without a change here. Every model that
holds a citizen (directly or through one of these models) must be listed in SECTIONS or in
EXCLUDED with a reason; tests/web/test_access_request.py enforces it from the app registry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fleksjob.audit.log import record
from fleksjob.audit.models import Action, AuditEvent
from fleksjob.citizens.models import Approval, BenefitSpell, Citizen, StatusTransition
from fleksjob.citizens.protection import protector
from fleksjob.core.rules import cpr as cpr_rules
from fleksjob.employers.models import Employer, Position
from fleksjob.followup.models import FollowUpMeeting, FollowUpPlan, HoursStep, Reminder
from fleksjob.placements.models import (
    Employment,
    HoursChange,
    MatchResult,
    Placement,
    PlacementTransition,
)

FORMAT = "fleksjob-indsigt/1"
# Fields never exported: the ciphertext and the lookup hash (the CPR itself is, decrypted), and
# the other citizens a list showed beside this one (an audit event's ``citizen_ids``).
HIDDEN = {"cpr_encrypted", "cpr_hash", "citizen_ids"}


@dataclass(frozen=True)
class Section:
    key: str
    title: Any  # lazy Danish title
    model: type[models.Model]
    rows: Callable[[Citizen], models.QuerySet]


SECTIONS: tuple[Section, ...] = (
    Section("citizen", _("Borger"), Citizen, lambda c: Citizen.objects.filter(pk=c.pk)),
    Section("approvals", _("Visitationer"), Approval, lambda c: c.approvals.all()),
    Section(
        "status_transitions",
        _("Statushistorik"),
        StatusTransition,
        lambda c: StatusTransition.objects.filter(approval__citizen=c),
    ),
    Section(
        "benefit_spells",
        _("Ledighedsydelsesperioder"),
        BenefitSpell,
        lambda c: c.benefit_spells.all(),
    ),
    Section("employments", _("Ansættelser"), Employment, lambda c: c.employments.all()),
    Section(
        "hours_changes",
        _("Timehistorik"),
        HoursChange,
        lambda c: HoursChange.objects.filter(employment__citizen=c),
    ),
    Section(
        "followup_plans", _("Opfølgningsplaner"), FollowUpPlan, lambda c: c.followup_plans.all()
    ),
    Section(
        "hours_steps", _("Timetrin"), HoursStep, lambda c: HoursStep.objects.filter(plan__citizen=c)
    ),
    Section(
        "reminders",
        _("Påmindelser"),
        Reminder,
        lambda c: Reminder.objects.filter(plan__citizen=c),
    ),
    Section("meetings", _("Samtaler"), FollowUpMeeting, lambda c: c.meetings.all()),
    Section("placements", _("Match-forslag"), Placement, lambda c: c.placements.all()),
    Section(
        "placement_transitions",
        _("Match-forslagenes historik"),
        PlacementTransition,
        lambda c: PlacementTransition.objects.filter(placement__citizen=c),
    ),
    Section(
        "match_results",
        _("Resultater af matchkørsler"),
        MatchResult,
        lambda c: MatchResult.objects.filter(citizen=c),
    ),
    Section(
        "access_log",
        _("Adgang til oplysningerne (revisionslog)"),
        AuditEvent,
        # With the records a case transfer merged into this one (the log keeps their ids).
        lambda c: AuditEvent.objects.about_citizen(c.pk, *(c.merged_from or [])).order_by(
            "at", "id"
        ),
    ),
)

# Models linked to a citizen that are deliberately not exported, with the reason.
EXCLUDED: dict[str, str] = {}


def _value(obj: models.Model, field: models.Field, *, human: bool) -> Any:
    if field.is_relation:
        target = getattr(obj, field.name)
        if target is None:
            return None
        if isinstance(target, get_user_model()):
            return target.get_username()
        if isinstance(target, Employer):
            return f"{target.name} (CVR {target.cvr})" if human else target.cvr
        if isinstance(target, Position):
            return target.title if human else target.pk
        return target.pk
    value = field.value_from_object(obj)
    if human and field.choices and value not in (None, ""):
        return dict(field.flatchoices).get(value, value)
    if human and isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return value


def _fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if f.name not in HIDDEN]


def _rows(section: Section, citizen: Citizen, *, human: bool) -> list[dict[str, Any]]:
    fields = _fields(section.model)
    related = [f.name for f in fields if f.is_relation]
    rows = []
    for obj in section.rows(citizen).select_related(*related):
        row = {f.name: _value(obj, f, human=human) for f in fields}
        if section.model is Citizen:
            row["cpr"] = str(cpr_rules.parse(protector().decrypt(obj.cpr_encrypted)))
        rows.append(row)
    return rows


def collect(citizen: Citizen, *, human: bool = False) -> dict[str, Any]:
    """Every section's rows; ``human`` shows choice labels and names instead of codes and ids."""
    data: dict[str, Any] = {
        "format": FORMAT,
        "generated_at": timezone.now(),
        "municipality": citizen.municipality_id,
    }
    for section in SECTIONS:
        data[section.key] = _rows(section, citizen, human=human)
    return data


def tables(citizen: Citizen) -> list[dict[str, Any]]:
    """The sections for the printable page: title, column labels and rows of display values."""
    out = []
    for section in SECTIONS:
        fields = _fields(section.model)
        labels = [str(f.verbose_name) for f in fields]
        names = [f.name for f in fields]
        if section.model is Citizen:
            labels.append("CPR")
            names.append("cpr")
        rows = [[row[n] for n in names] for row in _rows(section, citizen, human=True)]
        out.append(
            {
                "key": section.key,
                "title": section.title,
                "columns": labels,
                "rows": rows,
                # The profile reads better (and prints) as label: value pairs.
                "pairs": list(zip(labels, rows[0], strict=True))
                if section.model is Citizen
                else [],
            }
        )
    return out


def export_for_access_request(user, citizen: Citizen, fmt: str) -> dict[str, Any] | list:
    """The export as JSON data (``fmt="json"``) or page tables (``"html"``); audited first, so
    the export itself shows in its access log."""
    record(user, Action.EXPORT, citizen, citizen=citizen, detail=f"indsigtsanmodning ({fmt})")
    return collect(citizen) if fmt == "json" else tables(citizen)


def file_name(citizen: Citizen, today: dt.date) -> str:
    # The record id and a date only: names and CPR numbers stay out of file names.
    return f"indsigt-borger-{citizen.pk}-{today:%Y-%m-%d}.json"
