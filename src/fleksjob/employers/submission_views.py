"""Til gennemsyn fra virksomheder: the flex positions companies proposed on their own pages,
waiting for the consultant (the user's municipality only; another municipality's is 404), and
the review: approve (an open position assembled from the tasks) or return with a comment."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fleksjob.accounts.permissions import municipal_role_required
from fleksjob.core.errors import InvalidField, Refused, StaleVersion
from fleksjob.core.matching.competences import labelled
from fleksjob.core.matching.taxonomy import ACCOMMODATIONS
from fleksjob.core.versions import version_of
from fleksjob.employers.models import PositionSubmission, SubmissionStatus
from fleksjob.employers.submissions import approve_submission, return_submission
from fleksjob.reference import isco_title_in
from fleksjob.ui import formats
from fleksjob.ui.forms import DesignSystemForm


class ReviewForm(DesignSystemForm):
    comment = forms.CharField(
        label=gettext_lazy("Kommentar til virksomheden (når du sender forslaget tilbage)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.CharField(widget=forms.HiddenInput)


@municipal_role_required
def submissions(request):
    waiting = (
        PositionSubmission.objects.visible_to(request.user)
        .filter(status=SubmissionStatus.SUBMITTED)
        .select_related("employer__municipality", "contact_person")
        .order_by("submitted_at", "pk")
    )
    return render(request, "employers/submissions.html", {"waiting": waiting})


@municipal_role_required
def submission(request, pk: int):
    found = get_object_or_404(
        PositionSubmission.objects.visible_to(request.user).select_related(
            "employer", "contact_person", "position"
        ),
        pk=pk,
    )
    form = ReviewForm(request.POST or None, initial={"version": version_of(found)})
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]
        try:
            if request.POST.get("action") == "approve":
                position = approve_submission(request.user, found, expected_version=version)
                messages.success(request, _("Stillingen er oprettet."))
                return redirect(
                    "employers:position_detail", employer_pk=found.employer_id, pk=position.pk
                )
            return_submission(
                request.user, found, comment=form.cleaned_data["comment"], expected_version=version
            )
            messages.success(request, _("Forslaget er sendt tilbage til virksomheden."))
            return redirect("employers:submissions")
        except StaleVersion:
            form.add_error(None, _("Forslaget er ændret, siden du åbnede siden."))
        except InvalidField as refused:
            form.add_error("comment" if refused.field == "comment" else None, str(refused))
        except (Refused, ValidationError) as refused:
            form.add_error(None, getattr(refused, "messages", [str(refused)]))
    context = {
        "submission": found,
        "form": form,
        "tasks": [{**t, "competences": labelled(t["skills"])} for t in found.tasks],
        "provides": [ACCOMMODATIONS[k] for k in found.provides if k in ACCOMMODATIONS],
        "occupation": isco_title_in(found.occupation, formats.language()),
        "waiting": found.status == SubmissionStatus.SUBMITTED,
    }
    status = 422 if form.is_bound else 200
    return render(request, "employers/submission.html", context, status=status)
