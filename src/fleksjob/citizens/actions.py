"""Write use cases for citizens and their cases: one function per use case, each audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError
from django.utils import timezone

from fleksjob.audit.log import event, record, record_all
from fleksjob.audit.models import Action
from fleksjob.audit.writes import CHUNK, chunked, refusing_row, write
from fleksjob.citizens.consent import rows_for_all
from fleksjob.citizens.models import (
    Approval,
    CaseDecision,
    Citizen,
    ConsentChange,
    StatusTransition,
)
from fleksjob.citizens.ownership import assign_case
from fleksjob.citizens.protection import protector
from fleksjob.core.casework.consent import Via
from fleksjob.core.errors import InvalidField, Refused, RowRefused
from fleksjob.core.hooks import Hooks
from fleksjob.core.rules import cpr as cpr_rules
from fleksjob.core.rules import decisions as rules
from fleksjob.core.rules.case_status import Status, check_transition
from fleksjob.core.rules.deadlines import temporary_until
from fleksjob.core.rules.decisions import DecisionKind
from fleksjob.core.versions import check_version
from fleksjob.ui.records import clean_row

# Filled by fleksjob.employment (a floor above) in its AppConfig.ready.
to_employment = Hooks("fleksjob.employment")


class DuplicateCPR(Refused):
    """The CPR number is already registered in the user's municipality (409)."""


# Only a duplicate in the user's own municipality is refused (they may know their own
# citizens); a CPR held by another municipality is treated exactly like an unknown one.
DUPLICATE_IN_MUNICIPALITY = "der findes allerede en borger med dette CPR-nummer i din kommune"


def _new_citizen(
    municipality_id: str, cpr: str, fields: dict[str, Any], now: dt.datetime
) -> Citizen:
    """The unsaved citizen of one registration: the CPR number parsed, encrypted and hashed
    (InvalidCPR for a malformed one), consent dated. Shared by the single and the bulk write."""
    parsed = cpr_rules.parse(cpr)
    protect = protector()
    if fields.get("consent_share_profile") and not fields.get("consent_recorded_at"):
        fields["consent_recorded_at"] = now
    return Citizen(
        municipality_id=municipality_id,
        cpr_encrypted=protect.encrypt(parsed.digits),
        cpr_hash=protect.lookup_hash(parsed.digits),
        birth_date=parsed.birth_date,
        sex=parsed.sex,
        **fields,
    )


def _opened_case(
    user, citizen: Citizen, visitation_date: dt.date
) -> tuple[Approval, StatusTransition]:
    """The unsaved case of a new citizen (approved, unemployed) and its first transition."""
    approval = Approval(
        citizen=citizen,
        visitation_date=visitation_date,
        status=Status.APPROVED_UNEMPLOYED,
        status_since=visitation_date,
    )
    transition = StatusTransition(
        approval=approval, to_status=Status.APPROVED_UNEMPLOYED, on=visitation_date, by=user
    )
    return approval, transition


@write
def register_citizen(
    user,
    *,
    cpr: str,
    visitation_date: dt.date,
    municipality_id: str,
    channel: str = "web",
    **fields,
) -> Citizen:
    """Create a citizen and the fleksjob case (approved, unemployed) from a visitation decision.

    Whether another municipality holds the CPR is never looked up: the answer must not depend
    on it (a citizen who moved is registered anew; their old case comes by case transfer).
    ``register_citizens`` is the bulk variant."""
    citizen = _saved_citizen(user, municipality_id, cpr, fields, channel)
    approval, transition = _opened_case(user, citizen, visitation_date)
    approval.save()
    transition.save()
    return citizen


def _saved_citizen(
    user, municipality_id: str, cpr: str, fields: dict[str, Any], channel: str
) -> Citizen:
    """A new citizen saved and audited; DuplicateCPR for a CPR already registered here."""
    citizen = _new_citizen(municipality_id, cpr, fields, timezone.now())
    if Citizen.objects.filter(municipality_id=municipality_id, cpr_hash=citizen.cpr_hash).exists():
        raise DuplicateCPR(DUPLICATE_IN_MUNICIPALITY)
    citizen.full_clean()
    citizen.save()
    ConsentChange.objects.bulk_create(_registered_consent(user, [citizen]))
    record(user, Action.CREATE, citizen, citizen=citizen, channel=channel)
    return citizen


