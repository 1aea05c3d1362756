"""The citizen's own pages (``/mit-fleksjob/``): plain Danish, the citizen's own case only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.citizens.actions import current_case
from fleksjob.citizens.casefacts import income_outlook, legal_deadlines
from fleksjob.core.errors import InvalidField
from fleksjob.core.rules.deadlines import DeadlineState
from fleksjob.employment.models import Employment
from fleksjob.followup.models import FollowUpMeeting, FollowUpPlan
from fleksjob.placements.actions import answer_proposal
from fleksjob.placements.models import DeclineReasonChoice, Placement
from fleksjob.selfservice.access import citizen_required


@citizen_required
def home(request):
    citizen = request.citizen
    today = timezone.localdate()
    case = current_case(citizen)
    plan = None
    deadlines = []
    if case is not None:
        plan = FollowUpPlan.objects.filter(approval=case, active=True).order_by("-pk").first()
        spell = case.benefit_spells.filter(end__isnull=True).order_by("start").first()
        deadlines = [
            d
            for d in legal_deadlines(case, spell.start if spell else None, today)
            if d.key in ("review", "temporary_until") and d.state != DeadlineState.NOT_RELEVANT
        ]
    meetings = list(FollowUpMeeting.objects.filter(citizen=citizen).order_by("-held_on", "-pk")[:5])
    # Does it pay to work more? The income at more hours in the citizen's own fleksjob, from
    # their wage and current hours (the same figures as the caseworker's page).
    job = (
        Employment.objects.fleksjobs()
        .filter(citizen=citizen, end__isnull=True)
        .order_by("-start", "-pk")
        .first()
    )
    hours = job.hours_history.order_by("-valid_from", "-pk").first() if job else None
    outlook = (
        income_outlook(job, float(hours.hours_per_week), today, citizen.municipality_id)
        if hours
        else None
    )
    record(
        request.user, Action.VIEW, citizen, citizen=citizen, channel="web", detail="mit fleksjob"
    )
    proposals = list(
        Placement.objects.open()
        .filter(citizen=citizen)
        .select_related("position__employer")
        .order_by("-created_at", "-pk")
    )
    context = {
        "citizen": citizen,
        "proposals": proposals,
        "decline_reasons": DeclineReasonChoice.choices,  # the model's labels
        "case": case,
        "plan": plan,
        "meetings": meetings,
        "deadlines": deadlines,
        "caseworker": case.caseworker if case is not None else None,
        "broker": case.consultant if case is not None else None,
        "outlook": outlook,
        "outlook_net": bool(outlook) and "net_income" in outlook[0],
    }
    return render(request, "selfservice/home.html", context)


@login_not_required
def login_failed(request):
    """Where a failed OpenID Connect login lands (a cancelled or expired login)."""
    return render(request, "selfservice/login_failed.html", status=401)


@require_POST
@citizen_required
def answer(request, pk: int):
    """The citizen answers a proposal: interested, or not with a coded reason."""
    placement = get_object_or_404(Placement.objects.filter(citizen=request.citizen), pk=pk)
    interested = request.POST.get("answer") == "interested"
    try:
        answer_proposal(
            request.user,
            request.citizen,
            placement,
            interested=interested,
            reason="" if interested else request.POST.get("reason", ""),
        )
    except InvalidField as exc:
        messages.error(request, _("Dit svar er ikke gemt: %(why)s.") % {"why": exc})
    else:
        messages.success(
            request,
            _("Tak. Jobcentret kan se, at du er interesseret.")
            if interested
            else _("Tak. Jobcentret kan se, at forslaget ikke passer dig, og hvorfor."),
        )
    return redirect("selfservice:home")
