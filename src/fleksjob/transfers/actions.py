"""Write use cases of case transfer (kommuneskift): request, release, refuse, settle at the
deadline. Each owns its transaction and its row locks (the request first, then the citizens),
audits on both sides, and raises ``TransferError`` (409) for a step the request's state no longer
allows, so of two racing answers the loser gets a clear refusal and nothing half-written.

Nothing here looks up whether another municipality holds the CPR number when a request is made:
the request is written the same way either way, and matched only when it is read or released.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fleksjob.accounts.permissions import may_transfer_cases
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.audit.writes import write
from fleksjob.citizens.consent import resync as resync_consent
from fleksjob.citizens.models import (
    Approval,
    BenefitSpell,
    CaseDecision,
    Citizen,
    NoticeSetting,
    StatusTransition,
)
from fleksjob.citizens.protection import protector
from fleksjob.core.casework.placement_flow import NotHiredReason, Stage
from fleksjob.core.casework.transfer import (
    LABELS_DA,
    Answer,
    Case,
    Plan,
    RequestStatus,
    Spell,
    TransferError,
    clean_reason,
    is_due,
    plan_merge,
    release_by,
    settled_status,
)
from fleksjob.core.rules import cpr as cpr_rules
from fleksjob.followup.models import FollowUpPlan
from fleksjob.municipalities.models import Municipality
from fleksjob.placements.actions import move_placement
from fleksjob.placements.models import MatchResult, Placement
from fleksjob.pools.actions import close_for_move
from fleksjob.transfers.models import CaseTransfer, CaseTransferAnswer, holders

SYSTEM_TRANSFER = "system:overflytning"  # the actor of releases made by the deadline run
MOVED_NOTE = "Borgeren er flyttet til en anden kommune; sagen er overført."
ALREADY_OPEN = "der er allerede en åben anmodning om overflytning for dette CPR-nummer"
ALREADY_ANSWERED = "anmodningen er allerede besvaret af jeres kommune"
SETTLED = "anmodningen er afsluttet ved fristen og kan ikke længere besvares"


def confirmation(transfer: CaseTransfer) -> str:
    """The one answer a requester gets, whether or not a case exists anywhere."""
    return _(
        "Anmodningen er registreret. Findes der en sag i en anden kommune, overføres den, når "
        "kommunen frigiver den, senest %(date)s."
    ) % {"date": date_format(transfer.release_by, "j. F Y")}


@write
def request_transfer(user, *, cpr: str) -> CaseTransfer:
    """File a request for the case of the person with this CPR number (InvalidCPR if malformed;
    TransferError if the municipality already has an open request for the same person)."""
    if not may_transfer_cases(user):
        raise PermissionDenied
    digits = cpr_rules.parse(cpr).digits
    lookup = protector().lookup_hash(digits)
    now = timezone.now()
    mine = CaseTransfer.objects.open().filter(requesting_municipality_id=user.municipality_id)
    if mine.filter(cpr_hash=lookup).exists():
        raise TransferError(ALREADY_OPEN)
    try:
        with transaction.atomic():
            transfer = CaseTransfer.objects.create(
                requesting_municipality_id=user.municipality_id,
                requested_by=user,
                requested_at=now,
                release_by=release_by(
                    timezone.localdate(now), settings.FLEKSJOB["TRANSFER_RELEASE_DAYS"]
                ),
                cpr_hash=lookup,
                cpr_encrypted=protector().encrypt(digits),
            )
    except IntegrityError:  # the same request filed at the same moment by a colleague
        raise TransferError(ALREADY_OPEN) from None
    record(user, Action.CREATE, transfer, detail="anmodning om overflytning: 1 CPR-nummer")
    return transfer


def _lock(transfer_id: int) -> CaseTransfer:
    return (
        CaseTransfer.objects.select_for_update(of=("self",))
        .select_related("requesting_municipality", "requested_by")
        .get(pk=transfer_id)
    )


def _open_for_answer(transfer: CaseTransfer, code: str) -> CaseTransfer:
    """The request locked, still open and not yet answered by municipality ``code``."""
    locked = _lock(transfer.pk)
    if locked.closed_at is not None:
        raise TransferError(SETTLED)
    if code == locked.requesting_municipality_id:
        raise TransferError("en kommune kan ikke besvare sin egen anmodning")
    if locked.answers.filter(municipality_id=code).exists():
        raise TransferError(ALREADY_ANSWERED)
    return locked


def _answer(locked: CaseTransfer, code: str, user, answer: Answer, reason: str = "") -> None:
    try:
        with transaction.atomic():
            CaseTransferAnswer.objects.create(
                transfer=locked,
                municipality_id=code,
                answer=answer,
                reason=reason,
                answered_by=user,
            )
    except IntegrityError:  # the unique key backs the row lock up
        raise TransferError(ALREADY_ANSWERED) from None


def _held_by(locked: CaseTransfer, code: str) -> Citizen:
    citizen = holders(code, locked.cpr_hash).select_for_update().first()
    if citizen is None:
        raise TransferError("borgeren findes ikke længere i jeres kommune")
    return citizen


@write
def release_transfer(user, transfer: CaseTransfer, *, today: dt.date | None = None) -> CaseTransfer:
    """The user's municipality releases its case to the requesting municipality."""
    if not may_transfer_cases(user):
        raise PermissionDenied
    locked = _open_for_answer(transfer, user.municipality_id)
    _release(locked, user.municipality_id, user, today or timezone.localdate())
    return locked