def _registered_consent(user, citizens: Sequence[Citizen]) -> list[ConsentChange]:
    """The consent history of new citizens registered with consent to share the profile:
    every item given as of the consent's date (docs/selfservice.md, consent item by item)."""
    return [
        row
        for c in citizens
        if c.consent_share_profile
        for row in rows_for_all(c, user, given=True, at=c.consent_recorded_at, via=Via.REGISTRATION)
    ]


@write
def register_citizens(
    user,
    rows: Sequence[Mapping[str, Any]],
    *,
    municipality_id: str,
    channel: str = "web",
) -> list[Citizen]:
    """Bulk variant of :func:`register_citizen`: each row holds its keywords (``cpr``,
    ``visitation_date`` and the citizen's fields) and means what it means there; every row is
    written, with its case, status history and audit event, or none is.

    All rows are checked first (a CPR number twice in ``rows`` or already registered in the
    municipality is a DuplicateCPR, as the single write refuses it); the first refused row is
    raised as RowRefused (index and field, never the value). Then the rows are inserted in
    chunks: a few queries per chunk instead of a dozen per row."""
    now = timezone.now()
    citizens: list[Citizen] = []
    dates: list[dt.date] = []
    first_of: dict[str, int] = {}
    for index, row in enumerate(rows):
        fields = dict(row)
        cpr, visitation_date = fields.pop("cpr"), fields.pop("visitation_date")
        with refusing_row(index, field="cpr"):
            citizen = _new_citizen(municipality_id, cpr, fields, now)
            if citizen.cpr_hash in first_of:
                raise DuplicateCPR(DUPLICATE_IN_MUNICIPALITY)
        first_of[citizen.cpr_hash] = index
        dates.append(visitation_date)
        with refusing_row(index):
            clean_row(citizen, exclude={"municipality"})
        citizens.append(citizen)
    if citizens:
        # One scope check of the municipality for all rows (full_clean's per-row query).
        Citizen(municipality_id=municipality_id).clean_fields(exclude=_ALL_BUT_MUNICIPALITY)
    own = Citizen.objects.filter(municipality_id=municipality_id)
    for chunk in chunked(list(first_of)):
        taken = own.filter(cpr_hash__in=chunk).values_list("cpr_hash", flat=True)
        if found := sorted(first_of[h] for h in taken):
            raise RowRefused(found[0], DuplicateCPR(DUPLICATE_IN_MUNICIPALITY), "cpr")
    Citizen.objects.bulk_create(citizens, batch_size=CHUNK)
    cases = [_opened_case(user, c, d) for c, d in zip(citizens, dates, strict=True)]
    Approval.objects.bulk_create([approval for approval, _ in cases], batch_size=CHUNK)
    StatusTransition.objects.bulk_create([t for _, t in cases], batch_size=CHUNK)
    ConsentChange.objects.bulk_create(_registered_consent(user, citizens), batch_size=CHUNK)
    record_all(event(user, Action.CREATE, c, citizen=c, channel=channel) for c in citizens)
    return citizens


_ALL_BUT_MUNICIPALITY = [f.name for f in Citizen._meta.fields if f.name != "municipality"]


@write
def change_case_status(
    user, approval: Approval, to_status: str, *, on: dt.date, end_reason: str = "", note: str = ""
) -> Approval:
    """Move a case through its state machine, logging the transition."""
    locked = Approval.objects.select_for_update().get(pk=approval.pk)
    _transition(user, locked, to_status, on=on, end_reason=end_reason, note=note)
    return locked


