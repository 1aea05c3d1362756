from __future__ import annotations

import secrets

from django.contrib import messages
from django.db.models import F, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fleksjob.accounts.permissions import (
    may_answer_access_requests,
    may_decide,
    municipal_role_required,
)
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.citizens import casepage
from fleksjob.citizens.actions import update_profile
from fleksjob.citizens.casefacts import (
    ASSUMED_HOURLY_WAGE,
    deadlines_of_cases,
    income_at_hours,
    income_outlook,
    jobsamtale_status,
    legal_deadlines,
    next_deadline,
)
from fleksjob.citizens.consent import given_items
from fleksjob.citizens.decisionviews import decisions_context
from fleksjob.citizens.forms import (
    STALE_PROFILE,
    AssignForm,
    CaseloadFilter,
    CprLookupForm,
    ProfileForm,
)
from fleksjob.citizens.models import (
    ASSIGNED,
    Approval,
    BenefitSpell,
    Citizen,
    ConsentItemChoice,
    NoticeSetting,
    SavedFilter,
)
from fleksjob.citizens.ownership import holds, may_assign_others, may_take_cases
from fleksjob.citizens.protection import protector
from fleksjob.core import bounds
from fleksjob.core.errors import StaleVersion
from fleksjob.core.matching.competences import labelled
from fleksjob.core.matching.taxonomy import ACCOMMODATIONS
from fleksjob.core.rules.case_status import Status
from fleksjob.reference import isco_title_in
from fleksjob.ui import formats
from fleksjob.ui.charts import hours_progression
from fleksjob.ui.labels import bilingual
from fleksjob.ui.paging import paginate

FILTERS_IN_SESSION = 20


def _caseload(user, data):
    form = CaseloadFilter(data, user=user)
    f = form.cleaned_data if form.is_valid() else {}
    next_due = (
        casepage.followup_plans()
        .filter(approval=OuterRef("pk"), active=True)
        .values("next_due")[:1]
    )
    spell_start = BenefitSpell.objects.filter(approval=OuterRef("pk"), end__isnull=True).values(
        "start"
    )[:1]
    cases = (
        Approval.objects.visible_to(user)
        .active()
        .select_related("citizen", "caseworker", "consultant")
        .annotate(next_due=Subquery(next_due), spell_start=Subquery(spell_start))
    )
    owner = f.get("owner") or form.owner_default()
    if owner == CaseloadFilter.MINE:
        cases = cases.owned_by(user)
    elif owner == CaseloadFilter.QUEUE:
        cases = cases.unassigned()
    elif owner.startswith("u"):  # one caseworker's cases (a choice only managers are offered)
        cases = cases.filter(ASSIGNED, caseworker_id=int(owner[1:]))
    form.chosen_owner = owner
    if f.get("q"):
        for word in f["q"].split()[:3]:
            cases = cases.filter(
                Q(citizen__first_name__icontains=word) | Q(citizen__last_name__icontains=word)
            )
    if f.get("status"):
        cases = cases.filter(status=f["status"])
    if f.get("goal"):
        cases = cases.filter(citizen__goal=f["goal"])
    if f.get("hours_from") is not None:
        cases = cases.filter(citizen__hours_capacity__gte=f["hours_from"])
    if f.get("hours_to") is not None:
        cases = cases.filter(citizen__hours_capacity__lte=f["hours_to"])
    sort = f.get("sort") or "name"
    if sort == "name":
        order = [F("citizen__last_name"), F("citizen__first_name")]
    else:  # cases without a date (no open spell, no plan) come last
        order = [
            F(sort.lstrip("-")).desc(nulls_last=True)
            if sort.startswith("-")
            else F(sort).asc(nulls_last=True)
        ]
    return form, cases.order_by(*order, "pk")


def _remember(request, filters: dict) -> str:
    """Keep a filter in the session under a random key: the URL carries the key, never a name."""
    stored = request.session.get("caseload_filters", {})
    key = secrets.token_urlsafe(6)
    stored[key] = filters
    request.session["caseload_filters"] = dict(list(stored.items())[-FILTERS_IN_SESSION:])
    return key