@write
def refuse_transfer(user, transfer: CaseTransfer, *, reason: str) -> CaseTransfer:
    """The user's municipality refuses (e.g. "borgeren er ikke flyttet"). The requester is not
    told: the request reads "pending" until the deadline, like one that matched no one."""
    if not may_transfer_cases(user):
        raise PermissionDenied
    text = clean_reason(reason)
    locked = _open_for_answer(transfer, user.municipality_id)
    citizen = _held_by(locked, user.municipality_id)
    _answer(locked, user.municipality_id, user, Answer.REFUSED, text)
    record(
        user,
        Action.UPDATE,
        locked,
        citizen=citizen,
        detail=f"anmodning om overflytning fra {locked.requesting_municipality.name} afvist",
    )
    return locked


def _release(locked: CaseTransfer, code: str, user, today: dt.date) -> Citizen:
    """Move the case of ``code``'s citizen to the requesting municipality (inside the caller's
    transaction, the request row locked): the citizen with everything tied to them, or, when the
    requester already holds a record of the person, merged into that record."""
    source = _held_by(locked, code)
    _answer(locked, code, user, Answer.RELEASED)
    receiver = locked.requesting_municipality
    sender = Municipality.objects.get(pk=code)
    who = user.username if user is not None else "automatisk ved fristen"
    on = timezone.localdate(locked.requested_at)
    requested = f"anmodet af {locked.requested_by.username} {on:%Y-%m-%d}"
    actor = "" if user is not None else SYSTEM_TRANSFER
    # The sending side's entry, while the record is still theirs.
    record(
        user,
        Action.UPDATE,
        source,
        citizen=source,
        detail=f"sag overført til {receiver.name}; {requested}; frigivet af {who}",
        actor=actor,
    )
    _close_open_placements(user, source, receiver.code, today, actor)
    # Places in the sending municipality's fleksjob pools are its own: freed (docs/pools.md).
    close_for_move(user, source, on=today, actor=actor)
    # Batch-run results point at the sender's positions and show on its run page: derived data,
    # recomputed by the next run; the receiving municipality's own runs keep theirs.
    MatchResult.objects.filter(citizen=source).exclude(run__municipality_id=receiver.code).delete()
    # The sending municipality's caseworker and consultant do not come along: the moved case
    # waits in the receiving municipality's queue of unassigned cases.
    Approval.objects.filter(citizen=source).update(caseworker=None, consultant=None)
    local = holders(receiver.code, locked.cpr_hash).select_for_update().first()
    if local is None:
        source.municipality = receiver
        source.save(update_fields=["municipality", "updated_at"])
        moved = source
    else:
        moved = _merge(source, local)
    if locked.status == RequestStatus.PENDING:
        locked.status = RequestStatus.TRANSFERRED
        locked.save(update_fields=["status"])
    record(
        user,
        Action.UPDATE,
        moved,
        citizen=moved,
        detail=f"sag modtaget fra {sender.name}; {requested}; frigivet af {who}",
        actor=actor,
    )
    return moved