def _transition(
    user, locked: Approval, to_status: str, *, on: dt.date, end_reason: str = "", note: str = ""
) -> StatusTransition:
    """The status change of a locked case: checked, logged, saved and audited."""
    check_transition(locked.status, to_status, end_reason or None)
    if on < locked.status_since:
        raise InvalidField("on", "et statusskift kan ikke dateres før den nuværende status")
    transition = StatusTransition.objects.create(
        approval=locked,
        from_status=locked.status,
        to_status=to_status,
        on=on,
        reason=end_reason or note[:200],
        by=user,
    )
    locked.status, locked.status_since, locked.ended_reason = to_status, on, end_reason
    locked.save(update_fields=["status", "status_since", "ended_reason"])
    record(user, Action.UPDATE, locked, citizen=locked.citizen, detail=f"status → {to_status}")
    return transition


# --- Case decisions (docs/decisions.md): one write function per decision ---------------------

SYSTEM_DECISIONS = "system:case-decisions"  # the actor of the daily job that applies decisions


def _case_state(case: Approval | None) -> rules.CaseState | None:
    """What the decision rules read of a (locked) case: two small queries."""
    if case is None:
        return None
    scheduled = case.decisions.scheduled().order_by("on").values_list("on", flat=True).first()
    before = None
    if case.status == Status.PAUSED:
        before = (
            case.transitions.filter(to_status=Status.PAUSED)
            .order_by("-on", "-id")
            .values_list("from_status", flat=True)
            .first()
        )
    return rules.CaseState(
        status=case.status,
        status_since=case.status_since,
        visitation_date=case.visitation_date,
        first_fleksjob_start=case.first_fleksjob_start,
        temporary_until=case.temporary_until,
        permanent=case.permanent,
        old_scheme=case.old_scheme,
        reviewed_on=case.reviewed_on,
        scheduled_on=scheduled,
        before_pause=before or None,
    )


def current_case(citizen: Citizen) -> Approval | None:
    """The citizen's case decisions act on: the active one, else the latest (ended) one."""
    return citizen.approvals.order_by("-visitation_date", "-pk").first()


def preview_decision(citizen: Citizen, decision: rules.Decision, *, today: dt.date) -> rules.Effect:
    """What ``decision`` would do to the citizen's current case, refused exactly as the write
    function would refuse it (the confirmation step of the pages reads it; nothing is locked or
    written)."""
    return rules.check(_case_state(current_case(citizen)), decision, today)


def _locked_case(user, approval: Approval) -> Approval:
    # Defence in depth: callers fetch through visible_to; another municipality's case is a 404.
    return (
        Approval.objects.visible_to(user)
        .select_for_update()
        .select_related("citizen")
        .get(pk=approval.pk)
    )


def _decide(
    user,
    case: Approval,
    decision: rules.Decision,
    *,
    today: dt.date | None,
    channel: str,
    checked: rules.Effect | None = None,
) -> CaseDecision:
    """Check ``decision`` on the locked ``case`` (unless the caller did: ``checked``), record it,
    and apply it now unless it is dated after today (then the daily job applies it on its day)."""
    today = today or timezone.localdate()
    effect = checked or rules.check(_case_state(case), decision, today)
    made = CaseDecision.objects.create(
        approval=case,
        kind=decision.kind,
        on=decision.on,
        legal_basis=decision.legal_basis,
        reason=decision.reason,
        justification=decision.justification.strip(),
        by=user if getattr(user, "is_authenticated", False) else None,
    )
    scheduled = decision.on > today
    record(
        user,
        Action.CREATE,
        made,
        citizen=case.citizen,
        channel=channel,
        detail=f"afgørelse: {decision.kind}" + (" (planlagt)" if scheduled else ""),
    )
    if not scheduled:
        _apply(user, case, made, effect, today)
    return made


