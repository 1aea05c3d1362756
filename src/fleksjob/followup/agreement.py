"""Write use cases of the plan shared with the citizen: propose a change or an activity, answer
a proposal, withdraw one's own proposal before the answer, move an activity's status. The side
(citizen or jobcentre) is the user's role, never a value from a form; the rules are
``core/casework/shared_plan``.

The callers scope: a citizen's pages pass only the citizen's own records (their login's link),
the staff pages only their municipality's (``visible_to``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from fleksjob.accounts.models import Role
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.audit.writes import write
from fleksjob.citizens.models import Approval
from fleksjob.citizens.notices import PLAN_PROPOSAL, notify
from fleksjob.core.casework import shared_plan as rules
from fleksjob.core.errors import InvalidField, Refused
from fleksjob.core.records.limits import MAX_WEEKLY_HOURS, MIN_EMPLOYMENT_HOURS
from fleksjob.core.versions import check_version, version_of
from fleksjob.followup.actions import agree_plan
from fleksjob.followup.models import (
    ActivityChange,
    ActivityKind,
    ActivityStatus,
    FollowUpPlan,
    PlanActivity,
    PlanProposal,
    ProposalKind,
    ProposalState,
    Purpose,
    Side,
)

TITLE_MAX = 200
NOTE_MAX = 500


class AgreementError(Refused):
    """A proposal or activity change the rules refuse; Danish, names no person."""


def side_of(user) -> str:
    """The citizen's side for a citizen's login, the jobcentre's for staff."""
    return Side.CITIZEN if getattr(user, "role", None) == Role.CITIZEN else Side.JOBCENTRE


def _channel(user) -> str:
    return "web" if side_of(user) == Side.CITIZEN else ""


def _open_case(approval: Approval) -> Approval:
    approval = Approval.objects.select_for_update().select_related("citizen").get(pk=approval.pk)
    if approval.status == "ended":
        raise AgreementError("sagen er afsluttet")
    return approval


def _notify(proposal: PlanProposal) -> None:
    """A proposal from the jobcentre waits for the citizen: an e-mail notice after the commit."""
    if proposal.proposed_by != Side.CITIZEN:
        notify(PLAN_PROPOSAL, proposal.pk, proposal.citizen_id)


def _note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise InvalidField("note", f"skriv højst {NOTE_MAX} tegn")
    return note


@write
def propose_change(
    user,
    approval: Approval,
    *,
    kind: str,
    purpose: str = "",
    cadence_weeks: int | None = None,
    step_date: dt.date | None = None,
    step_hours: Decimal | None = None,
    note: str = "",
    today: dt.date | None = None,
) -> PlanProposal:
    """Propose a change of the active plan's purpose, cadence or an hours step; it waits for
    the other side."""
    today = today or timezone.localdate()
    approval = _open_case(approval)
    plan = FollowUpPlan.objects.filter(approval=approval, active=True).first()
    if plan is None:
        raise AgreementError("der er ingen aftalt plan at ændre endnu")
    values: dict = {}
    if kind == ProposalKind.PURPOSE:
        if purpose not in Purpose.values:
            raise InvalidField("purpose", "vælg et formål")
        if purpose == plan.purpose:
            raise InvalidField("purpose", "planen har allerede det formål")
        values["purpose"] = purpose
    elif kind == ProposalKind.CADENCE:
        if cadence_weeks is None or not 1 <= cadence_weeks <= 130:
            raise InvalidField("cadence_weeks", "vælg mellem 1 og 130 uger")
        if cadence_weeks == plan.cadence_weeks:
            raise InvalidField("cadence_weeks", "planen følger allerede op så tit")
        values["cadence_weeks"] = cadence_weeks
    elif kind == ProposalKind.HOURS_STEP:
        if step_date is None or step_date < today:
            raise InvalidField("step_date", "vælg en dato fra i dag og frem")
        if step_hours is None or not MIN_EMPLOYMENT_HOURS <= step_hours <= MAX_WEEKLY_HOURS:
            raise InvalidField("step_hours", f"vælg mellem 0,5 og {MAX_WEEKLY_HOURS:g} timer")
        values.update(step_date=step_date, step_hours=step_hours)
    else:
        raise InvalidField("kind", "vælg, hvad du foreslår")
    if kind != ProposalKind.HOURS_STEP and (
        PlanProposal.objects.filter(
            approval=approval, kind=kind, state=ProposalState.PENDING
        ).exists()
    ):
        raise AgreementError("der er allerede et forslag om det, som venter på svar")
    proposal = PlanProposal.objects.create(
        citizen=approval.citizen,
        approval=approval,
        kind=kind,
        proposed_by=side_of(user),
        note=_note(note),
        created_by=user,
        **values,
    )
    record(
        user,
        Action.CREATE,
        proposal,
        citizen=approval.citizen,
        channel=_channel(user),
        detail=f"forslag til planen: {kind}",
    )
    _notify(proposal)
    return proposal


@write
def propose_activity(
    user,
    approval: Approval,
    *,
    title: str,
    kind: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    owner: str,
    note: str = "",
) -> PlanProposal:
    """Add an activity to the plan: it is *foreslået* until the other side accepts."""
    approval = _open_case(approval)
    title = (title or "").strip()
    if not title:
        raise InvalidField("title", "skriv, hvad aktiviteten er")
    if len(title) > TITLE_MAX:
        raise InvalidField("title", f"skriv højst {TITLE_MAX} tegn")
    if kind not in ActivityKind.values:
        raise InvalidField("kind", "vælg en type")
    if owner not in Side.values:
        raise InvalidField("owner", "vælg, hvem der gør det")
    if ends_on is not None and ends_on < starts_on:
        raise InvalidField("ends_on", "slutdatoen ligger før startdatoen")
    side = side_of(user)
    activity = PlanActivity.objects.create(
        citizen=approval.citizen,
        approval=approval,
        title=title,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        owner=owner,
        created_by_side=side,
    )
    proposal = PlanProposal.objects.create(
        citizen=approval.citizen,
        approval=approval,
        kind=ProposalKind.ACTIVITY,
        proposed_by=side,
        activity=activity,
        note=_note(note),
        created_by=user,
    )
    record(
        user,
        Action.CREATE,
        activity,
        citizen=approval.citizen,
        channel=_channel(user),
        detail="aktivitet foreslået",
    )
    _notify(proposal)
    return proposal