@municipal_role_required
def caseload(request):
    saved = SavedFilter.objects.filter(user=request.user)
    if request.method == "POST":
        form = CaseloadFilter(request.POST, user=request.user)
        if form.is_valid():
            filters = form.as_stored()
            name = request.POST.get("save_as", "").strip()[:60]
            if name:
                SavedFilter.objects.update_or_create(
                    user=request.user, name=name, defaults={"filters": filters}
                )
                messages.success(request, _("Filteret er gemt."))
            return redirect(f"{reverse('citizens:list')}?f={_remember(request, filters)}")
        data, status = request.POST, 422
    elif "saved" in request.GET:
        chosen_id = bounds.parse_id(request.GET["saved"])
        chosen = saved.filter(pk=chosen_id).first() if chosen_id else None
        data, status = (chosen.filters if chosen else {}), 200
    else:
        # Filters without personal data may come in the URL; a name search never does.
        data = request.session.get("caseload_filters", {}).get(request.GET.get("f", ""))
        if data is None:
            data = {
                k: v for k, v in request.GET.items() if k in ("status", "goal", "sort", "owner")
            }
        status = 200
    form, cases = _caseload(request.user, data)
    today = timezone.localdate()
    manager = may_assign_others(request.user)
    # Select cases for the bulk reassignment: managers anywhere, caseworkers in the queue.
    queue = form.chosen_owner == CaseloadFilter.QUEUE
    selectable = manager or (may_take_cases(request.user) and queue)
    context = {
        "form": form,
        "saved_filters": saved,
        "lookup_form": CprLookupForm(),
        "selectable": selectable,
        "may_register": may_decide(request.user),
        "owner": form.chosen_owner,
        "bulk_form": AssignForm(user=request.user, bulk=True) if manager else None,
        "next_url": request.get_full_path(),
        **paginate(request, cases),
    }
    page = context["page_obj"]
    states = {
        a.pk: found
        for a, found in deadlines_of_cases(
            Approval.objects.filter(pk__in=[c.pk for c in page]), today
        )
    }
    for case in page:
        case.held = holds(case)
        case.weeks_on_benefit = (today - case.spell_start).days // 7 if case.spell_start else None
        case.deadline = next_deadline(states[case.pk])
    shown = [case.citizen_id for case in context["page_obj"]]
    record(request.user, Action.SEARCH, citizen_ids=shown, channel="web", detail="sagsliste")
    return render(request, "citizens/list.html", context, status=status)


@require_POST
@municipal_role_required
def lookup_by_cpr(request):
    """Exact CPR lookup through the keyed hash. The CPR travels in the POST body, never a URL."""
    form = CprLookupForm(request.POST)
    if form.is_valid():
        lookup = protector().lookup_hash(form.cleaned_data["cpr"])
        citizen = Citizen.objects.visible_to(request.user).filter(cpr_hash=lookup).first()
        record(request.user, Action.SEARCH, citizen, citizen=citizen, detail="CPR-opslag")
        if citizen is not None:
            return redirect("citizens:detail", pk=citizen.pk)
        messages.warning(request, _("Ingen borger i din kommune har dette CPR-nummer."))
    else:
        messages.error(request, form.errors["cpr"][0])
    return redirect("citizens:list")


