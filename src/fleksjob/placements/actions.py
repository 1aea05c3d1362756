"""Write use cases of the placement workflow: one function per use case, each audited.

Hiring is the one with many side effects: it creates the fleksjob employment and its first hours,
ends the open ledighedsydelse spell, moves the case to "in fleksjob", starts the temporary period
of a first fleksjob and marks the position filled when its openings are taken, in one transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.audit.writes import write
from fleksjob.citizens.actions import change_case_status
from fleksjob.citizens.models import Approval, Citizen
from fleksjob.core.casework.placement_flow import PlacementError, Stage, check_move
from fleksjob.core.errors import InvalidField
from fleksjob.core.records.limits import MAX_WEEKLY_HOURS
from fleksjob.core.rules.case_status import Status
from fleksjob.core.rules.deadlines import temporary_until
from fleksjob.core.versions import check_version
from fleksjob.employers.models import Position, PositionStatus
from fleksjob.placements.matching import match_for
from fleksjob.placements.models import (
    Employment,
    EmploymentKind,
    HoursChange,
    Placement,
    PlacementTransition,
)


@dataclass(frozen=True)
class HireTerms:
    start: dt.date
    hours_per_week: Decimal
    hourly_wage: Decimal


@write
def propose_match(
    user,
    citizen: Citizen,
    position: Position,
    *,
    on: dt.date,
    score: float | None = None,
    reasons: list[str] | tuple[str, ...] = (),
) -> Placement:
    """Create a match proposal of a citizen (with an active case) for an open position."""
    # Defence in depth: views fetch both through visible_to, but the use case checks again.
    if not Citizen.objects.visible_to(user).filter(pk=citizen.pk).exists():
        raise PlacementError("borgeren findes ikke i din kommune")
    if not Position.objects.visible_to(user).filter(pk=position.pk).exists():
        raise PlacementError("stillingen findes ikke i din kommune")
    approval = Approval.objects.active().filter(citizen=citizen).first()
    if approval is None:
        raise PlacementError("borgeren har ingen aktiv fleksjobsag")
    if position.status != PositionStatus.OPEN:
        raise PlacementError("stillingen er ikke åben")
    if Placement.objects.open().filter(citizen=citizen, position=position).exists():
        raise PlacementError("der er allerede et åbent forslag for denne borger og stilling")
    placement = Placement.objects.create(
        citizen=citizen,
        approval=approval,
        position=position,
        stage=Stage.PROPOSED,
        stage_since=on,
        score=score,
        reasons=list(reasons),
        created_by=user,
    )
    PlacementTransition.objects.create(placement=placement, to_stage=Stage.PROPOSED, on=on, by=user)
    record(user, Action.CREATE, placement, citizen=citizen, detail="match-forslag")
    return placement


def propose_scored_match(user, citizen: Citizen, position: Position, *, on: dt.date) -> Placement:
    """Propose a pair with the score and reasons the matching computes (never the caller's);
    a pair outside the matching rules is proposed without them (``placement.score is None``)."""
    match = match_for(citizen, position, on)
    return propose_match(
        user,
        citizen,
        position,
        on=on,
        score=match.score if match else None,
        reasons=match.reasons if match else (),
    )


@write
def move_placement(
    user,
    placement: Placement,
    to_stage: str,
    *,
    on: dt.date,
    reason: str = "",
    note: str = "",
    hire: HireTerms | None = None,
    actor: str = "",
    expected_version: str | None = None,
) -> Placement:
    """Move a placement one step in its workflow; hiring needs ``hire`` terms. ``actor`` names
    the system job that moves it without a user (the audit's ``actor``). A move made from a read
    sends that read's version (StaleVersion if someone moved it since); the version is optional
    here, as the workflow refuses a move from a stage the placement has left."""
    locked = Placement.objects.select_for_update().select_related("citizen").get(pk=placement.pk)
    check_version(locked, expected_version, required=False)
    check_move(locked.stage, to_stage, reason=reason, consent=locked.citizen.consent_share_profile)
    if on < locked.stage_since:
        raise InvalidField("on", "et trinskift kan ikke dateres før det nuværende trin")
    if (to_stage == Stage.HIRED) != (hire is not None):
        raise PlacementError("ansættelsesvilkår angives netop ved ansættelse")
    PlacementTransition.objects.create(
        placement=locked,
        from_stage=locked.stage,
        to_stage=to_stage,
        on=on,
        reason=reason,
        note=note[:500],
        by=user,
    )
    locked.stage, locked.stage_since, locked.not_hired_reason = to_stage, on, reason
    if hire is not None:
        locked.employment = _hire(user, locked, hire)
    locked.save(
        update_fields=["stage", "stage_since", "not_hired_reason", "employment", "updated_at"]
    )
    record(
        user,
        Action.UPDATE,
        locked,
        citizen=locked.citizen,
        detail=f"match-forslag → {to_stage}",
        actor=actor,
    )
    return locked


def _hire(user, placement: Placement, terms: HireTerms) -> Employment:
    # Terms the record refuses name their field (422); a state that refuses the hire is a 409.
    if not 0 < terms.hours_per_week <= MAX_WEEKLY_HOURS:
        raise InvalidField(
            "hours_per_week", f"timer pr. uge skal være over 0 og højst {MAX_WEEKLY_HOURS}"
        )
    if terms.hourly_wage <= 0:
        raise InvalidField("hourly_wage", "timelønnen skal være positiv")
    if terms.start < placement.stage_since:
        raise InvalidField("start", "ansættelsen kan ikke starte før forslaget")
    approval = Approval.objects.select_for_update().get(pk=placement.approval_id)
    if approval.status == Status.ENDED:
        raise PlacementError("borgerens fleksjobsag er afsluttet")
    if approval.status != Status.IN_FLEKSJOB and terms.start < approval.status_since:
        # The case moves to "in fleksjob" on the start day, which cannot precede its status.
        raise InvalidField(
            "start",
            "ansættelsen kan ikke starte før sagens nuværende status "
            f"(fra {approval.status_since.isoformat()})",
        )
    position = Position.objects.select_for_update().get(pk=placement.position_id)
    employment = Employment.objects.create(
        citizen_id=placement.citizen_id,
        approval=approval,
        employer_id=position.employer_id,
        position=position,
        kind=EmploymentKind.FLEKSJOB,
        start=terms.start,
        hourly_wage=terms.hourly_wage,
    )
    HoursChange.objects.create(
        employment=employment, valid_from=terms.start, hours_per_week=terms.hours_per_week
    )
    # Ledighedsydelse stops the day before the fleksjob starts.
    for spell in approval.benefit_spells.filter(end__isnull=True):
        spell.end = max(spell.start, terms.start - dt.timedelta(days=1))
        spell.save(update_fields=["end"])
    if approval.status != Status.IN_FLEKSJOB:
        approval = change_case_status(user, approval, Status.IN_FLEKSJOB, on=terms.start)
    if approval.first_fleksjob_start is None:
        approval.first_fleksjob_start = terms.start
        approval.temporary_until = temporary_until(terms.start)
        approval.save(update_fields=["first_fleksjob_start", "temporary_until"])
    hired = Placement.objects.filter(position=position, stage=Stage.HIRED).count() + 1
    if hired >= position.openings:
        position.status = PositionStatus.FILLED
        position.save(update_fields=["status", "updated_at"])
    record(user, Action.CREATE, employment, citizen=placement.citizen, detail="fleksjob ansat")
    return employment
