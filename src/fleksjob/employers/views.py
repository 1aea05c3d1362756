from __future__ import annotations

from django import forms
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from fleksjob.accounts.permissions import municipal_role_required
from fleksjob.employers.models import (
    ContactLogEntry,
    Employer,
    Position,
    PositionStatus,
    SectorChoice,
)
from fleksjob.placements.models import Employment
from fleksjob.web.forms import DesignSystemForm
from fleksjob.web.paging import paginate


class EmployerFilter(DesignSystemForm):
    q = forms.CharField(label=_("Navn eller CVR"), required=False, max_length=100)
    sector = forms.ChoiceField(
        label=_("Branche"), required=False, choices=[("", _("Alle")), *list(SectorChoice.choices)]
    )


def _count(queryset) -> Coalesce:
    """A correlated COUNT per employer (cheaper than joining and counting distinct rows)."""
    counted = queryset.filter(employer=OuterRef("pk")).values("employer").annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n")), 0)


def employers_with_figures(user):
    last_contact = (
        ContactLogEntry.objects.filter(employer=OuterRef("pk")).order_by("-on").values("on")[:1]
    )
    return Employer.objects.visible_to(user).annotate(
        last_contact=Subquery(last_contact),
        open_positions=_count(Position.objects.filter(status=PositionStatus.OPEN)),
        fleksjob_now=_count(Employment.objects.filter(kind="fleksjob", end__isnull=True)),
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