@municipal_role_required
def detail(request, pk: int):
    citizen = get_object_or_404(
        Citizen.objects.visible_to(request.user).select_related("municipality", "notice_setting"),
        pk=pk,
    )
    record(request.user, Action.VIEW, citizen, citizen=citizen)
    approvals = (
        citizen.approvals.select_related("caseworker", "consultant")
        .prefetch_related("transitions")
        .order_by("-visitation_date")
    )
    # Hours in date order: the model's ordering (the employment app's records, read through the
    # relation, not imported from the floor above).
    employments = citizen.employments.select_related(
        "employer__municipality", "position"
    ).prefetch_related("hours_history")
    spells = list(citizen.benefit_spells.order_by("-start"))
    plan = citizen.followup_plans.filter(active=True).prefetch_related("hours_steps").first()
    current = approvals[0] if approvals else None
    job = next((e for e in employments if e.kind == "fleksjob" and e.end is None), None)
    actual = (
        [(h.valid_from, float(h.hours_per_week)) for h in job.hours_history.all()] if job else []
    )
    planned = (
        [(s.target_date, float(s.hours_per_week)) for s in plan.hours_steps.all()] if plan else []
    )
    today = timezone.localdate()
    open_spell = next((sp for sp in spells if sp.end is None), None)
    meetings = list(casepage.followup_meetings().filter(citizen=citizen).order_by("-held_on"))
    recommendations = []
    if current and current.status == Status.APPROVED_UNEMPLOYED:
        for rec in casepage.recommendations(citizen, today, k=5):
            p = rec.position
            hours = min(max(float(citizen.hours_capacity), float(p.hours_min)), float(p.hours_max))
            recommendations.append((rec, round(hours), income_at_hours(hours, today)))
    placements = list(citizen.placements.select_related("position__employer__municipality")[:20])
    # Employers of the same name are told apart by their CVR, address and a mark (one query).
    casepage.mark_namesakes(
        request.user,
        [
            *(e.employer for e in employments),
            *(rec.position.employer for rec, _hours, _income in recommendations),
            *(p.position.employer for p in placements),
        ],
    )
    outlook = (
        income_outlook(job, actual[-1][1], today, citizen.municipality_id)
        if job and actual
        else None
    )
    given = given_items(citizen)
    context = {
        "citizen": citizen,
        "approvals": approvals,
        "recommendations": recommendations,
        "retraining": casepage.retraining(citizen),
        "assumed_wage": ASSUMED_HOURLY_WAGE,
        "current": current,
        "deadlines": legal_deadlines(
            current,
            open_spell.start if open_spell else None,
            today,
            [(m.kind, m.held_on) for m in meetings],
        )
        if current and current.status != "ended"
        else [],
        "jobsamtaler": jobsamtale_status(
            open_spell.start, [m.held_on for m in meetings if m.kind == "jobsamtale"]
        )
        if open_spell
        else None,
        "outlook": outlook,
        "outlook_net": bool(outlook) and "net_income" in outlook[0],
        "today": today,
        "spells": spells,
        "employments": employments,
        "plan": plan,
        "meetings": meetings[:20],
        "hours_chart": hours_progression(actual, planned, today) if actual or planned else None,
        "hours_actual": actual,
        "hours_planned": planned,
        "placements": placements,
        "needs": [
            bilingual(a.label_da, a.label_en) for a in map(ACCOMMODATIONS.get, citizen.needs) if a
        ],
        "occupations": [
            (code, *isco_title_in(code, formats.language())) for code in citizen.occupations
        ],
        "competences": labelled(citizen.competences),
        "consent_given": [label for key, label in ConsentItemChoice.choices if key in given],
        # Whether the citizen chose e-mail notices (not the address: staff need only the fact).
        "notices_on": _notices_on(citizen),
        "may_export": may_answer_access_requests(request.user),
        **decisions_context(request.user, citizen, current),
        "current_held": bool(current) and holds(current),
    }
    return render(request, "citizens/detail.html", context)


def _notices_on(citizen: Citizen) -> bool:
    try:
        return citizen.notice_setting.on
    except NoticeSetting.DoesNotExist:
        return False


@municipal_role_required
def edit(request, pk: int):
    citizen = get_object_or_404(Citizen.objects.visible_to(request.user), pk=pk)
    form = ProfileForm(request.POST or None, instance=citizen)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in ProfileForm.Meta.fields}
        try:
            update_profile(
                request.user, citizen, changes, expected_version=form.cleaned_data["version"]
            )
        except StaleVersion:
            form.add_error(None, STALE_PROFILE)
        else:
            messages.success(request, _("Borgerens profil er gemt."))
            return redirect("citizens:detail", pk=pk)
    if request.method == "GET":
        record(request.user, Action.VIEW, citizen, citizen=citizen, detail="redigering")
    status = 422 if form.is_bound else 200
    return render(request, "citizens/edit.html", {"citizen": citizen, "form": form}, status=status)