def _apply(user, case: Approval, made: CaseDecision, effect: rules.Effect, today: dt.date) -> None:
    """Carry out a decision's effect on its locked case, and mark it applied."""
    fields: list[str] = []
    if effect.to_status == Status.IN_FLEKSJOB:
        # Ledighedsydelse stops the day before the fleksjob starts.
        for spell in case.benefit_spells.filter(end__isnull=True):
            spell.end = max(spell.start, made.on - dt.timedelta(days=1))
            spell.save(update_fields=["end"])
        if case.first_fleksjob_start is None:
            case.first_fleksjob_start = made.on
            case.temporary_until = temporary_until(made.on)
            fields += ["first_fleksjob_start", "temporary_until"]
    if effect.to_status == Status.ENDED:
        for spell in case.benefit_spells.filter(end__isnull=True):
            spell.end = max(spell.start, made.on)
            spell.save(update_fields=["end"])
        # The fleksjob ends with the case; employments belong to the floor above.
        to_employment.call("end_with_case", user, case, made.on)
    if effect.permanent is not None:
        case.permanent = effect.permanent
        fields.append("permanent")
    if effect.temporary_until is not None:
        case.temporary_until = effect.temporary_until
        fields.append("temporary_until")
    if effect.reviewed_on is not None:
        case.reviewed_on = effect.reviewed_on
        fields.append("reviewed_on")
    if fields:
        case.save(update_fields=fields)
    if effect.to_status is not None and effect.to_status != case.status:
        note = rules.LABELS_DA[made.kind]
        made.transition = _transition(
            user, case, effect.to_status, on=made.on, end_reason=effect.end_reason, note=note
        )
    made.applied_on = max(today, made.on)
    made.save(update_fields=["applied_on", "transition"])


def _decision(kind: str, on: dt.date, legal_basis: str, justification: str, reason: str = ""):
    return rules.Decision(kind, on, legal_basis, justification, reason)


@write
def decide_visitation(
    user,
    citizen: Citizen,
    *,
    on: dt.date,
    legal_basis: str,
    justification: str,
    today: dt.date | None = None,
    channel: str = "web",
) -> CaseDecision:
    """Visitation of a registered citizen without an active case (the first case, or a new one
    after an ended case): a new case, approved and unemployed from ``on`` (not in the future)."""
    locked = Citizen.objects.visible_to(user).select_for_update().get(pk=citizen.pk)
    previous = locked.approvals.order_by("-visitation_date", "-pk").first()
    decision = _decision(DecisionKind.VISITATION, on, legal_basis, justification)
    effect = rules.check(_case_state(previous), decision, today or timezone.localdate())
    return _open_case(user, locked, decision, effect, today=today, channel=channel)


def _open_case(
    user,
    citizen: Citizen,
    decision: rules.Decision,
    effect: rules.Effect,
    *,
    today: dt.date | None,
    channel: str,
) -> CaseDecision:
    """The new case a checked visitation opens, with its first transition and the decision."""
    case, transition = _opened_case(user, citizen, decision.on)
    case.save()
    transition.save()
    made = _decide(user, case, decision, today=today, channel=channel, checked=effect)
    made.transition = transition
    made.save(update_fields=["transition"])
    return made


@write
def register_by_visitation(
    user,
    *,
    cpr: str,
    on: dt.date,
    legal_basis: str,
    justification: str,
    municipality_id: str,
    take_case: bool = False,
    today: dt.date | None = None,
    channel: str = "web",
    **fields,
) -> CaseDecision:
    """A citizen new to the municipality, registered with the visitation decision that opens
    their case: the citizen, the case (approved, unemployed from ``on``) and the decision, or
    nothing. Refused as :func:`register_citizen` (a CPR already registered here) and as
    :func:`decide_visitation` (a date ahead, an unknown legal basis). The case starts in the
    queue, or with ``take_case`` held by the caseworker who registers it."""
    decision = _decision(DecisionKind.VISITATION, on, legal_basis, justification)
    effect = rules.check(None, decision, today or timezone.localdate())
    citizen = _saved_citizen(user, municipality_id, cpr, fields, channel)
    made = _open_case(user, citizen, decision, effect, today=today, channel=channel)
    if take_case:
        assign_case(user, made.approval, caseworker=user.username, channel=channel)
    return made


