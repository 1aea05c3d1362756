from __future__ import annotations

from django import forms
from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from fleksjob.accounts.permissions import municipal_role_required
from fleksjob.employers.models import Employer, PositionStatus, SectorChoice
from fleksjob.web.forms import DesignSystemForm
from fleksjob.web.paging import paginate


class EmployerFilter(DesignSystemForm):
    q = forms.CharField(label=_("Navn eller CVR"), required=False, max_length=100)
    sector = forms.ChoiceField(
        label=_("Branche"), required=False, choices=[("", _("Alle")), *list(SectorChoice.choices)]
    )


def employers_with_figures(user):
    return Employer.objects.visible_to(user).annotate(
        last_contact=Max("contact_log__on"),
        open_positions=Count(
            "positions", filter=Q(positions__status=PositionStatus.OPEN), distinct=True
        ),
        fleksjob_now=Count(
            "employments",
            filter=Q(employments__kind="fleksjob", employments__end__isnull=True),
            distinct=True,
        ),
    )


@municipal_role_required
def employer_list(request):
    form = EmployerFilter(request.GET)
    employers = employers_with_figures(request.user)
    if form.is_valid():
        q, sector = form.cleaned_data["q"], form.cleaned_data["sector"]
        if q:
            employers = employers.filter(Q(name__icontains=q) | Q(cvr=q.replace(" ", "")))
        if sector:
            employers = employers.filter(sector=sector)
    employers = employers.order_by("name", "pk")
    return render(request, "employers/list.html", {"form": form, **paginate(request, employers)})


@municipal_role_required
def employer_detail(request, pk: int):
    employer = get_object_or_404(employers_with_figures(request.user), pk=pk)
    context = {
        "employer": employer,
        "contacts": employer.contacts.all(),
        "positions": employer.positions.order_by("status", "-created_on")[:50],
        "contact_log": employer.contact_log.select_related("consultant", "contact_person")[:25],
        "fleksjob_ever": employer.employments.filter(kind="fleksjob").count(),
    }
    return render(request, "employers/detail.html", context)
