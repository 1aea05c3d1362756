"""The plan shared by the citizen and the jobcentre: who a proposal or a message thread waits
for, which activity statuses may follow which, and what an agreed hours step does to the plan.

Either side proposes a change of the plan (its purpose, its cadence, an hours step) or an
activity; the proposal waits for the *other* side, who accepts or declines it with a short
reason. Nothing changes until it is accepted; until it is answered, the side that proposed it
may withdraw it. An activity has a status (planned, in progress,
done, cancelled), as in the public employment services' activity plans (NAV's aktivitetsplan);
either side may move it once it is agreed, and every move is logged. A message thread waits for
the side that did not write last, until it is closed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum

from fleksjob.core.errors import InvalidField, Refused


class Side(StrEnum):
    CITIZEN = "citizen"
    JOBCENTRE = "jobcentre"


class ProposalState(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"  # taken back by the side that proposed it, before an answer


class ActivityStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


# Done and cancelled are final: an activity taken up again is a new activity.
STATUS_MOVES: dict[ActivityStatus, frozenset[ActivityStatus]] = {
    ActivityStatus.PLANNED: frozenset(
        {ActivityStatus.IN_PROGRESS, ActivityStatus.DONE, ActivityStatus.CANCELLED}
    ),
    ActivityStatus.IN_PROGRESS: frozenset(
        {ActivityStatus.PLANNED, ActivityStatus.DONE, ActivityStatus.CANCELLED}
    ),
    ActivityStatus.DONE: frozenset(),
    ActivityStatus.CANCELLED: frozenset(),
}

REASON_MAX = 500  # a decline's short reason
BODY_MAX = 4000  # one message


def other(side: Side | str) -> Side:
    return Side.JOBCENTRE if Side(side) is Side.CITIZEN else Side.CITIZEN


def proposal_waits_for(proposed_by: Side | str, state: ProposalState | str) -> Side | None:
    """The side whose answer a proposal waits for (None once it is answered)."""
    return other(proposed_by) if ProposalState(state) is ProposalState.PENDING else None


def check_answer(
    proposed_by: Side | str,
    state: ProposalState | str,
    answering: Side | str,
    *,
    accept: bool,
    reason: str,
) -> str:
    """Refuse an answer that is not the other side's to give, or a decline without a reason;
    the reason as it will be stored (stripped; empty for an acceptance)."""
    if ProposalState(state) is not ProposalState.PENDING:
        raise Refused("forslaget er allerede besvaret")
    if Side(answering) is Side(proposed_by):
        raise Refused("et forslag besvares af den anden part")
    reason = reason.strip()
    if accept:
        return ""
    if not reason:
        raise InvalidField("reason", "skriv kort, hvorfor forslaget ikke passer")
    if len(reason) > REASON_MAX:
        raise InvalidField("reason", f"skriv højst {REASON_MAX} tegn")
    return reason


def check_withdraw(
    proposed_by: Side | str, state: ProposalState | str, withdrawing: Side | str
) -> None:
    """Refuse a withdrawal of a proposal that is answered (or withdrawn) already, or that the
    other side made: only the proposing side takes back its own proposal, and only while it
    waits for the other side."""
    if ProposalState(state) is not ProposalState.PENDING:
        raise Refused("forslaget er allerede besvaret eller trukket tilbage")
    if Side(withdrawing) is not Side(proposed_by):
        raise Refused("kun den, der har foreslået det, kan trække forslaget tilbage")


def check_move(current: ActivityStatus | str, new: ActivityStatus | str) -> None:
    """Refuse a status that may not follow the current one (done and cancelled are final)."""
    current, new = ActivityStatus(current), ActivityStatus(new)
    if new is current:
        raise Refused("aktiviteten har allerede den status")
    if new not in STATUS_MOVES[current]:
        raise Refused("en gennemført eller aflyst aktivitet kan ikke ændres")


def thread_waits_for(last_side: Side | str | None, closed: bool) -> Side | None:
    """A thread waits for the side that did not write last; a closed one waits for no one."""
    if closed or last_side is None:
        return None
    return other(last_side)


def with_step(
    steps: Iterable[tuple[dt.date, Decimal]], day: dt.date, hours: Decimal, today: dt.date
) -> list[tuple[dt.date, Decimal]]:
    """The hours steps of a plan re-agreed today with the step (day, hours) agreed: the steps
    from today on (the earlier ones stay in the replaced plan, which is kept as history), the
    new one replacing a step on the same day, sorted by date."""
    kept = {d: h for d, h in steps if d >= today}
    kept[day] = hours
    return sorted(kept.items())
