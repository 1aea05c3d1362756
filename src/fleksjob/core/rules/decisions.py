"""Case decisions on the fleksjob case's state machine (``case_status``).

A decision is made on a date (the day it takes effect), cites a legal basis (``legal_bases.json``,
kept as data with labels) and carries a short justification. ``check`` refuses what the case's
state does not allow (``Refused``, 409) and values the decision cannot hold (``InvalidField``,
422); ``effect`` says what the decision does to the case. A decision dated after today is
*scheduled*: the case keeps its status until the daily job applies it on its day (so until then
the case counts as it is in caseload, deadlines and indicators). A case has at most one scheduled
decision at a time.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from fleksjob.core.errors import InvalidField, Refused
from fleksjob.core.rules.case_status import LABELS_DA as STATUS_LABELS_DA
from fleksjob.core.rules.case_status import EndReason, Status
from fleksjob.core.rules.deadlines import TEMPORARY_MONTHS, add_months
from fleksjob.core.rules.deadlines import temporary_until as first_temporary_until


class DecisionError(Refused):
    """A decision the case's state does not allow (409); the message is Danish and names no one."""


# The furthest ahead a decision may be dated (a scheduled pause, end or hire), and the earliest
# a case may be dated at all (the fleksjob scheme began in 1998).
MAX_DAYS_AHEAD = 366
EARLIEST = dt.date(1998, 1, 1)
JUSTIFICATION_MAX = 1000


class DecisionKind(StrEnum):
    VISITATION = "visitation"
    PAUSE = "pause"
    RESUME = "resume"
    END = "end"
    REVIEW = "review"
    FLEKSJOB_START = "fleksjob_start"  # made by a hire, not on the decision pages


class PauseReason(StrEnum):
    SICKNESS = "sickness"
    LEAVE = "leave"
    OTHER = "other"


class ReviewOutcome(StrEnum):
    PERMANENT = "permanent"
    NEW_TEMPORARY = "new_temporary"
    NO_LONGER_ELIGIBLE = "no_longer_eligible"


# Decisions a caseworker makes on the pages and the API (the hire makes FLEKSJOB_START).
USER_KINDS = (
    DecisionKind.VISITATION,
    DecisionKind.PAUSE,
    DecisionKind.RESUME,
    DecisionKind.END,
    DecisionKind.REVIEW,
)

LABELS_DA: dict[str, str] = {
    DecisionKind.VISITATION: "Visitation til fleksjob",
    DecisionKind.PAUSE: "Pause",
    DecisionKind.RESUME: "Genoptagelse",
    DecisionKind.END: "Afslutning",
    DecisionKind.REVIEW: "Revurdering (4½ år)",
    DecisionKind.FLEKSJOB_START: "Start i fleksjob",
    PauseReason.SICKNESS: "Sygdom",
    PauseReason.LEAVE: "Barsel eller orlov",
    PauseReason.OTHER: "Andet",
    ReviewOutcome.PERMANENT: "Permanent fleksjob",
    ReviewOutcome.NEW_TEMPORARY: "Ny midlertidig periode (5 år)",
    ReviewOutcome.NO_LONGER_ELIGIBLE: "Opfylder ikke længere betingelserne",
}
LABELS_EN: dict[str, str] = {
    DecisionKind.VISITATION: "Approval for fleksjob",
    DecisionKind.PAUSE: "Pause",
    DecisionKind.RESUME: "Resumption",
    DecisionKind.END: "End",
    DecisionKind.REVIEW: "Review (4½ years)",
    DecisionKind.FLEKSJOB_START: "Start in fleksjob",
    PauseReason.SICKNESS: "Sickness",
    PauseReason.LEAVE: "Parental or other leave",
    PauseReason.OTHER: "Other",
    ReviewOutcome.PERMANENT: "Permanent fleksjob",
    ReviewOutcome.NEW_TEMPORARY: "New temporary period (5 years)",
    ReviewOutcome.NO_LONGER_ELIGIBLE: "No longer eligible",
}

# The reasons each kind takes (its ``reason``): none, a pause reason, an end reason, an outcome.
REASONS: dict[str, tuple[str, ...]] = {
    DecisionKind.VISITATION: (),
    DecisionKind.PAUSE: tuple(PauseReason),
    DecisionKind.RESUME: (),
    DecisionKind.END: tuple(EndReason),
    DecisionKind.REVIEW: tuple(ReviewOutcome),
    DecisionKind.FLEKSJOB_START: (),
}


