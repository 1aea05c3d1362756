"""Write use cases of the placement workflow: one function per use case, each audited.

Hiring is the one with many side effects: it starts the fleksjob (``employment.actions``, which
also moves the case) and marks the position filled when its openings are taken, in one
transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.utils import timezone

from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.audit.writes import write
from fleksjob.citizens.models import Approval, Citizen
from fleksjob.citizens.notices import JOB_PROPOSAL, notify
from fleksjob.core.casework.placement_flow import (
    ANSWER_LABELS_DA,
    EMPLOYER_DECLINE_ENDS,
    EMPLOYER_LABELS_DA,
    CitizenAnswer,
    DeclineReason,
    EmployerDeclineReason,
    NotHiredReason,
    PlacementError,
    Stage,
    check_move,
)
from fleksjob.core.errors import InvalidField
from fleksjob.core.versions import check_version
from fleksjob.employers.models import Position, PositionStatus
from fleksjob.employment.actions import HireTerms, check_terms, start_fleksjob
from fleksjob.employment.models import Employment
from fleksjob.placements.matching import match_for
from fleksjob.placements.models import OPEN_STAGE_VALUES, Placement, PlacementTransition


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
    notify(JOB_PROPOSAL, placement.pk, citizen.pk)  # shown on Mit fleksjob: an e-mail notice
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
    check_terms(terms)
    if terms.start < placement.stage_since:
        raise InvalidField("start", "ansættelsen kan ikke starte før forslaget")
    employment = start_fleksjob(user, placement.approval, placement.position, terms)
    # The position is locked by start_fleksjob; its openings are taken by hired proposals.
    position = employment.position
    hired = Placement.objects.filter(position=position, stage=Stage.HIRED).count() + 1
    if hired >= position.openings:
        position.status = PositionStatus.FILLED
        position.save(update_fields=["status", "updated_at"])
    return employment


@dataclass(frozen=True)
class _Side:
    """Who answers a proposal: the placement's fields they fill (``<side>_answer``,
    ``_reason``, ``_answered_at``), their coded reasons, and how a decline ends the proposal."""

    name: str
    reasons: type[StrEnum]
    no_reason: str  # the refusal of a decline without a valid reason
    audit: str
    not_hired: Callable[[str], str]  # reason → NotHiredReason
    note: Callable[[str], str]  # reason → the transition's note (Danish)


_CITIZEN = _Side(
    "citizen",
    DeclineReason,
    "vælg, hvorfor forslaget ikke passer dig",
    "borgerens svar",
    lambda reason: NotHiredReason.CITIZEN_DECLINED,
    lambda reason: ANSWER_LABELS_DA[reason],
)
_EMPLOYER = _Side(
    "employer",
    EmployerDeclineReason,
    "vælg, hvorfor kandidaten ikke passer",
    "virksomhedens svar",
    lambda reason: EMPLOYER_DECLINE_ENDS[EmployerDeclineReason(reason)],
    lambda reason: "Virksomheden: " + EMPLOYER_LABELS_DA[reason],
)


def _answer(user, locked: Placement, side: _Side, interested: bool, reason: str, today):
    """Store one side's answer on the locked open proposal; a decline ends it as not hired."""
    if locked.stage not in OPEN_STAGE_VALUES:
        raise PlacementError("forslaget er afsluttet og kan ikke længere besvares")
    if interested:
        if reason:
            raise InvalidField("reason", "en begrundelse hører kun til »ikke interesseret«")
        answer = CitizenAnswer.INTERESTED
    else:
        if reason not in side.reasons.__members__.values():
            raise InvalidField("reason", side.no_reason)
        answer = CitizenAnswer.NOT_INTERESTED
    fields = {
        f"{side.name}_answer": answer,
        f"{side.name}_reason": reason,
        f"{side.name}_answered_at": timezone.now(),
    }
    for field, value in fields.items():
        setattr(locked, field, value)
    locked.save(update_fields=list(fields))
    record(
        user,
        Action.UPDATE,
        locked,
        citizen=locked.citizen,
        channel="web",
        detail=f"{side.audit}: {answer}",
    )
    if not interested:
        move_placement(
            user,
            locked,
            Stage.NOT_HIRED,
            on=max(today or timezone.localdate(), locked.stage_since),
            reason=side.not_hired(reason),
            note=side.note(reason),
        )
    return locked


@write
def answer_proposal(
    user, citizen, placement: Placement, *, interested: bool, reason: str = "", today=None
) -> Placement:
    """The citizen's own answer to a proposal shared with them: interested, or not with a coded
    reason, which ends the proposal as *not hired, citizen declined* (the reason is kept for the
    statistics). ``citizen`` is the logged-in citizen's record (their login's link); another
    citizen's proposal does not exist for them (DoesNotExist, a 404)."""
    locked = (
        Placement.objects.select_for_update()
        .select_related("citizen")
        .get(pk=placement.pk, citizen_id=citizen.pk)
    )
    return _answer(user, locked, _CITIZEN, interested, reason, today)


@write
def answer_as_employer(
    user, employer, placement: Placement, *, interested: bool, reason: str = "", today=None
) -> Placement:
    """The employer's answer to a candidate proposed for one of their positions: interested
    (the consultant sees it and takes the next step), or not with a coded reason, which ends the
    proposal as not hired with the matching reason (``EMPLOYER_DECLINE_ENDS``; the employer's
    reason in the transition's note), so the placement statistics count it. ``employer`` is the
    company of the logged-in contact person: another company's proposal does not exist for
    them (DoesNotExist, a 404)."""
    locked = (
        Placement.objects.select_for_update()
        .select_related("citizen")
        .get(pk=placement.pk, position__employer_id=employer.pk)
    )
    return _answer(user, locked, _EMPLOYER, interested, reason, today)
