"""Messages between a citizen and the jobcentre: the citizen's pages (their own threads only,
the citizen from the login's link) and the staff's (their municipality's threads only; another
municipality's thread is 404 like one that does not exist)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Exists, F, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from fleksjob.accounts.permissions import municipal_role_required
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.citizens.models import Approval, Citizen
from fleksjob.core.errors import DomainError, InvalidField, StaleVersion
from fleksjob.core.versions import version_of
from fleksjob.followup.models import PlanProposal, ProposalState
from fleksjob.placements.models import Placement
from fleksjob.selfservice.access import citizen_required
from fleksjob.selfservice.forms import ReplyForm, ThreadForm
from fleksjob.selfservice.messaging import close_thread, reply, start_thread
from fleksjob.selfservice.models import Thread
from fleksjob.ui.forms import STALE


def _about_choices(citizen) -> dict:
    return {
        "plan_proposals": list(
            PlanProposal.objects.filter(citizen=citizen, state=ProposalState.PENDING).order_by(
                "-created_at", "-pk"
            )
        ),
        "placements": list(
            Placement.objects.open()
            .filter(citizen=citizen)
            .select_related("position")
            .order_by("-created_at", "-pk")
        ),
    }


def _threads(citizen):
    return list(
        Thread.objects.filter(citizen=citizen)
        .select_related("plan_proposal", "placement__position")
        # Open threads first on every database (PostgreSQL sorts nulls last by default).
        .order_by(F("closed_at").asc(nulls_first=True), "-last_message_at", "-pk")
    )


def _start(request, citizen, form, done_url):
    """Start the thread the form holds; the redirect when it was started, else None."""
    if not form.is_valid():
        return None
    try:
        thread = start_thread(
            request.user,
            citizen,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            **form.about_records(),
        )
    except InvalidField as exc:
        form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        return None
    messages.success(request, _("Beskeden er sendt."))
    return redirect(done_url, pk=thread.pk)


def _answer(request, thread, form, done_url):
    """Reply to or close the thread as posted; the redirect when done, else None."""
    try:
        if request.POST.get("action") == "close":
            close_thread(request.user, thread, expected_version=request.POST.get("version") or "")
            messages.success(request, _("Tråden er lukket."))
            return redirect(done_url, pk=thread.pk)
        if not form.is_valid():
            return None
        reply(request.user, thread, body=form.cleaned_data["body"])
    except StaleVersion:
        form.add_error(None, STALE)
        return None
    except InvalidField as exc:
        form.add_error(None, str(exc))
        return None
    except DomainError as exc:
        messages.error(request, _("Det blev ikke gemt: %(why)s.") % {"why": exc})
        return redirect(done_url, pk=thread.pk)
    messages.success(request, _("Beskeden er sendt."))
    return redirect(done_url, pk=thread.pk)


def _thread_context(thread, form) -> dict:
    return {
        "thread": thread,
        "thread_messages": list(thread.messages.select_related("author").order_by("sent_at", "pk")),
        "version": version_of(thread),
        "form": form,
    }


# --- the citizen's pages -------------------------------------------------------------------


@citizen_required
def my_threads(request):
    """*Beskeder*: the citizen's threads, those waiting for them first, and a new one."""
    citizen = request.citizen
    form = ThreadForm(request.POST or None, **_about_choices(citizen))
    if request.method == "POST":
        if (done := _start(request, citizen, form, "selfservice:thread")) is not None:
            return done
    else:
        record(
            request.user, Action.VIEW, citizen, citizen=citizen, channel="web", detail="beskeder"
        )
    context = {"citizen": citizen, "threads": _threads(citizen), "form": form}
    return render(
        request, "selfservice/messages.html", context, status=422 if form.is_bound else 200
    )


@citizen_required
def my_thread(request, pk: int):
    citizen = request.citizen
    thread = get_object_or_404(Thread.objects.filter(citizen=citizen), pk=pk)
    form = ReplyForm(request.POST or None)
    if request.method == "POST":
        if (done := _answer(request, thread, form, "selfservice:thread")) is not None:
            return done
    else:
        record(request.user, Action.VIEW, thread, citizen=citizen, channel="web", detail="besked")
    context = {"citizen": citizen, **_thread_context(thread, form)}
    return render(request, "selfservice/thread.html", context, status=422 if form.is_bound else 200)


# --- the staff's pages ---------------------------------------------------------------------


@municipal_role_required
def citizen_threads(request, pk: int):
    """A citizen's threads with the jobcentre, and a new one to them."""
    citizen = get_object_or_404(Citizen.objects.visible_to(request.user), pk=pk)
    form = ThreadForm(request.POST or None, prefix="thread", **_about_choices(citizen))
    if request.method == "POST":
        if (done := _start(request, citizen, form, "selfservice:staff_thread")) is not None:
            return done
    else:
        record(request.user, Action.VIEW, citizen, citizen=citizen, detail="beskeder")
    context = {"citizen": citizen, "threads": _threads(citizen), "form": form}
    return render(
        request, "selfservice/staff_threads.html", context, status=422 if form.is_bound else 200
    )


@municipal_role_required
def staff_thread(request, pk: int):
    thread = get_object_or_404(
        Thread.objects.visible_to(request.user).select_related("citizen"), pk=pk
    )
    form = ReplyForm(request.POST or None)
    if request.method == "POST":
        if (done := _answer(request, thread, form, "selfservice:staff_thread")) is not None:
            return done
    else:
        record(request.user, Action.VIEW, thread, citizen=thread.citizen, detail="besked")
    context = {"citizen": thread.citizen, **_thread_context(thread, form)}
    return render(
        request, "selfservice/staff_thread.html", context, status=422 if form.is_bound else 200
    )


def waiting_for_jobcentre(user, limit: int = 15) -> tuple[int, list[Thread]]:
    """The open threads of the user's municipality that wait for the jobcentre: how many, and
    the first ``limit`` (the cases the user is responsible for first, then the oldest)."""
    waiting = Thread.objects.visible_to(user).waiting_for("jobcentre")
    mine = Approval.objects.owned_by(user).filter(citizen=OuterRef("citizen"))
    shown = list(
        waiting.annotate(mine=Exists(mine))
        .select_related("citizen")
        .order_by("-mine", "last_message_at", "pk")[:limit]
    )
    return (len(shown) if len(shown) < limit else waiting.count()), shown
