"""The citizen's consent item by item on Mit fleksjob (``/mit-fleksjob/samtykke/``): what each
item lets an employer see, given or withdrawn at any time, and the history of the changes."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.citizens.consent import given_items, history, set_consent
from fleksjob.citizens.forms import ConsentForm
from fleksjob.core.casework.consent import ConsentItem, Via
from fleksjob.core.errors import StaleVersion
from fleksjob.selfservice.access import citizen_required

# What each item lets the company see, in the citizen's words.
EXPLAINED = {
    ConsentItem.COMPETENCES: (
        gettext_lazy("Dine kompetencer"),
        gettext_lazy(
            "De kompetencer, jobcentret har noteret til opgaver, for eksempel "
            "kundeservice eller bogføring."
        ),
    ),
    ConsentItem.HOURS: (
        gettext_lazy("Dine timer"),
        gettext_lazy("Hvor mange timer om ugen du kan arbejde nu, og hvad dit mål er."),
    ),
    ConsentItem.PROVISIONS: (
        gettext_lazy("De hensyn, du har brug for"),
        gettext_lazy(
            "Hvad arbejdspladsen skal tilbyde, for eksempel pauser efter behov eller et "
            "hæve-sænkebord. Aldrig din diagnose eller andre helbredsoplysninger."
        ),
    ),
    ConsentItem.NAME_CONTACT: (
        gettext_lazy("Dit navn og kontakt"),
        gettext_lazy(
            "Virksomheden må vide, hvem du er, og jobcentret må præsentere dig for "
            "virksomheden. Uden dette ser virksomheden dig kun som en anonym kandidat."
        ),
    ),
}


@citizen_required
def consent(request):
    citizen = request.citizen
    given = given_items(citizen)
    form = ConsentForm(request.POST or None, citizen=citizen, given=given)
    if request.method == "POST" and form.is_valid():
        try:
            set_consent(
                request.user,
                citizen,
                form.cleaned_data["items"],
                via=Via.CITIZEN,
                expected_version=form.cleaned_data["version"],
            )
        except StaleVersion:
            form.add_error(None, _("Dine oplysninger er ændret, siden du åbnede siden. Prøv igen."))
        else:
            messages.success(request, _("Dit samtykke er gemt."))
            return redirect("selfservice:consent")
    if request.method == "GET":
        record(request.user, Action.VIEW, citizen, citizen=citizen, detail="borger: samtykke")
    boxes = {box.data["value"]: box for box in form["items"]}
    context = {
        "form": form,
        "items": [
            {"box": boxes[item.value], "title": title, "text": text, "given": item in given}
            for item, (title, text) in EXPLAINED.items()
        ],
        "history": history(citizen),
    }
    return render(
        request, "selfservice/consent.html", context, status=422 if form.is_bound else 200
    )
