from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from fleksjob.accounts.permissions import municipal_role_required
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.core.casework.outreach import (
    WEIGHTS,
    EmployerFacts,
    contact_rate,
    score,
    sector_demand,
)
from fleksjob.core.errors import InvalidField, StaleVersion, VersionRequired
from fleksjob.core.matching.competences import labelled
from fleksjob.core.matching.crafting import best_subset, coverage, needed_skills
from fleksjob.core.matching.taxonomy import ACCOMMODATIONS
from fleksjob.core.versions import version_of
from fleksjob.employers import casepage
from fleksjob.employers.actions import (
    add_contact_person,
    log_contact,
    save_employer,
    save_position,
)
from fleksjob.employers.facts import fleksjobs
from fleksjob.employers.forms import (
    AssembleForm,
    ContactForm,
    ContactPersonForm,
    EmployerForm,
    PositionForm,
    PositionTaskForm,
    TaskRowForm,
    TaskRows,
)
from fleksjob.employers.models import (
    Employer,
    PositionStatus,
    SectorChoice,
)
from fleksjob.employers.queries import employers_with_figures, fleksjob_figures, mark_namesakes
from fleksjob.employers.tasks import (
    add_task,
    assemble_position,
    crafting_tasks,
    edit_task,
    remove_task,
)
from fleksjob.ui.forms import STALE, DesignSystemForm
from fleksjob.ui.paging import paginate


class EmployerFilter(DesignSystemForm):
    q = forms.CharField(label=_("Navn, CVR eller adresse"), required=False, max_length=100)
    sector = forms.ChoiceField(
        label=_("Branche"), required=False, choices=[("", _("Alle")), *list(SectorChoice.choices)]
    )


@municipal_role_required
def outreach(request):
    """Employers to contact next, ranked by the documented outreach score, with its reasons."""
    today = timezone.localdate()
    employers = list(
        Employer.objects.visible_to(request.user)
        .select_related("municipality")
        .only(
            "name",
            "cvr",
            "street",
            "postcode",
            "city",
            "sector",
            "size_band",
            "municipality__name",
        )
    )
    figures = fleksjob_figures(request.user)
    demand = sector_demand(casepage.wished_sectors(request.user))
    reach = casepage.reach(request.user, today)
    ranked = []
    for employer in employers:
        employer.reach = reach.get(employer.pk)
        employer.last_contact = figures.last_contact.get(employer.pk)
        days = (today - employer.last_contact).days if employer.last_contact else None
        hires = figures.ever.get(employer.pk, 0)
        facts = EmployerFacts(hires, employer.size_band, employer.sector, days)
        ranked.append((employer, score(facts, demand)))
    ranked.sort(key=lambda pair: (-pair[1].score, pair[0].name, pair[0].pk))
    contacted, with_fleksjob = figures.contacted(today)
    context = {
        "rate": contact_rate(contacted, with_fleksjob),
        "contacted": contacted,
        "fleksjob_employers": with_fleksjob,
        "weights": WEIGHTS,
        **paginate(request, ranked),
    }
    mark_namesakes(request.user, (pair[0] for pair in context["page_obj"]))
    return render(request, "employers/outreach.html", context)


@municipal_role_required
def employer_list(request):
    form = EmployerFilter(request.GET)
    employers = employers_with_figures(request.user)
    if form.is_valid():
        q, sector = form.cleaned_data["q"], form.cleaned_data["sector"]
        if q:
            employers = employers.filter(
                Q(name__icontains=q)
                | Q(cvr=q.replace(" ", ""))
                | Q(street__icontains=q)
                | Q(postcode=q)
                | Q(city__icontains=q)
            )
        if sector:
            employers = employers.filter(sector=sector)
    employers = employers.order_by("name", "pk")
    context = {"form": form, **paginate(request, employers)}
    # Among all the employers the user can see, not only those the filter shows.
    mark_namesakes(request.user, context["page_obj"])
    return render(request, "employers/list.html", context)


@municipal_role_required
def employer_new(request):
    """Register an employer in the user's municipality. A company another municipality has
    registered is registered here as if new; only a duplicate here is refused."""
    own = Employer(municipality=request.user.municipality)
    form = EmployerForm(request.POST or None, instance=own)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in EmployerForm.Meta.fields}
        try:
            saved = save_employer(request.user, None, **fields)
        except ValidationError as exc:  # a race with another registration of the same CVR
            form.add_error(None, exc)
        else:
            messages.success(request, _("Virksomheden er oprettet."))
            return redirect("employers:detail", pk=saved.pk)
    status = 422 if form.is_bound else 200
    return render(request, "employers/employer_new.html", {"form": form}, status=status)


