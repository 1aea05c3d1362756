"""The employer describes a flex position on their own pages and sends it to the jobcentre
for review (employers/submissions.py): tasks that could be split off from other jobs, each
with its hours and competences, what the workplace provides, the occupation. The guided way for
a specialist (a lawyer or an HR person a few hours a week) asks for the same in plain Danish
with the specialist occupations to choose from. Their own company's proposals only; another
company's is 404 like one that does not exist."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fleksjob.core.errors import InvalidField, Refused, StaleVersion
from fleksjob.core.matching.competences import labelled
from fleksjob.core.matching.taxonomy import ACCOMMODATIONS
from fleksjob.core.versions import version_of
from fleksjob.employers.forms import AssembleForm, TaskRowForm, TaskRows
from fleksjob.employers.models import PositionSubmission
from fleksjob.employers.submissions import EDITABLE, save_submission
from fleksjob.reference import isco_title_in
from fleksjob.selfservice.access import employer_required
from fleksjob.ui import formats
from fleksjob.ui.labels import bilingual

# Specialist occupations (DISCO-08 unit groups) a company most often needs a few hours a week,
# by the names a company uses for them.
SPECIALISTS = (
    ("2611", "Jurist", "Lawyer"),
    ("2423", "HR-medarbejder", "HR specialist"),
    ("2411", "Revisor eller økonom", "Accountant"),
    ("2421", "Organisationskonsulent", "Management consultant"),
    ("2431", "Marketingmedarbejder", "Marketing specialist"),
    ("2166", "Grafiker", "Graphic designer"),
    ("2512", "Softwareudvikler", "Software developer"),
    ("2642", "Journalist eller kommunikationsmedarbejder", "Journalist or communications officer"),
    ("2635", "Socialrådgiver", "Social worker"),
)
FIELDS = AssembleForm.Meta.fields


class SubmissionForm(AssembleForm):
    version = forms.CharField(widget=forms.HiddenInput, required=False)


class SpecialistForm(SubmissionForm):
    """The guided specialist form: the occupation chosen from the specialists."""

    occupation = forms.ChoiceField(label=gettext_lazy("Hvilken slags specialist?"), choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occupation"].choices = [
            ("", _("Vælg")),
            *(
                (code, bilingual(f"{da} ({code})", f"{en} ({code})"))
                for code, da, en in SPECIALISTS
            ),
        ]


def _mine(request):
    return PositionSubmission.objects.filter(employer=request.employer)


def _form(request, found: PositionSubmission | None, specialist: bool):
    data = request.POST or None
    initial = None
    rows_initial = None
    if found is not None and data is None:
        initial = {name: getattr(found, name) for name in FIELDS}
        initial["version"] = version_of(found)
        rows_initial = found.tasks
    elif data is None:
        initial = {"openings": 1}
    cls = SpecialistForm if specialist else SubmissionForm
    return cls(data, initial=initial, prefix="position"), TaskRows(
        data, initial=rows_initial, prefix="tasks"
    )


def _edit(request, found: PositionSubmission | None, specialist: bool):
    form, rows = _form(request, found, specialist)
    if request.method == "POST" and form.is_valid() and rows.is_valid():
        tasks = [
            {name: row.cleaned_data[name] for name in TaskRowForm.Meta.fields}
            for row in rows
            if row.has_changed() and row.cleaned_data
        ]
        fields = {name: form.cleaned_data[name] for name in FIELDS}
        send = request.POST.get("action") == "send"
        try:
            saved = save_submission(
                request.user,
                request.contact_person,
                found,
                tasks=tasks,
                specialist=specialist,
                send=send,
                expected_version=form.cleaned_data["version"] or None,
                **fields,
            )
        except StaleVersion:
            form.add_error(None, _("Forslaget er ændret, siden du åbnede siden. Prøv igen."))
        except (InvalidField, Refused) as refused:
            field = getattr(refused, "field", None)
            form.add_error(field if field in form.fields else None, str(refused))
        except ValidationError as refused:
            form.add_error(None, refused.messages)
        else:
            if send:
                messages.success(
                    request, _("Tak. Forslaget er sendt til jobcentrets virksomhedskonsulent.")
                )
            else:
                messages.success(request, _("Kladden er gemt."))
            return redirect("selfservice:employer_submission", pk=saved.pk)
    context = {
        "employer": request.employer,
        "form": form,
        "rows": rows,
        "specialist": specialist,
        "submission": found,
    }
    return render(
        request,
        "selfservice/employer_submission.html",
        context,
        status=422 if form.is_bound else 200,
    )


@employer_required
def new(request):
    return _edit(request, None, specialist=False)


@employer_required
def new_specialist(request):
    return _edit(request, None, specialist=True)


@employer_required
def submission(request, pk: int):
    found = get_object_or_404(_mine(request), pk=pk)
    if found.status in EDITABLE:
        return _edit(request, found, specialist=found.specialist)
    if request.method == "POST":
        return redirect("selfservice:employer_submission", pk=pk)
    context = {
        "employer": request.employer,
        "submission": found,
        "tasks": [{**t, "competences": labelled(t["skills"])} for t in found.tasks],
        "provides": [ACCOMMODATIONS[k] for k in found.provides if k in ACCOMMODATIONS],
        "occupation": isco_title_in(found.occupation, formats.language()),
    }
    return render(request, "selfservice/employer_submission_sent.html", context)
