"""Case transfer between municipalities (kommuneskift): states, deadlines and the merge plan.

The receiving municipality requests a case by CPR number. Until the case is released the
requester must learn nothing about it: a request that matches no one, one the sender refused and
one still waiting for an answer all read "pending" until the deadline, and then "no case
transferred" (a refusal shown early would tell that a case exists). A release shows at once,
because then the case itself arrives. The sending municipality answers per request; requests
that match none of its citizens are never shown to it.

When the receiving municipality already holds a record with the same CPR (registered or imported
before the request), the moved case is merged into it by ``plan_merge``: the moved case's dates
continue (the refusion clock and the ledighedsydelse), the local stand-in case is folded into it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from fleksjob.core.errors import Refused


class RequestStatus(StrEnum):
    """What the requesting municipality sees."""

    PENDING = "pending"
    TRANSFERRED = "transferred"
    NONE = "none"  # settled at the deadline without a release


class Answer(StrEnum):
    """A sending municipality's answer (one per municipality and request)."""

    RELEASED = "released"
    REFUSED = "refused"


# What the sending municipality sees of a request it has not answered yet.
AWAITING_ANSWER = "awaiting"

LABELS_DA: dict[str, str] = {
    RequestStatus.PENDING: "Afventer",
    RequestStatus.TRANSFERRED: "Overført",
    RequestStatus.NONE: "Ingen sag overført",
    Answer.RELEASED: "Frigivet",
    Answer.REFUSED: "Afvist",
    AWAITING_ANSWER: "Venter på jeres svar",
}
LABELS_EN: dict[str, str] = {
    RequestStatus.PENDING: "Pending",
    RequestStatus.TRANSFERRED: "Transferred",
    RequestStatus.NONE: "No case transferred",
    Answer.RELEASED: "Released",
    Answer.REFUSED: "Refused",
    AWAITING_ANSWER: "Awaiting your answer",
}

MAX_RELEASE_DAYS = 365
REASON_MIN, REASON_MAX = 3, 200


class TransferError(Refused):
    """A step the request's state does not allow (already answered, settled); Danish, names
    no person."""


def release_by(requested_on: dt.date, days: int) -> dt.date:
    """The day by which a matched, not refused case is released automatically at the latest."""
    if not 1 <= days <= MAX_RELEASE_DAYS:
        raise ValueError(f"the release period must be 1-{MAX_RELEASE_DAYS} days")
    return requested_on + dt.timedelta(days=days)


def is_due(deadline: dt.date, as_of: dt.date) -> bool:
    return deadline <= as_of


def settled_status(answers: Iterable[str]) -> RequestStatus:
    """The request's status once its deadline has been processed: transferred if any sending
    municipality released (by hand or automatically), else no case transferred."""
    return (
        RequestStatus.TRANSFERRED
        if any(a == Answer.RELEASED for a in answers)
        else RequestStatus.NONE
    )


def clean_reason(reason: str) -> str:
    """A refusal's short reason (required), or TransferError."""
    text = " ".join((reason or "").split())
    if not REASON_MIN <= len(text) <= REASON_MAX:
        raise TransferError(
            f"skriv en kort begrundelse for afvisningen ({REASON_MIN}-{REASON_MAX} tegn)"
        )
    return text


# --- merging a moved case into a record the receiving municipality already holds ----------------


@dataclass(frozen=True)
class Case:
    id: int
    active: bool  # not ended (at most one per citizen)


@dataclass(frozen=True)
class Spell:
    id: int
    start: dt.date
    open: bool  # at most one open spell per citizen


@dataclass(frozen=True)
class Plan:
    id: int
    case_id: int
    agreed_on: dt.date  # active plans only


@dataclass(frozen=True)
class MergePlan:
    # The local active case folded into the moved active case: (local id, moved id). Its spells,
    # employments, plans, meetings and proposals are re-pointed and the local case removed.
    fold: tuple[int, int] | None = None
    # The local open spell, when the moved case has one too: ended the day before the moved
    # spell started (end date given) or removed when it started on or after that day (None).
    local_spell: tuple[int, dt.date | None] | None = None
    # Active plans made inactive (kept as history) so the merged case has one active plan.
    deactivate_plans: tuple[int, ...] = ()


def _active(cases: Iterable[Case]) -> Case | None:
    return next((c for c in cases if c.active), None)


def _open(spells: Iterable[Spell]) -> Spell | None:
    return next((s for s in spells if s.open), None)


def plan_merge(
    local_cases: Iterable[Case],
    moved_cases: Iterable[Case],
    local_spells: Iterable[Spell],
    moved_spells: Iterable[Spell],
    local_plans: Iterable[Plan],
    moved_plans: Iterable[Plan],
) -> MergePlan:
    """How to merge the moved history into the local record without breaking "one active case",
    "one open spell" and "one active plan per case". The moved case's dates always stay as they
    are: they carry the refusion clock and the ledighedsydelse."""
    local_active, moved_active = _active(local_cases), _active(moved_cases)
    fold = (local_active.id, moved_active.id) if local_active and moved_active else None

    local_spell = None
    local_open, moved_open = _open(local_spells), _open(moved_spells)
    if local_open and moved_open:
        day_before = moved_open.start - dt.timedelta(days=1)
        local_spell = (local_open.id, day_before if local_open.start <= day_before else None)

    deactivate: tuple[int, ...] = ()
    if fold is not None:
        on_fold = [p for p in local_plans if p.case_id == fold[0]]
        on_fold += [p for p in moved_plans if p.case_id == fold[1]]
        if len(on_fold) > 1:
            # The most recently agreed plan is the one the citizen works to; on a tie the local
            # one (the receiving municipality's own agreement) wins.
            local_ids = {p.id for p in local_plans}
            keep = max(on_fold, key=lambda p: (p.agreed_on, p.id in local_ids, p.id))
            deactivate = tuple(sorted(p.id for p in on_fold if p.id != keep.id))
    return MergePlan(fold=fold, local_spell=local_spell, deactivate_plans=deactivate)