@municipal_role_required
def employer_detail(request, pk: int):
    employer = get_object_or_404(employers_with_figures(request.user), pk=pk)
    forms_ = {
        "contact": ContactForm(prefix="contact", employer=employer),
        "person": ContactPersonForm(prefix="person"),
    }
    status = 200
    if request.method == "POST":
        which = request.POST.get("form")
        if which == "contact":
            form = forms_["contact"] = ContactForm(
                request.POST, prefix="contact", employer=employer
            )
        elif which == "person":
            form = forms_["person"] = ContactPersonForm(request.POST, prefix="person")
        else:
            return HttpResponseBadRequest()
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            write = log_contact if which == "contact" else add_contact_person
            write(request.user, employer, **fields)
            messages.success(request, _("Gemt."))
            return redirect("employers:detail", pk=pk)
        status = 422
    mark_namesakes(request.user, [employer])
    # Contact persons (names, phones, e-mails) and the contact log's notes are personal data.
    record(request.user, Action.VIEW, employer, detail="kontaktpersoner og kontaktlog")
    context = {
        "contact_form": forms_["contact"],
        "person_form": forms_["person"],
        "employer": employer,
        "contacts": employer.contacts.all(),
        "positions": employer.positions.order_by("status", "-created_on")[:50],
        "contact_log": employer.contact_log.select_related("consultant", "contact_person")[:25],
        # The company's own proposals waiting for review (docs/selfservice.md).
        "submissions": employer.submissions.filter(status="submitted").order_by("pk"),
        "fleksjob_ever": fleksjobs().filter(employer=employer).count(),
    }
    return render(request, "employers/detail.html", context, status=status)


@municipal_role_required
def position_detail(request, employer_pk: int, pk: int):
    """A position and its best candidates; a candidate without consent is shown without name."""
    employer = get_object_or_404(Employer.objects.visible_to(request.user), pk=employer_pk)
    position = get_object_or_404(employer.positions.select_related("employer"), pk=pk)
    candidates = []
    if position.status == PositionStatus.OPEN:
        candidates = casepage.candidates(position, timezone.localdate(), k=10)
        record(request.user, Action.SEARCH, position, detail="kandidater til stilling")
    tasks = list(position.tasks.order_by("pk"))
    context = {
        "employer": employer,
        "position": position,
        "candidates": crafting_rows(tasks, candidates),
        "tasks": [(t, labelled(t.skills), version_of(t)) for t in tasks],
        "task_hours": sum((t.hours for t in tasks), Decimal(0)),
        "required_skills": labelled(needed_skills(crafting_tasks(tasks))),
        "provides": [ACCOMMODATIONS[k] for k in position.provides if k in ACCOMMODATIONS],
        # Only the municipality's own citizens: one who moved away (case transfer) is gone.
        "placements": casepage.placements()
        .visible_to(request.user)
        .filter(position=position)
        .select_related("citizen")
        .order_by("-stage_since")[:20],
    }
    return render(request, "employers/position_detail.html", context)


def crafting_rows(tasks: list, candidates: list) -> list[dict]:
    """Each candidate with, for a position described as tasks, their coverage of the tasks'
    competences and the best set of tasks within their hours (``core.matching.crafting``)."""
    core = crafting_tasks(tasks)
    described = {str(t.pk): t.description for t in tasks}
    rows = []
    for citizen, match in candidates:
        row = {"citizen": citizen, "match": match, "coverage": None, "subset": None, "chosen": []}
        if core:
            low = citizen.hours_min
            high = max(citizen.hours_capacity, citizen.hours_min)  # as the matching reads it
            row["coverage"] = coverage(citizen.competences, core)
            row["subset"] = subset = best_subset(core, citizen.competences, low, high)
            row["chosen"] = [described[t.id] for t in subset.tasks] if subset else []
        rows.append(row)
    return rows


def _show_refusal(form, refused: ValidationError) -> None:
    """A write function's refusal on the form: at its fields when the form has them, else above
    the fields (a task of an assembly is named ``tasks.N.field``, which no form field is)."""
    if hasattr(refused, "error_dict") and set(refused.error_dict) <= set(form.fields):
        form.add_error(None, refused)
    else:
        form.add_error(None, refused.messages)