def _close_open_placements(user, citizen: Citizen, receiver: str, today: dt.date, actor: str):
    """Open proposals for positions outside the receiving municipality end as not hired (the
    citizen moved away); they move with the case as history. Employments continue as they are."""
    placements = (
        Placement.objects.open()
        .filter(citizen=citizen)
        .exclude(position__employer__municipality_id=receiver)
    )
    for placement in placements:
        move_placement(
            user,
            placement,
            Stage.NOT_HIRED,
            on=max(today, placement.stage_since),
            reason=NotHiredReason.OTHER,
            note=MOVED_NOTE,
            actor=actor,
        )


def _merge(source: Citizen, local: Citizen) -> Citizen:
    """Move every record tied to ``source`` onto the receiving municipality's ``local`` record of
    the same person and remove ``source``. The local profile fields win; the moved case's dates
    stay as they are (``plan_merge`` says what gives way)."""
    cases = {
        c: list(Approval.objects.select_for_update().filter(citizen=c).values_list("pk", "status"))
        for c in (source, local)
    }
    spells = {
        c: list(BenefitSpell.objects.filter(citizen=c).values_list("pk", "start", "end"))
        for c in (source, local)
    }
    plans = {
        c: list(
            FollowUpPlan.objects.filter(citizen=c, active=True).values_list(
                "pk", "approval_id", "agreed_on"
            )
        )
        for c in (source, local)
    }
    plan = plan_merge(
        *[[Case(pk, status != "ended") for pk, status in cases[c]] for c in (local, source)],
        *[[Spell(pk, start, end is None) for pk, start, end in spells[c]] for c in (local, source)],
        *[[Plan(*row) for row in plans[c]] for c in (local, source)],
    )
    if plan.local_spell is not None:
        spell_id, end = plan.local_spell
        if end is None:
            BenefitSpell.objects.filter(pk=spell_id).delete()
        else:
            BenefitSpell.objects.filter(pk=spell_id).update(end=end, updated_at=timezone.now())
    FollowUpPlan.objects.filter(pk__in=plan.deactivate_plans).update(active=False)
    if plan.fold is not None:
        local_case, moved_case = plan.fold
        # A case has at most one scheduled decision: the moved case's stands, the stand-in's
        # is cancelled (and kept in the log of decisions).
        if CaseDecision.objects.scheduled().filter(approval=moved_case).exists():
            now = timezone.now()
            CaseDecision.objects.scheduled().filter(approval=local_case).update(
                cancelled_at=now, updated_at=now
            )
        # Everything on the local stand-in case continues on the moved case; the stand-in and
        # its own status log go (the audit log keeps that it was created).
        for relation in Approval._meta.related_objects:
            if relation.related_model is not StatusTransition:
                relation.related_model._base_manager.filter(
                    **{relation.field.name: local_case}
                ).update(**{relation.field.name: moved_case})
        Approval.objects.filter(pk=local_case).delete()
    # One choice of e-mail notices per person: the one made last stays.
    notice_choices = NoticeSetting.objects.filter(citizen__in=(source, local))
    for older in list(notice_choices.order_by("-updated_at", "-pk"))[1:]:
        older.delete()
    # Whatever else points at the citizen moves too, so a model added later is not left behind;
    # of a record there is one of per citizen (a citizen's login), the receiver's stays and the
    # moved record's is removed (the person's next MitID login finds the merged record's).
    for relation in Citizen._meta.related_objects:
        manager, field = relation.related_model._base_manager, relation.field.name
        moving = manager.filter(**{field: source})
        if relation.one_to_one and manager.filter(**{field: local}).exists():
            moving.delete()
        else:
            moving.update(**{field: local})
    local.merged_from = sorted({*(local.merged_from or []), *(source.merged_from or []), source.pk})
    # Both records' consent histories are now this one's: the single consent follows them.
    resync_consent(local)
    local.save(
        update_fields=["merged_from", "consent_share_profile", "consent_recorded_at", "updated_at"]
    )
    source.delete()
    return local


