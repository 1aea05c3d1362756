"""The citizen's own pages (``/mit-fleksjob/``): plain Danish, the citizen's own case only."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.citizens.actions import current_case
from fleksjob.citizens.casefacts import income_outlook, jobsamtale_status, legal_deadlines
from fleksjob.citizens.notices import notice_setting
from fleksjob.core.errors import InvalidField
from fleksjob.core.rules.deadlines import DeadlineState
from fleksjob.employment.models import Employment
from fleksjob.followup.models import (
    FollowUpMeeting,
    FollowUpPlan,
    PlanProposal,
    ProposalState,
    Side,
)
from fleksjob.followup.shared import handle_post, shared_context
from fleksjob.placements.actions import answer_proposal
from fleksjob.placements.models import DeclineReasonChoice, Placement
from fleksjob.placements.prospects import retraining_context
from fleksjob.selfservice.access import citizen_required
from fleksjob.selfservice.models import Thread
from fleksjob.selfservice.survey_views import open_invitations


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
    plan_waiting = (
        PlanProposal.objects.filter(citizen=citizen, state=ProposalState.PENDING)
        .exclude(proposed_by=Side.CITIZEN)
        .count()
        if case is not None
        else 0
    )
    threads_waiting = list(
        Thread.objects.filter(citizen=citizen)
        .waiting_for(Side.CITIZEN)
        .select_related("plan_proposal", "placement__position")
        .order_by("last_message_at", "pk")
    )
    context = {
        "citizen": citizen,
        "notices_on": notice_setting(citizen).on,
        "plan_waiting": plan_waiting,
        "threads": threads_waiting,
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
        "surveys": open_invitations(citizen=citizen),
        "survey_url": "selfservice:survey",
        "retraining": retraining_context(citizen, plain=True),
    }
    return render(request, "selfservice/home.html", context)


@citizen_required
def plan(request):
    """*Din plan*: the follow-up plan shared with the jobcentre (its purpose, cadence and hours
    steps, the law's minimums beside it), the proposals waiting for either side, and the
    activities. The citizen proposes, answers and moves activities here; the records are the
    login's own citizen's case only."""
    citizen = request.citizen
    case = current_case(citizen)
    if case is None:
        return render(request, "selfservice/plan.html", _no_plan(citizen))
    shared_forms = {}
    if request.method == "POST":
        done, shared_forms = handle_post(request, case)
        if done:
            return redirect("selfservice:plan")
    today = timezone.localdate()
    active = FollowUpPlan.objects.filter(approval=case, active=True).order_by("-pk").first()
    spell = case.benefit_spells.filter(end__isnull=True).order_by("start").first()
    held = list(
        FollowUpMeeting.objects.filter(citizen=citizen)
        .order_by("held_on", "pk")
        .values_list("kind", "held_on")
    )
    deadlines = [
        d
        for d in legal_deadlines(case, spell.start if spell else None, today, held)
        if d.key != "jobsamtaler" and d.state != DeadlineState.NOT_RELEVANT
    ][:4]
    if request.method == "GET":
        record(
            request.user, Action.VIEW, citizen, citizen=citizen, channel="web", detail="din plan"
        )
    context = {
        "citizen": citizen,
        "case": case,
        "plan": active,
        "steps": list(active.hours_steps.order_by("target_date")) if active else [],
        "deadlines": deadlines,
        "jobsamtaler": jobsamtale_status(
            spell.start, [day for kind, day in held if kind == "jobsamtale"]
        )
        if spell
        else None,
        **shared_context(case, request.user, **shared_forms),
    }
    return render(request, "selfservice/plan.html", context, status=422 if shared_forms else 200)


def _no_plan(citizen) -> dict:
    return {"citizen": citizen, "case": None, "plan": None}


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