@write
def pause_case(
    user,
    approval: Approval,
    *,
    on: dt.date,
    reason: str,
    legal_basis: str,
    justification: str,
    today: dt.date | None = None,
    channel: str = "web",
) -> CaseDecision:
    """Pause a case from ``on`` (sickness, leave, other)."""
    case = _locked_case(user, approval)
    decision = _decision(DecisionKind.PAUSE, on, legal_basis, justification, reason)
    return _decide(user, case, decision, today=today, channel=channel)


@write
def resume_case(
    user,
    approval: Approval,
    *,
    on: dt.date,
    legal_basis: str,
    justification: str,
    today: dt.date | None = None,
    channel: str = "web",
) -> CaseDecision:
    """Resume a paused case from ``on``, back to the status it was paused from."""
    case = _locked_case(user, approval)
    decision = _decision(DecisionKind.RESUME, on, legal_basis, justification)
    return _decide(user, case, decision, today=today, channel=channel)


@write
def end_case(
    user,
    approval: Approval,
    *,
    on: dt.date,
    reason: str,
    legal_basis: str,
    justification: str,
    today: dt.date | None = None,
    channel: str = "web",
) -> CaseDecision:
    """End a case on ``on`` with a reason (pension, ordinary job, no longer eligible, ...)."""
    case = _locked_case(user, approval)
    decision = _decision(DecisionKind.END, on, legal_basis, justification, reason)
    return _decide(user, case, decision, today=today, channel=channel)


@write
def decide_review(
    user,
    approval: Approval,
    *,
    on: dt.date,
    outcome: str,
    legal_basis: str,
    justification: str,
    today: dt.date | None = None,
    channel: str = "web",
) -> CaseDecision:
    """The outcome of the review 4½ years into the first fleksjob: a permanent fleksjob, a new
    temporary period of 5 years, or the end of the case (no longer eligible). It meets the
    review deadline."""
    case = _locked_case(user, approval)
    decision = _decision(DecisionKind.REVIEW, on, legal_basis, justification, outcome)
    return _decide(user, case, decision, today=today, channel=channel)


def make_decision(
    user, citizen: Citizen, decision: rules.Decision, *, today: dt.date, channel: str
) -> CaseDecision:
    """Hand a decision a page or the API took in to its write function (the case is the
    citizen's current one; a visitation takes the citizen)."""
    common = {
        "on": decision.on,
        "legal_basis": decision.legal_basis,
        "justification": decision.justification,
        "today": today,
        "channel": channel,
    }
    kind = DecisionKind(decision.kind)
    if kind is DecisionKind.VISITATION:
        return decide_visitation(user, citizen, **common)
    case = current_case(citizen)
    if case is None:
        raise rules.DecisionError("borgeren har ingen fleksjobsag")
    if kind is DecisionKind.PAUSE:
        return pause_case(user, case, reason=decision.reason, **common)
    if kind is DecisionKind.RESUME:
        return resume_case(user, case, **common)
    if kind is DecisionKind.END:
        return end_case(user, case, reason=decision.reason, **common)
    if kind is DecisionKind.REVIEW:
        return decide_review(user, case, outcome=decision.reason, **common)
    raise InvalidField("kind", "denne afgørelse træffes ikke her")


FLEKSJOB_START_BASIS = "lab_116"


def enter_fleksjob(user, case: Approval, *, on: dt.date, today: dt.date | None = None) -> None:
    """The case's start in fleksjob on ``on`` (a hire; called inside the hire's write, with the
    case locked): at once when ``on`` is today or earlier, else scheduled for that day, so until
    then the case counts as unemployed (its ledighedsydelse spell stays open)."""
    decision = _decision(DecisionKind.FLEKSJOB_START, on, FLEKSJOB_START_BASIS, "")
    _decide(user, case, decision, today=today, channel="")