@dataclass
class SettleReport:
    due: int = 0  # open requests whose deadline has come
    selected: int = 0  # within this run's limit
    settled: int = 0
    released: int = 0  # cases released automatically
    transferred: int = 0  # requests settled as transferred (by hand or now)
    none: int = 0  # settled as "no case transferred"
    failed: int = 0  # requests left open by an error (rolled back; retried next run)

    @property
    def remaining(self) -> int:
        return self.due - self.selected


def _unanswered_holders(transfer: CaseTransfer) -> list[str]:
    """Municipalities (other than the requester) holding the person that have not answered."""
    answered = transfer.answers.values("municipality_id")
    return list(
        Citizen.objects.filter(cpr_hash=transfer.cpr_hash, anonymised_at__isnull=True)
        .exclude(municipality_id=transfer.requesting_municipality_id)
        .exclude(municipality_id__in=answered)
        .order_by("municipality_id")
        .values_list("municipality_id", flat=True)
    )


@write
def settle_transfer(transfer_id: int, *, as_of: dt.date) -> tuple[int, RequestStatus] | None:
    """At the deadline: release every holder's case that was not refused, then settle the
    request as transferred or "no case transferred". None if already settled or not yet due
    (idempotent: a re-run or a parallel run changes nothing)."""
    locked = _lock(transfer_id)
    if locked.closed_at is not None or not is_due(locked.release_by, as_of):
        return None
    holders_now = _unanswered_holders(locked)
    for code in holders_now:
        _release(locked, code, None, as_of)
    locked.status = settled_status(locked.answers.values_list("answer", flat=True))
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "closed_at"])
    record(
        None,
        Action.UPDATE,
        locked,
        detail=f"anmodning om overflytning afsluttet ved fristen: {LABELS_DA[locked.status]}",
        actor=SYSTEM_TRANSFER,
    )
    return len(holders_now), RequestStatus(locked.status)


def settle_due_transfers(
    *, as_of: dt.date, limit: int, dry_run: bool = False, on_settled=None
) -> SettleReport:
    """Settle at most ``limit`` requests whose deadline has come (oldest deadline first), each in
    its own transaction; a failing one is rolled back, counted and left for the next run.
    ``on_settled(done)`` is called after each. The dry run only counts."""
    due = CaseTransfer.objects.open().filter(release_by__lte=as_of).order_by("release_by", "pk")
    chosen = list(due.values_list("pk", flat=True)[:limit])
    report = SettleReport(due=due.count(), selected=len(chosen))
    for done, pk in enumerate(chosen, start=1):
        if dry_run:
            transfer = CaseTransfer.objects.get(pk=pk)
            releasing = len(_unanswered_holders(transfer))
            answers = [*transfer.answers.values_list("answer", flat=True)]
            outcome = settled_status(answers + [Answer.RELEASED] * releasing)
        else:
            try:
                result = settle_transfer(pk, as_of=as_of)
            except (ValueError, IntegrityError, ValidationError):  # TransferError is a ValueError
                report.failed += 1
                continue
            if result is None:  # settled meanwhile by another run
                continue
            releasing, outcome = result
        report.settled += 1
        report.released += releasing
        report.transferred += outcome == RequestStatus.TRANSFERRED
        report.none += outcome == RequestStatus.NONE
        if on_settled is not None:
            on_settled(done)
    return report