@dataclass(frozen=True)
class LegalBasis:
    key: str
    law: str
    paragraph: str
    label_da: str
    label_en: str
    decisions: frozenset[str]
    source: str
    verified: bool

    @property
    def citation(self) -> str:
        """``LAB § 116 ff.``: the law and its paragraph, or the law alone where none is known."""
        return f"{self.law} {self.paragraph}".strip()


@cache
def legal_bases() -> dict[str, LegalBasis]:
    """Every legal basis by key, in the file's order."""
    raw = json.loads((Path(__file__).with_name("legal_bases.json")).read_text("utf-8"))
    return {
        b["key"]: LegalBasis(
            key=b["key"],
            law=b["law"],
            paragraph=b["paragraph"],
            label_da=b["label_da"],
            label_en=b["label_en"],
            decisions=frozenset(b["decisions"]),
            source=b["source"],
            verified=bool(b["verified"]),
        )
        for b in raw["bases"]
    }


def bases_for(kind: str) -> list[LegalBasis]:
    """The legal bases a decision of ``kind`` may cite, the file's first one first."""
    return [b for b in legal_bases().values() if kind in b.decisions]


@dataclass(frozen=True)
class CaseState:
    """What a decision reads of the case (None: the citizen has no case yet)."""

    status: str
    status_since: dt.date
    visitation_date: dt.date
    first_fleksjob_start: dt.date | None = None
    temporary_until: dt.date | None = None
    permanent: bool = False
    old_scheme: bool = False
    reviewed_on: dt.date | None = None
    scheduled_on: dt.date | None = None  # the day of the case's scheduled decision, if any
    before_pause: str | None = None  # the status a paused case left


@dataclass(frozen=True)
class Decision:
    kind: str
    on: dt.date
    legal_basis: str
    justification: str
    reason: str = ""


@dataclass(frozen=True)
class Effect:
    """What a decision does to the case: a new status (None: it keeps its status) with an end
    reason, and the review's changes of the fleksjob's terms."""

    to_status: str | None = None
    end_reason: str = ""
    permanent: bool | None = None
    temporary_until: dt.date | None = None
    reviewed_on: dt.date | None = None


def _label(value: str) -> str:
    return STATUS_LABELS_DA.get(value, value)


def check(case: CaseState | None, decision: Decision, today: dt.date) -> Effect:
    """Refuse a decision the case or its values do not allow; else its effect.

    The previous case of a visitation is the citizen's latest (ended) case, or None."""
    try:
        kind = DecisionKind(decision.kind)
    except ValueError:
        raise InvalidField("kind", "ukendt afgørelse") from None
    basis = legal_bases().get(decision.legal_basis)
    if basis is None or kind not in basis.decisions:
        raise InvalidField("legal_basis", "vælg en af de retsgrundlag, der gælder for afgørelsen")
    text = decision.justification.strip()
    if kind is not DecisionKind.FLEKSJOB_START and not text:
        raise InvalidField("justification", "skriv en kort begrundelse for afgørelsen")
    if len(text) > JUSTIFICATION_MAX:
        raise InvalidField("justification", f"begrundelsen må højst være {JUSTIFICATION_MAX} tegn")
    if decision.reason not in REASONS[kind] and (REASONS[kind] or decision.reason):
        raise InvalidField(
            "reason",
            "vælg en af de årsager, der gælder for afgørelsen"
            if REASONS[kind]
            else "denne afgørelse har ingen årsag",
        )
    _check_date(case, kind, decision.on, today)
    if kind is DecisionKind.VISITATION:
        if case is not None and case.status != Status.ENDED:
            raise DecisionError("borgeren har allerede en aktiv fleksjobsag")
        if case is not None and decision.on < case.status_since:
            raise InvalidField(
                "on",
                "en ny visitation kan ikke dateres før den forrige sag blev afsluttet "
                f"({case.status_since.isoformat()})",
            )
        return Effect(to_status=Status.APPROVED_UNEMPLOYED)
    if case is None:
        raise DecisionError("borgeren har ingen fleksjobsag")
    if case.status == Status.ENDED:
        raise DecisionError("sagen er afsluttet; en ny visitation åbner en ny sag")
    if case.scheduled_on is not None:
        raise DecisionError(
            f"sagen har allerede en planlagt afgørelse pr. {case.scheduled_on.isoformat()}; "
            "annullér den eller vent, til den er trådt i kraft"
        )
    if decision.on < case.status_since:
        raise InvalidField(
            "on",
            "afgørelsen kan ikke dateres før sagens nuværende status "
            f"({_label(case.status)} fra {case.status_since.isoformat()})",
        )
    if kind is DecisionKind.PAUSE and case.status == Status.PAUSED:
        raise DecisionError("sagen er allerede sat på pause")
    if kind is DecisionKind.RESUME and case.status != Status.PAUSED:
        raise DecisionError("sagen er ikke sat på pause og kan derfor ikke genoptages")
    if kind is DecisionKind.FLEKSJOB_START and case.status == Status.IN_FLEKSJOB:
        raise DecisionError("borgeren er allerede i fleksjob")
    if kind is DecisionKind.REVIEW:
        _check_review(case, decision.on)
    return effect(case, decision)