@write
def cancel_decision(user, decision: CaseDecision) -> CaseDecision:
    """Withdraw a scheduled decision before its day (it stays in the log, marked cancelled)."""
    found = CaseDecision.objects.visible_to(user).get(pk=decision.pk)
    _locked_case(user, found.approval)
    locked = CaseDecision.objects.select_for_update().get(pk=found.pk)
    if locked.applied_on is not None or locked.cancelled_at is not None:
        raise rules.DecisionError("afgørelsen er ikke længere planlagt og kan ikke annulleres")
    locked.cancelled_at = timezone.now()
    locked.save(update_fields=["cancelled_at"])
    record(
        user,
        Action.UPDATE,
        locked,
        citizen=locked.approval.citizen,
        detail=f"afgørelse annulleret: {locked.kind}",
    )
    return locked


@write
def apply_decision(decision_id: int, *, as_of: dt.date) -> CaseDecision | None:
    """Apply one scheduled decision whose day has come (the daily job's write); None when it was
    applied or cancelled meanwhile. Its status change is logged as made by the decision's maker,
    the audit event by the system job."""
    case_id = CaseDecision.objects.filter(pk=decision_id).values_list("approval_id", flat=True)
    case = Approval.objects.select_for_update().select_related("citizen").get(pk=case_id[:1])
    made = CaseDecision.objects.scheduled().filter(pk=decision_id, on__lte=as_of).first()
    if made is None:
        return None
    state = _case_state(case)
    assert state is not None
    decision = _decision(made.kind, made.on, made.legal_basis, made.justification, made.reason)
    effect = rules.effect(state, decision)
    _apply(made.by, case, made, effect, as_of)
    record(
        None,
        Action.UPDATE,
        made,
        citizen=case.citizen,
        actor=SYSTEM_DECISIONS,
        detail=f"afgørelse trådt i kraft: {made.kind}",
    )
    return made


@dataclass
class ApplyReport:
    due: int = 0
    selected: int = 0
    applied: int = 0
    failed: int = 0

    @property
    def remaining(self) -> int:
        return self.due - self.applied


def apply_due_decisions(*, as_of: dt.date, limit: int, on_applied=None) -> ApplyReport:
    """Apply at most ``limit`` scheduled decisions whose day has come (oldest first), each in its
    own transaction; one that fails (its case changed in a way the state machine refuses) is
    rolled back, counted and left for the next run. Bounded, idempotent, safe to re-run."""
    due = CaseDecision.objects.scheduled().filter(on__lte=as_of).order_by("on", "pk")
    chosen = list(due.values_list("pk", flat=True)[:limit])
    report = ApplyReport(due=due.count(), selected=len(chosen))
    for done, pk in enumerate(chosen, start=1):
        try:
            applied = apply_decision(pk, as_of=as_of)
        except (Refused, InvalidField, IntegrityError):
            report.failed += 1
            continue
        report.applied += applied is not None
        if on_applied is not None:
            on_applied(done)
    return report


def reveal_cpr(user, citizen: Citizen) -> str:
    """Decrypt a citizen's CPR for display to an authorised user; every reveal is audited."""
    record(user, Action.VIEW, citizen, citizen=citizen, detail="CPR vist")
    return str(cpr_rules.parse(protector().decrypt(citizen.cpr_encrypted)))


@write
def update_profile(
    user, citizen: Citizen, changes: dict, *, expected_version: str | None = None
) -> Citizen:
    """Save a validated profile edit made from version ``expected_version`` of the profile
    (StaleVersion if someone saved since, VersionRequired without one); the audit names the
    changed fields, never their values."""
    locked = Citizen.objects.select_for_update().get(pk=citizen.pk)
    check_version(locked, expected_version)
    changed = sorted(name for name, value in changes.items() if getattr(locked, name) != value)
    if not changed:
        return locked
    if "consent_share_profile" in changed:
        # The single consent to share the profile gives or withdraws every item at once.
        locked.consent_recorded_at = timezone.now()
        ConsentChange.objects.bulk_create(
            rows_for_all(
                locked,
                user,
                given=changes["consent_share_profile"],
                at=locked.consent_recorded_at,
                via=Via.STAFF,
            )
        )
    for name in changed:
        setattr(locked, name, changes[name])
    locked.full_clean()
    locked.save()
    record(user, Action.UPDATE, locked, citizen=locked, detail="ændret: " + ", ".join(changed))
    return locked