def _task_page(request, employer_pk: int, pk: int):
    employer = get_object_or_404(Employer.objects.visible_to(request.user), pk=employer_pk)
    position = get_object_or_404(employer.positions.select_related("employer"), pk=pk)
    return employer, position


@municipal_role_required
def task_edit(request, employer_pk: int, pk: int, task_pk: int | None = None):
    """Add a task to a position or change one (job crafting)."""
    employer, position = _task_page(request, employer_pk, pk)
    found = get_object_or_404(position.tasks, pk=task_pk) if task_pk else None
    form = PositionTaskForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in PositionTaskForm.Meta.fields}
        try:
            if found is None:
                add_task(request.user, position, **fields)
            else:
                edit_task(
                    request.user, found, expected_version=form.cleaned_data["version"], **fields
                )
        except StaleVersion:
            form.add_error(None, STALE)
        except InvalidField as refused:
            form.add_error(refused.field if refused.field in form.fields else None, str(refused))
        except ValidationError as refused:
            _show_refusal(form, refused)
        else:
            messages.success(request, _("Opgaven er gemt."))
            return redirect("employers:position_detail", employer_pk=employer.pk, pk=position.pk)
    context = {"employer": employer, "position": position, "task": found, "form": form}
    status = 422 if form.is_bound else 200
    return render(request, "employers/task_edit.html", context, status=status)


@municipal_role_required
@require_POST
def task_remove(request, employer_pk: int, pk: int, task_pk: int):
    employer, position = _task_page(request, employer_pk, pk)
    found = get_object_or_404(position.tasks, pk=task_pk)
    try:
        remove_task(request.user, found, expected_version=request.POST.get("version", ""))
    except (StaleVersion, VersionRequired):
        messages.error(request, STALE)
    else:
        messages.success(request, _("Opgaven er fjernet."))
    return redirect("employers:position_detail", employer_pk=employer.pk, pk=position.pk)


@municipal_role_required
def assemble(request, employer_pk: int):
    """Sammensæt en fleksstilling af opgaver: the position's own fields and its tasks; the hours
    come from the tasks (``assemble_position``)."""
    employer = get_object_or_404(Employer.objects.visible_to(request.user), pk=employer_pk)
    data = request.POST or None
    initial = None if data else {"openings": 1}
    form = AssembleForm(data, initial=initial, prefix="position")
    rows = TaskRows(data, prefix="tasks")
    if request.method == "POST" and form.is_valid() and rows.is_valid():
        tasks = [
            {name: row.cleaned_data[name] for name in TaskRowForm.Meta.fields}
            for row in rows
            if row.has_changed() and row.cleaned_data
        ]
        fields = {name: form.cleaned_data[name] for name in AssembleForm.Meta.fields}
        try:
            made = assemble_position(request.user, employer, tasks=tasks, **fields)
        except InvalidField as refused:
            form.add_error(refused.field if refused.field in form.fields else None, str(refused))
        except ValidationError as refused:
            _show_refusal(form, refused)
        else:
            messages.success(request, _("Fleksstillingen er sammensat."))
            return redirect("employers:position_detail", employer_pk=employer.pk, pk=made.pk)
    context = {"employer": employer, "form": form, "rows": rows}
    status = 422 if form.is_bound else 200
    return render(request, "employers/assemble.html", context, status=status)


@municipal_role_required
def position_edit(request, employer_pk: int, pk: int | None = None):
    employer = get_object_or_404(Employer.objects.visible_to(request.user), pk=employer_pk)
    position = get_object_or_404(employer.positions, pk=pk) if pk else None
    initial = None if position else {"status": PositionStatus.OPEN, "openings": 1}
    form = PositionForm(request.POST or None, instance=position, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in PositionForm.Meta.fields}
        if position is None:
            fields["created_on"] = timezone.localdate()
        try:
            saved = save_position(
                request.user,
                employer,
                position,
                expected_version=form.cleaned_data["version"],
                **fields,
            )
        except StaleVersion:
            form.add_error(None, STALE)
        else:
            messages.success(request, _("Stillingen er gemt."))
            return redirect("employers:position_detail", employer_pk=employer.pk, pk=saved.pk)
    context = {"employer": employer, "position": position, "form": form}
    return render(
        request, "employers/position_edit.html", context, status=422 if form.is_bound else 200
    )
