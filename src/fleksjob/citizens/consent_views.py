"""The caseworker's view of a citizen's consent item by item: the current state, the history,
and recording a consent given or withdrawn on paper (or in a meeting)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from fleksjob.accounts.permissions import municipal_role_required
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.citizens.consent import given_items, history, set_consent
from fleksjob.citizens.forms import STALE_PROFILE, ConsentForm
from fleksjob.citizens.models import Citizen, ConsentItemChoice
from fleksjob.core.casework.consent import Via
from fleksjob.core.errors import StaleVersion


@municipal_role_required
def consent(request, pk: int):
    citizen = get_object_or_404(
        Citizen.objects.visible_to(request.user).filter(anonymised_at__isnull=True), pk=pk
    )
    given = given_items(citizen)
    form = ConsentForm(request.POST or None, citizen=citizen, given=given)
    if request.method == "POST" and form.is_valid():
        try:
            set_consent(
                request.user,
                citizen,
                form.cleaned_data["items"],
                via=Via.STAFF,
                expected_version=form.cleaned_data["version"],
            )
        except StaleVersion:
            form.add_error(None, STALE_PROFILE)
        else:
            messages.success(request, _("Samtykket er registreret."))
            return redirect("citizens:consent", pk=pk)
    if request.method == "GET":
        record(request.user, Action.VIEW, citizen, citizen=citizen, detail="samtykke")
    context = {
        "citizen": citizen,
        "form": form,
        "items": [(label, key in given) for key, label in ConsentItemChoice.choices],
        "history": history(citizen),
    }
    return render(request, "citizens/consent.html", context, status=422 if form.is_bound else 200)