def _check_date(case: CaseState | None, kind: DecisionKind, on: dt.date, today: dt.date) -> None:
    if on > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise InvalidField("on", "datoen må højst ligge et år ude i fremtiden")
    if kind is DecisionKind.VISITATION:
        if on > today:
            raise InvalidField("on", "en visitation kan ikke dateres i fremtiden")
        if on < EARLIEST:
            raise InvalidField("on", "fleksjobordningen fandtes ikke før 1998")
    elif case is not None and on < case.visitation_date:
        raise InvalidField(
            "on",
            f"afgørelsen kan ikke dateres før visitationen ({case.visitation_date.isoformat()})",
        )


def _check_review(case: CaseState, on: dt.date) -> None:
    if case.first_fleksjob_start is None:
        raise DecisionError(
            "borgeren har ikke haft et fleksjob endnu; revurderingen hører til det første "
            "midlertidige fleksjob"
        )
    if case.old_scheme:
        raise DecisionError(
            "et fleksjob fra før reformen i 2013 er ikke midlertidigt og revurderes ikke"
        )
    if case.permanent:
        raise DecisionError("fleksjobbet er allerede permanent")
    # An open, temporary case whose review was decided has a new temporary period (the other
    # outcomes make it permanent or end it): that period is reviewed in its turn.
    if case.reviewed_on is not None and on <= case.reviewed_on:
        raise InvalidField(
            "on",
            "en revurdering af den nye midlertidige periode dateres efter den forrige "
            f"revurdering ({case.reviewed_on.isoformat()})",
        )
    if on < case.first_fleksjob_start:
        raise InvalidField(
            "on",
            "revurderingen kan ikke dateres før det første fleksjob "
            f"({case.first_fleksjob_start.isoformat()})",
        )


def effect(case: CaseState | None, decision: Decision) -> Effect:
    """What ``decision`` does to ``case`` (checked by ``check``; the daily job applies a
    scheduled one with it on its day)."""
    kind = DecisionKind(decision.kind)
    if kind is DecisionKind.VISITATION:
        return Effect(to_status=Status.APPROVED_UNEMPLOYED)
    if kind is DecisionKind.PAUSE:
        return Effect(to_status=Status.PAUSED)
    if kind is DecisionKind.RESUME:
        back = case.before_pause if case is not None else None
        return Effect(to_status=back or Status.APPROVED_UNEMPLOYED)
    if kind is DecisionKind.END:
        return Effect(to_status=Status.ENDED, end_reason=decision.reason)
    if kind is DecisionKind.FLEKSJOB_START:
        return Effect(to_status=Status.IN_FLEKSJOB)
    outcome = ReviewOutcome(decision.reason)
    if outcome is ReviewOutcome.PERMANENT:
        return Effect(permanent=True, reviewed_on=decision.on)
    if outcome is ReviewOutcome.NEW_TEMPORARY:
        return Effect(temporary_until=next_temporary_until(case), reviewed_on=decision.on)
    return Effect(
        to_status=Status.ENDED, end_reason=EndReason.NO_LONGER_ELIGIBLE, reviewed_on=decision.on
    )


def next_temporary_until(case: CaseState | None) -> dt.date | None:
    """The end of a new temporary period of 5 years, following the current one (which ends 5 years
    after the first fleksjob started, unless the case says otherwise)."""
    if case is None or case.first_fleksjob_start is None:
        return None
    current = case.temporary_until or first_temporary_until(case.first_fleksjob_start)
    return add_months(current, TEMPORARY_MONTHS)
