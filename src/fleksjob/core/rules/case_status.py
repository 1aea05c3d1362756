"""The fleksjob case (visitation) as an explicit state machine.

A case is approved-unemployed (on ledighedsydelse or waiting), in fleksjob, paused (e.g. sickness,
leave) or ended with a reason. Ended is final: a new visitation opens a new case.
"""

from __future__ import annotations

from enum import StrEnum

from fleksjob.core.errors import Refused


class Status(StrEnum):
    APPROVED_UNEMPLOYED = "approved_unemployed"
    IN_FLEKSJOB = "in_fleksjob"
    PAUSED = "paused"
    ENDED = "ended"


class EndReason(StrEnum):
    STATE_PENSION = "state_pension"  # folkepension
    DISABILITY_PENSION = "disability_pension"  # førtidspension
    ORDINARY_JOB = "ordinary_job"  # back in ordinary employment
    NO_LONGER_ELIGIBLE = "no_longer_eligible"  # revurdering: no longer meets the conditions
    MOVED_ABROAD = "moved_abroad"
    DECEASED = "deceased"
    OTHER = "other"


LABELS_DA: dict[str, str] = {
    Status.APPROVED_UNEMPLOYED: "Visiteret, ledig",
    Status.IN_FLEKSJOB: "I fleksjob",
    Status.PAUSED: "Pause",
    Status.ENDED: "Afsluttet",
    EndReason.STATE_PENSION: "Folkepension",
    EndReason.DISABILITY_PENSION: "Førtidspension",
    EndReason.ORDINARY_JOB: "Ordinært job",
    EndReason.NO_LONGER_ELIGIBLE: "Opfylder ikke længere betingelserne",
    EndReason.MOVED_ABROAD: "Flyttet til udlandet",
    EndReason.DECEASED: "Død",
    EndReason.OTHER: "Andet",
}

LABELS_EN: dict[str, str] = {
    Status.APPROVED_UNEMPLOYED: "Approved, unemployed",
    Status.IN_FLEKSJOB: "In fleksjob",
    Status.PAUSED: "Paused",
    Status.ENDED: "Ended",
    EndReason.STATE_PENSION: "State pension",
    EndReason.DISABILITY_PENSION: "Disability pension",
    EndReason.ORDINARY_JOB: "Ordinary job",
    EndReason.NO_LONGER_ELIGIBLE: "No longer eligible",
    EndReason.MOVED_ABROAD: "Moved abroad",
    EndReason.DECEASED: "Deceased",
    EndReason.OTHER: "Other",
}

TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.APPROVED_UNEMPLOYED: frozenset({Status.IN_FLEKSJOB, Status.PAUSED, Status.ENDED}),
    Status.IN_FLEKSJOB: frozenset({Status.APPROVED_UNEMPLOYED, Status.PAUSED, Status.ENDED}),
    Status.PAUSED: frozenset({Status.APPROVED_UNEMPLOYED, Status.IN_FLEKSJOB, Status.ENDED}),
    Status.ENDED: frozenset(),
}

INITIAL = frozenset({Status.APPROVED_UNEMPLOYED, Status.IN_FLEKSJOB})


class TransitionError(Refused):
    """A status change the case's state machine does not have (409)."""


def check_transition(current: str | None, target: str, end_reason: str | None = None) -> None:
    """Raise TransitionError unless ``current`` → ``target`` is allowed (None = a new case)."""
    try:
        to = Status(target)
    except ValueError:
        raise TransitionError(f"ukendt status: {target!r}") from None
    if current is None:
        if to not in INITIAL:
            raise TransitionError(f"en ny sag kan ikke starte som {LABELS_DA[to]}")
    elif to not in TRANSITIONS[Status(current)]:
        raise TransitionError(
            f"kan ikke skifte fra {LABELS_DA[Status(current)]} til {LABELS_DA[to]}"
        )
    if to is Status.ENDED:
        if end_reason is None or end_reason not in EndReason.__members__.values():
            raise TransitionError("en afsluttet sag skal have en gyldig afslutningsårsag")
    elif end_reason:
        raise TransitionError("kun en afsluttet sag har en afslutningsårsag")
