"""The placement workflow as an explicit state machine.

A match proposal is presented to the employer, may lead to an interview, and ends hired or not
hired with a coded reason. Presenting shares the citizen's profile with an employer, so it needs the
citizen's recorded consent. Hired and not hired are final: a new attempt is a new proposal.
"""

from __future__ import annotations

from enum import StrEnum

from fleksjob.core.errors import Refused


class Stage(StrEnum):
    PROPOSED = "proposed"
    PRESENTED = "presented"
    INTERVIEW = "interview"
    HIRED = "hired"
    NOT_HIRED = "not_hired"


class NotHiredReason(StrEnum):
    HOURS = "hours"
    NEEDS = "needs"  # skånehensyn could not be met
    COMPETENCES = "competences"
    EMPLOYER_WITHDREW = "employer_withdrew"
    CITIZEN_DECLINED = "citizen_declined"
    OTHER = "other"


LABELS_DA: dict[str, str] = {
    Stage.PROPOSED: "Forslag",
    Stage.PRESENTED: "Præsenteret for virksomheden",
    Stage.INTERVIEW: "Samtale",
    Stage.HIRED: "Ansat",
    Stage.NOT_HIRED: "Ikke ansat",
    NotHiredReason.HOURS: "Timetal passede ikke",
    NotHiredReason.NEEDS: "Skånehensyn kunne ikke tilgodeses",
    NotHiredReason.COMPETENCES: "Kompetencer passede ikke",
    NotHiredReason.EMPLOYER_WITHDREW: "Virksomheden trak sig",
    NotHiredReason.CITIZEN_DECLINED: "Borgeren takkede nej",
    NotHiredReason.OTHER: "Andet",
}

LABELS_EN: dict[str, str] = {
    Stage.PROPOSED: "Proposed",
    Stage.PRESENTED: "Presented to employer",
    Stage.INTERVIEW: "Interview",
    Stage.HIRED: "Hired",
    Stage.NOT_HIRED: "Not hired",
    NotHiredReason.HOURS: "Hours did not fit",
    NotHiredReason.NEEDS: "Accommodation needs could not be met",
    NotHiredReason.COMPETENCES: "Competences did not fit",
    NotHiredReason.EMPLOYER_WITHDREW: "Employer withdrew",
    NotHiredReason.CITIZEN_DECLINED: "Citizen declined",
    NotHiredReason.OTHER: "Other",
}

TRANSITIONS: dict[Stage, frozenset[Stage]] = {
    Stage.PROPOSED: frozenset({Stage.PRESENTED, Stage.NOT_HIRED}),
    Stage.PRESENTED: frozenset({Stage.INTERVIEW, Stage.HIRED, Stage.NOT_HIRED}),
    Stage.INTERVIEW: frozenset({Stage.HIRED, Stage.NOT_HIRED}),
    Stage.HIRED: frozenset(),
    Stage.NOT_HIRED: frozenset(),
}

FINAL = frozenset({Stage.HIRED, Stage.NOT_HIRED})
OPEN = frozenset(Stage) - FINAL


class CitizenAnswer(StrEnum):
    """The citizen's own answer to a proposal shared with them (issue 15)."""

    INTERESTED = "interested"
    NOT_INTERESTED = "not_interested"


class DeclineReason(StrEnum):
    """Why a citizen is not interested: coded, so the matching statistics can count them."""

    HOURS = "hours"
    TASKS = "tasks"
    NEEDS = "needs"  # the workplace cannot meet their skånehensyn
    DISTANCE = "distance"
    SECTOR = "sector"
    OTHER = "other"


