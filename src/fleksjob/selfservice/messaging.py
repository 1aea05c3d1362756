"""Write use cases of the messages between a citizen and the jobcentre: start a thread, reply,
close it. The side is the user's role; the thread waits for the other side
(``core/casework/shared_plan``). A message body is personal data: it is in no audit detail, log
line or URL. The callers scope: the citizen's own threads, or the staff's municipality's."""

from __future__ import annotations

from django.utils import timezone

from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.audit.writes import write
from fleksjob.citizens.notices import MESSAGE, notify
from fleksjob.core.casework.shared_plan import BODY_MAX, thread_waits_for
from fleksjob.core.errors import InvalidField, Refused
from fleksjob.core.versions import check_version
from fleksjob.followup.agreement import side_of
from fleksjob.selfservice.models import Message, Thread

SUBJECT_MAX = 120


class MessageError(Refused):
    """A message the rules refuse; Danish, names no person."""


def _channel(user) -> str:
    return "web" if side_of(user) == "citizen" else ""


def _body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise InvalidField("body", "skriv en besked")
    if len(body) > BODY_MAX:
        raise InvalidField("body", f"skriv højst {BODY_MAX} tegn")
    return body


def _add(user, thread: Thread, body: str) -> Message:
    side = side_of(user)
    message = Message.objects.create(thread=thread, side=side, author=user, body=body)
    thread.waiting_for = thread_waits_for(side, closed=False)
    thread.last_message_at = message.sent_at
    thread.save(update_fields=["waiting_for", "last_message_at", "updated_at"])
    record(
        user,
        Action.CREATE,
        message,
        citizen=thread.citizen,
        channel=_channel(user),
        detail="besked",
    )
    if side != "citizen":  # it waits for the citizen: an e-mail notice after the commit
        notify(MESSAGE, message.pk, thread.citizen_id)
    return message


@write
def start_thread(
    user, citizen, *, subject: str, body: str, plan_proposal=None, placement=None
) -> Thread:
    """Start a thread about the plan (neither given), a proposed change of it, or a job the
    jobcentre proposed; both must be the citizen's own (the caller looked them up so)."""
    subject = (subject or "").strip()
    if not subject:
        raise InvalidField("subject", "skriv et emne")
    if len(subject) > SUBJECT_MAX:
        raise InvalidField("subject", f"skriv højst {SUBJECT_MAX} tegn")
    body = _body(body)
    for about in (plan_proposal, placement):
        if about is not None and about.citizen_id != citizen.pk:
            raise InvalidField("about", "vælg en af borgerens egne sager")
    if plan_proposal is not None and placement is not None:
        raise InvalidField("about", "en tråd handler om ét forslag")
    thread = Thread.objects.create(
        citizen=citizen,
        subject=subject,
        plan_proposal=plan_proposal,
        placement=placement,
        waiting_for=thread_waits_for(side_of(user), closed=False),
        last_message_at=timezone.now(),
    )
    _add(user, thread, body)
    return thread


@write
def reply(user, thread: Thread, *, body: str) -> Message:
    """Add a message to an open thread; it now waits for the other side."""
    locked = Thread.objects.select_for_update().select_related("citizen").get(pk=thread.pk)
    if locked.closed_at is not None:
        raise MessageError("tråden er lukket; start en ny")
    return _add(user, locked, _body(body))


@write
def close_thread(user, thread: Thread, *, expected_version: str | None = None) -> Thread:
    """Close a thread that needs no answer; it waits for no one."""
    locked = Thread.objects.select_for_update().select_related("citizen").get(pk=thread.pk)
    check_version(locked, expected_version)
    if locked.closed_at is not None:
        raise MessageError("tråden er allerede lukket")
    locked.closed_at = timezone.now()
    locked.waiting_for = ""
    locked.save(update_fields=["closed_at", "waiting_for", "updated_at"])
    record(
        user,
        Action.UPDATE,
        locked,
        citizen=locked.citizen,
        channel=_channel(user),
        detail="beskedtråd lukket",
    )
    return locked