@write
def answer_change(
    user,
    proposal: PlanProposal,
    *,
    accept: bool,
    reason: str = "",
    expected_version: str | None = None,
    today: dt.date | None = None,
) -> PlanProposal:
    """The other side accepts a proposal (a plan change is applied through ``agree_plan``: the
    plan is agreed anew today and the old one kept as history; an activity becomes agreed) or
    declines it with a short reason (a declined activity is cancelled)."""
    today = today or timezone.localdate()
    locked = PlanProposal.objects.select_for_update().select_related("citizen").get(pk=proposal.pk)
    check_version(locked, expected_version)
    side = side_of(user)
    reason = rules.check_answer(
        locked.proposed_by, locked.state, side, accept=accept, reason=reason
    )
    approval = _open_case(locked.approval)
    if accept:
        _apply(user, locked, approval, today)
    elif locked.activity_id is not None:
        _move(user, side, locked.activity, ActivityStatus.CANCELLED)
    locked.decline_reason = reason
    state = ProposalState.ACCEPTED if accept else ProposalState.DECLINED
    return _settle(user, locked, state, "forslag aftalt" if accept else "forslag afvist")


@write
def withdraw_proposal(
    user, proposal: PlanProposal, *, expected_version: str | None = None
) -> PlanProposal:
    """The side that proposed a change or an activity takes it back before the other side
    answers (an answered one is refused: 409); a withdrawn activity is cancelled, its move
    logged as any other."""
    locked = PlanProposal.objects.select_for_update().select_related("citizen").get(pk=proposal.pk)
    check_version(locked, expected_version)
    side = side_of(user)
    rules.check_withdraw(locked.proposed_by, locked.state, side)
    if locked.activity_id is not None:
        activity = PlanActivity.objects.select_for_update().get(pk=locked.activity_id)
        _move(user, side, activity, ActivityStatus.CANCELLED)
    return _settle(user, locked, ProposalState.WITHDRAWN, "forslag trukket tilbage")


def _settle(user, locked: PlanProposal, state: str, detail: str) -> PlanProposal:
    """The proposal answered or withdrawn by ``user`` now, saved and audited."""
    locked.state = state
    locked.answered_by = user
    locked.answered_at = timezone.now()
    locked.save()
    record(
        user, Action.UPDATE, locked, citizen=locked.citizen, channel=_channel(user), detail=detail
    )
    return locked


def _apply(user, proposal: PlanProposal, approval: Approval, today: dt.date) -> None:
    if proposal.kind == ProposalKind.ACTIVITY:
        activity = PlanActivity.objects.select_for_update().get(pk=proposal.activity_id)
        activity.agreed_at = timezone.now()
        activity.save(update_fields=["agreed_at", "updated_at"])
        return
    plan = FollowUpPlan.objects.select_for_update().filter(approval=approval, active=True).first()
    if plan is None:
        raise AgreementError("der er ingen aftalt plan at ændre")
    steps = [(s.target_date, s.hours_per_week) for s in plan.hours_steps.order_by("target_date")]
    if proposal.kind == ProposalKind.HOURS_STEP:
        if proposal.step_date < today:
            raise AgreementError("timetrinnets dato er passeret; foreslå et nyt")
        steps = rules.with_step(steps, proposal.step_date, proposal.step_hours, today)
    else:
        steps = [(d, h) for d, h in steps if d >= today]
    new = agree_plan(
        user,
        approval,
        purpose=proposal.purpose or plan.purpose,
        cadence_weeks=proposal.cadence_weeks or plan.cadence_weeks,
        agreed_on=today,
        agreed_text=plan.agreed_text,
        steps=steps,
        expected_version=version_of(plan),
    )
    # A change agreed between meetings never moves a follow-up already due later.
    if plan.next_due < new.next_due:
        new.next_due = plan.next_due
        new.save(update_fields=["next_due", "updated_at"])


def _move(user, side: str, activity: PlanActivity, status: str) -> None:
    rules.check_move(activity.status, status)
    ActivityChange.objects.create(
        activity=activity,
        side=side,
        changed_by=user,
        from_status=activity.status,
        to_status=status,
    )
    activity.status = status
    activity.save(update_fields=["status", "updated_at"])


@write
def set_activity_status(
    user, activity: PlanActivity, *, status: str, expected_version: str | None = None
) -> PlanActivity:
    """Either side moves an agreed activity's status; the move is logged as its history."""
    locked = PlanActivity.objects.select_for_update().select_related("citizen").get(pk=activity.pk)
    check_version(locked, expected_version)
    if status not in ActivityStatus.values:
        raise InvalidField("status", "vælg en status")
    if locked.agreed_at is None:
        raise AgreementError("aktiviteten er ikke aftalt endnu")
    _move(user, side_of(user), locked, status)
    record(
        user,
        Action.UPDATE,
        locked,
        citizen=locked.citizen,
        channel=_channel(user),
        detail=f"aktivitet: {status}",
    )
    return locked