ANSWER_LABELS_DA: dict[str, str] = {
    CitizenAnswer.INTERESTED: "Interesseret",
    CitizenAnswer.NOT_INTERESTED: "Ikke interesseret",
    DeclineReason.HOURS: "Timerne passer ikke",
    DeclineReason.TASKS: "Opgaverne passer ikke til mig",
    DeclineReason.NEEDS: "Arbejdspladsen kan ikke tage de hensyn, jeg har brug for",
    DeclineReason.DISTANCE: "For langt at rejse",
    DeclineReason.SECTOR: "Jeg vil ikke arbejde i den branche",
    DeclineReason.OTHER: "Andet",
}
ANSWER_LABELS_EN: dict[str, str] = {
    CitizenAnswer.INTERESTED: "Interested",
    CitizenAnswer.NOT_INTERESTED: "Not interested",
    DeclineReason.HOURS: "The hours do not suit me",
    DeclineReason.TASKS: "The tasks do not suit me",
    DeclineReason.NEEDS: "The workplace cannot make the adjustments I need",
    DeclineReason.DISTANCE: "Too far to travel",
    DeclineReason.SECTOR: "I do not want to work in that sector",
    DeclineReason.OTHER: "Other",
}


class EmployerDeclineReason(StrEnum):
    """Why an employer is not interested in a candidate: coded, so the placement statistics
    count them with the other reasons a proposal ends."""

    HOURS = "hours"
    COMPETENCES = "competences"
    NEEDS = "needs"  # the workplace cannot offer the provisions the candidate needs
    FILLED = "filled"  # the position is filled or no longer open
    OTHER = "other"


# The ending an employer's decline gives the proposal (not hired, with this reason).
EMPLOYER_DECLINE_ENDS: dict[EmployerDeclineReason, NotHiredReason] = {
    EmployerDeclineReason.HOURS: NotHiredReason.HOURS,
    EmployerDeclineReason.COMPETENCES: NotHiredReason.COMPETENCES,
    EmployerDeclineReason.NEEDS: NotHiredReason.NEEDS,
    EmployerDeclineReason.FILLED: NotHiredReason.EMPLOYER_WITHDREW,
    EmployerDeclineReason.OTHER: NotHiredReason.OTHER,
}

EMPLOYER_LABELS_DA: dict[str, str] = {
    EmployerDeclineReason.HOURS: "Timerne passer ikke til stillingen",
    EmployerDeclineReason.COMPETENCES: "Kompetencerne passer ikke til opgaverne",
    EmployerDeclineReason.NEEDS: "Vi kan ikke tilbyde de hensyn, kandidaten har brug for",
    EmployerDeclineReason.FILLED: "Stillingen er besat eller ikke længere ledig",
    EmployerDeclineReason.OTHER: "Andet",
}
EMPLOYER_LABELS_EN: dict[str, str] = {
    EmployerDeclineReason.HOURS: "The hours do not suit the position",
    EmployerDeclineReason.COMPETENCES: "The competences do not suit the tasks",
    EmployerDeclineReason.NEEDS: "We cannot offer the adjustments the candidate needs",
    EmployerDeclineReason.FILLED: "The position is filled or no longer open",
    EmployerDeclineReason.OTHER: "Other",
}


class PlacementError(Refused):
    """A move the workflow does not allow; the message is Danish and names no person."""


def next_stages(current: str) -> list[Stage]:
    """The stages a placement can move to, in workflow order."""
    allowed = TRANSITIONS[Stage(current)]
    return [stage for stage in Stage if stage in allowed]


def check_move(current: str, target: str, *, reason: str = "", consent: bool) -> None:
    """Raise PlacementError unless ``current`` → ``target`` is allowed with this reason/consent."""
    try:
        to = Stage(target)
    except ValueError:
        raise PlacementError(f"ukendt trin: {target!r}") from None
    if to not in TRANSITIONS[Stage(current)]:
        raise PlacementError(f"kan ikke gå fra »{LABELS_DA[Stage(current)]}« til »{LABELS_DA[to]}«")
    if to is Stage.NOT_HIRED:
        if reason not in NotHiredReason.__members__.values():
            raise PlacementError("angiv en gyldig årsag til, at borgeren ikke blev ansat")
    elif reason:
        raise PlacementError("kun »Ikke ansat« har en årsag")
    # Presenting (and everything after it) shows the profile to the employer.
    if to in (Stage.PRESENTED, Stage.INTERVIEW, Stage.HIRED) and not consent:
        raise PlacementError(
            "borgeren har ikke givet samtykke til, at profilen deles med virksomheder"
        )
