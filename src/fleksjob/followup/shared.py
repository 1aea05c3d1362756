"""The plan shared with the citizen, as both sides' pages show and change it: the caseworker's
follow-up page and the citizen's *Din plan* use the same context and the same form handling
(the template ``followup/_shared_plan.html``); the side is the user's role."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from fleksjob.core.casework.shared_plan import STATUS_MOVES
from fleksjob.core.casework.shared_plan import ActivityStatus as CoreStatus
from fleksjob.core.errors import DomainError, InvalidField, StaleVersion
from fleksjob.core.versions import version_of
from fleksjob.followup.agreement import (
    answer_change,
    propose_activity,
    propose_change,
    set_activity_status,
    side_of,
    withdraw_proposal,
)
from fleksjob.followup.forms import ActivityForm, ProposeForm
from fleksjob.followup.models import (
    ActivityChange,
    ActivityStatus,
    PlanActivity,
    PlanProposal,
    ProposalState,
)
from fleksjob.ui.forms import STALE

HISTORY = 10  # answered proposals shown
SHARED_FORMS = ("propose", "activity", "answer", "withdraw", "status")


def shared_context(approval, user, *, propose_form=None, activity_form=None) -> dict:
    """What the shared part of the page shows: proposals waiting for this side and for the
    other, the latest answered, the activities with their history, and the two forms."""
    side = side_of(user)
    proposals = list(
        PlanProposal.objects.filter(approval=approval)
        .select_related("activity")
        .order_by("-created_at", "-pk")
    )
    pending = [p for p in proposals if p.state == ProposalState.PENDING]
    for p in pending:
        p.version = version_of(p)
    activities = list(
        PlanActivity.objects.filter(approval=approval)
        .select_related("proposal")
        .prefetch_related(
            Prefetch("changes", queryset=ActivityChange.objects.order_by("changed_at", "pk"))
        )
        .order_by("starts_on", "pk")
    )
    for a in activities:
        a.version = version_of(a)
        allowed = STATUS_MOVES[CoreStatus(a.status)]
        a.moves = [(value, label) for value, label in ActivityStatus.choices if value in allowed]
    return {
        "side": side,
        "waiting_for_me": [p for p in pending if p.proposed_by != side],
        "waiting_for_them": [p for p in pending if p.proposed_by == side],
        "answered": [p for p in proposals if p.state != ProposalState.PENDING][:HISTORY],
        "activities": activities,
        "propose_form": propose_form or ProposeForm(prefix="propose"),
        "activity_form": activity_form or ActivityForm(prefix="activity", side=side),
    }


def handle_post(request, approval) -> tuple[bool, dict]:
    """Carry out the shared plan's form that was posted (``form``: propose, activity, answer,
    withdraw, status). Answers (done, bound forms for the page when not). A record id from the
    form is looked up in this case only: another case's proposal or activity is 404."""
    which = request.POST.get("form")
    user = request.user
    forms = {}
    try:
        if which == "propose":
            form = forms["propose_form"] = ProposeForm(request.POST, prefix="propose")
            if not form.is_valid():
                return False, forms
            data = form.cleaned_data
            try:
                propose_change(
                    user,
                    approval,
                    kind=data["kind"],
                    purpose=data.get("purpose") or "",
                    cadence_weeks=data.get("cadence_weeks"),
                    step_date=data.get("step_date"),
                    step_hours=data.get("step_hours"),
                    note=data.get("note") or "",
                    today=timezone.localdate(),
                )
            except InvalidField as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
                return False, forms
            messages.success(request, _("Dit forslag er sendt. Det venter nu på et svar."))
        elif which == "activity":
            form = forms["activity_form"] = ActivityForm(
                request.POST, prefix="activity", side=side_of(user)
            )
            if not form.is_valid():
                return False, forms
            data = form.cleaned_data
            try:
                propose_activity(user, approval, **data)
            except InvalidField as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
                return False, forms
            messages.success(request, _("Aktiviteten er foreslået. Den venter nu på et svar."))
        elif which == "answer":
            proposal = _one(PlanProposal, approval, request.POST.get("proposal"))
            accept = request.POST.get("answer") == "accept"
            answer_change(
                user,
                proposal,
                accept=accept,
                reason=request.POST.get("reason", ""),
                expected_version=request.POST.get("version") or None,
                today=timezone.localdate(),
            )
            messages.success(
                request,
                _("Forslaget er aftalt.") if accept else _("Du har sagt nej til forslaget."),
            )
        elif which == "withdraw":
            proposal = _one(PlanProposal, approval, request.POST.get("proposal"))
            withdraw_proposal(user, proposal, expected_version=request.POST.get("version") or None)
            messages.success(request, _("Forslaget er trukket tilbage."))
        elif which == "status":
            activity = _one(PlanActivity, approval, request.POST.get("activity"))
            set_activity_status(
                user,
                activity,
                status=request.POST.get("status", ""),
                expected_version=request.POST.get("version") or None,
            )
            messages.success(request, _("Aktivitetens status er ændret."))
        else:
            return False, forms
    except StaleVersion:
        messages.error(request, STALE)
    except DomainError as exc:
        messages.error(request, _("Det blev ikke gemt: %(why)s.") % {"why": exc})
    return True, forms


def _one(model, approval, raw):
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        raise Http404 from None
    found = model.objects.filter(approval=approval, pk=pk).first()
    if found is None:
        raise Http404
    return found
