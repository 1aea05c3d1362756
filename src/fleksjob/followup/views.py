from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fleksjob.accounts.permissions import manager_required, municipal_role_required
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.citizens.casefacts import jobsamtale_status, legal_deadlines
from fleksjob.citizens.models import Approval, Citizen
from fleksjob.citizens.ownership import holds
from fleksjob.core.errors import StaleVersion
from fleksjob.core.versions import version_of
from fleksjob.followup.actions import FollowUpError, agree_plan, record_meeting
from fleksjob.followup.forms import MeetingForm, PlanForm
from fleksjob.followup.models import FollowUpMeeting, FollowUpPlan
from fleksjob.followup.reminders import without_recipient as reminders_without_recipient
from fleksjob.followup.shared import SHARED_FORMS, handle_post, shared_context
from fleksjob.ui.forms import STALE
from fleksjob.ui.paging import paginate


@municipal_role_required
def followup(request, pk: int):
    """The citizen's follow-up: agree a new plan or log a meeting (two forms, one page)."""
    citizen = get_object_or_404(Citizen.objects.visible_to(request.user), pk=pk)
    approval = Approval.objects.active().filter(citizen=citizen).first()
    if approval is None:
        messages.error(request, _("Borgeren har ingen aktiv fleksjobsag."))
        return redirect("citizens:detail", pk=pk)
    which = request.POST.get("form") if request.method == "POST" else None
    shared_forms = {}
    if which in SHARED_FORMS:
        done, shared_forms = handle_post(request, approval)
        if done:
            return redirect("followup:plan", pk=pk)
    active = FollowUpPlan.objects.filter(approval=approval, active=True).first()
    plan_form = PlanForm(
        request.POST if which == "plan" else None,
        prefix="plan",
        initial={"version": version_of(active) if active else ""},
    )
    meeting_form = MeetingForm(request.POST if which == "meeting" else None, prefix="meeting")
    form = {"plan": plan_form, "meeting": meeting_form}.get(which)
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if which == "plan":
                agree_plan(
                    request.user,
                    approval,
                    purpose=data["purpose"],
                    cadence_weeks=data["cadence_weeks"],
                    agreed_on=data["agreed_on"],
                    agreed_text=data["agreed_text"],
                    steps=data["steps"],
                    expected_version=data["version"] or None,
                )
                messages.success(request, _("Opfølgningsplanen er gemt."))
            else:
                record_meeting(
                    request.user,
                    approval,
                    held_on=data["held_on"],
                    kind=data["kind"],
                    channel=data["channel"],
                    agreed_text=data["agreed_text"],
                    today=timezone.localdate(),
                )
                messages.success(request, _("Samtalen er registreret."))
        except FollowUpError as exc:
            form.add_error(None, str(exc))
        except StaleVersion:
            form.add_error(None, STALE)
        else:
            return redirect("citizens:detail", pk=pk)
    if request.method == "GET":
        record(request.user, Action.VIEW, citizen, citizen=citizen, detail="opfølgning")
    today = timezone.localdate()
    spell = approval.benefit_spells.filter(end__isnull=True).first()
    held = list(FollowUpMeeting.objects.filter(citizen=citizen).values_list("kind", "held_on"))
    context = {
        "citizen": citizen,
        "plan_form": plan_form,
        "meeting_form": meeting_form,
        "plan": active,
        "deadlines": legal_deadlines(approval, spell.start if spell else None, today, held),
        "jobsamtaler": jobsamtale_status(
            spell.start, [day for kind, day in held if kind == "jobsamtale"]
        )
        if spell
        else None,
        "today": today,
        **shared_context(approval, request.user, **shared_forms),
    }
    failed = form is not None or bool(shared_forms)
    return render(request, "followup/edit.html", context, status=422 if failed else 200)


@manager_required
def without_recipient(request):
    """Reminders of the manager's municipality that went to nobody (the case has no
    responsible caseworker with an e-mail address): the manager makes sure these follow-ups are
    taken care of."""
    context = paginate(request, reminders_without_recipient(request.user))
    for reminder in context["page_obj"]:  # who holds the case now (the manager can reassign)
        case, citizen = reminder.plan.approval, reminder.plan.citizen
        reminder.holder = case.caseworker if holds(case, citizen.municipality_id) else None
    record(
        request.user,
        Action.SEARCH,
        citizen_ids=[r.plan.citizen_id for r in context["page_obj"]],
        detail="påmindelser uden modtager",
    )
    return render(request, "followup/without_recipient.html", context)
