"""Messages between a citizen and the jobcentre, staff side: a citizen's threads (list, POST to
start one), a thread with its messages (GET with its ETag), a reply (POST) and closing it (POST,
If-Match). The write functions of ``selfservice.messaging`` decide and audit; a subject or a
body is personal data and is never in a URL, a log line or an audit detail (only in the bodies
of the requests and answers)."""

import datetime as dt

from django.db.models import Count, F, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from fleksjob.api.auth import MUNICIPAL
from fleksjob.api.citizens import citizen_of
from fleksjob.api.common import api_channel, cleaned, paged
from fleksjob.api.errors import errors
from fleksjob.api.etag import IF_MATCH_DOC, if_match, set_etag
from fleksjob.api.types import Id, Text
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.core.casework.shared_plan import BODY_MAX
from fleksjob.core.errors import InvalidField
from fleksjob.followup.models import PlanProposal
from fleksjob.placements.models import Placement
from fleksjob.selfservice.forms import ReplyForm
from fleksjob.selfservice.messaging import SUBJECT_MAX, close_thread, reply, start_thread
from fleksjob.selfservice.models import Message, Thread

router = Router(auth=MUNICIPAL)


class ThreadOut(Schema):
    id: int
    citizen: int
    subject: str
    plan_proposal: int | None = Field(description="the proposed change it is about, if any")
    placement: int | None = Field(description="the job proposal it is about, if any")
    waiting_for: str | None = Field(description="citizen or jobcentre; null once closed")
    last_message_at: dt.datetime
    closed_at: dt.datetime | None
    message_count: int

    @staticmethod
    def resolve_citizen(obj) -> int:
        return obj.citizen_id

    @staticmethod
    def resolve_plan_proposal(obj) -> int | None:
        return obj.plan_proposal_id

    @staticmethod
    def resolve_placement(obj) -> int | None:
        return obj.placement_id

    @staticmethod
    def resolve_waiting_for(obj) -> str | None:
        return obj.waiting_for or None

    @staticmethod
    def resolve_message_count(obj) -> int:
        return obj.message_total


class MessageOut(Schema):
    id: int
    side: str = Field(description="who wrote it: citizen or jobcentre")
    body: str
    sent_at: dt.datetime


class ThreadWithMessagesOut(ThreadOut):
    messages: list[MessageOut] = Field(description="oldest first")

    @staticmethod
    def resolve_messages(obj) -> list:
        return list(obj.messages.all())


class ThreadIn(Schema):
    """A new thread to the citizen about the plan (neither given), one of their proposed
    changes of it or one of their job proposals."""

    subject: Text = Field(..., min_length=1, max_length=SUBJECT_MAX)
    body: Text = Field(..., min_length=1, max_length=BODY_MAX)
    plan_proposal: Id | None = None
    placement: Id | None = None


class ReplyIn(Schema):
    body: Text = Field(..., min_length=1, max_length=BODY_MAX)


def _threads(user):
    return (
        Thread.objects.visible_to(user)
        .select_related("citizen")
        .annotate(message_total=Count("messages"))
    )


def _thread(request, thread_id: int, *, messages: bool = False) -> Thread:
    found = _threads(request.auth)
    if messages:
        found = found.prefetch_related(
            Prefetch("messages", queryset=Message.objects.order_by("sent_at", "pk"))
        )
    return get_object_or_404(found, pk=thread_id)


def _about(model, citizen, pk: int | None, field: str):
    """The citizen's own record ``pk`` (a proposal or a job proposal), or a 422 naming the
    field: another citizen's (or municipality's) id is refused like one that does not exist."""
    if pk is None:
        return None
    found = model.objects.filter(citizen=citizen, pk=pk).first()
    if found is None:
        raise InvalidField(field, "vælg en af borgerens egne sager")
    return found


@router.get(
    "/citizens/{citizen_id}/message-threads",
    response={200: list[ThreadOut], **errors(403, 404)},
    tags=["messages"],
    summary="The citizen's message threads, open ones first, the latest message first",
)
@paged
def list_threads(request, citizen_id: int):
    citizen = citizen_of(request, citizen_id)
    record(request.auth, Action.VIEW, citizen, citizen=citizen, channel="api", detail="beskeder")
    return (
        _threads(request.auth)
        .filter(citizen=citizen)
        .order_by(F("closed_at").asc(nulls_first=True), "-last_message_at", "-pk")
    )


@router.post(
    "/citizens/{citizen_id}/message-threads",
    response={201: ThreadWithMessagesOut, **errors(403, 404, 409, 422)},
    tags=["messages"],
    summary="Start a thread with the citizen (it waits for their answer)",
)
@api_channel
def post_thread(request, citizen_id: int, payload: ThreadIn, response: HttpResponse):
    citizen = citizen_of(request, citizen_id)
    valid = cleaned(ReplyForm(data={"body": payload.body}))
    # Both given: start_thread refuses it (422 naming ``about``).
    thread = start_thread(
        request.auth,
        citizen,
        subject=payload.subject,
        body=valid["body"],
        plan_proposal=_about(PlanProposal, citizen, payload.plan_proposal, "plan_proposal"),
        placement=_about(Placement, citizen, payload.placement, "placement"),
    )
    thread = _thread(request, thread.pk, messages=True)
    set_etag(response, thread)
    return Status(201, thread)


@router.get(
    "/message-threads/{thread_id}",
    response={200: ThreadWithMessagesOut, **errors(403, 404)},
    tags=["messages"],
    summary="A thread with its messages, with its ETag (for closing it)",
)
def get_thread(request, thread_id: int, response: HttpResponse):
    thread = _thread(request, thread_id, messages=True)
    citizen = thread.citizen
    record(request.auth, Action.VIEW, thread, citizen=citizen, channel="api", detail="besked")
    set_etag(response, thread)
    return thread


@router.post(
    "/message-threads/{thread_id}/messages",
    response={201: ThreadWithMessagesOut, **errors(403, 404, 409, 422)},
    tags=["messages"],
    summary="Reply in an open thread (it then waits for the citizen; 409 when it is closed)",
)
@api_channel
def post_reply(request, thread_id: int, payload: ReplyIn, response: HttpResponse):
    thread = _thread(request, thread_id)
    valid = cleaned(ReplyForm(data=payload.dict()))
    reply(request.auth, thread, body=valid["body"])
    thread = _thread(request, thread_id, messages=True)
    set_etag(response, thread)
    return Status(201, thread)


@router.post(
    "/message-threads/{thread_id}/close",
    response={200: ThreadOut, **errors(403, 404, 409, 412, 428)},
    tags=["messages"],
    summary="Close a thread that needs no answer (If-Match required; 409 when already closed)",
    openapi_extra=IF_MATCH_DOC,
)
@api_channel
def post_close(request, thread_id: int, response: HttpResponse):
    thread = _thread(request, thread_id)
    close_thread(request.auth, thread, expected_version=if_match(request))
    thread = _thread(request, thread_id)
    set_etag(response, thread)
    return thread
