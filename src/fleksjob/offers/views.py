from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, Max, OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fleksjob.accounts.permissions import manager_required, municipal_role_required
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.citizens.models import Citizen
from fleksjob.core.casework.conversion import DEFAULT_WEEKS, MAX_WEEKS, Practice, rank, tier
from fleksjob.core.errors import DomainError, InvalidField, StaleVersion
from fleksjob.core.versions import version_of
from fleksjob.employers.models import ContactLogEntry, Position, PositionStatus
from fleksjob.offers.actions import (
    OfferError,
    capacity_version,
    edit_offer,
    end_offer,
    record_offer,
    save_capacity,
)
from fleksjob.offers.forms import CapacityForm, EndForm, OfferForm, RunningFilter
from fleksjob.offers.models import ActiveOffer, ConsultantCapacity, OfferKind
from fleksjob.ui.forms import STALE
from fleksjob.ui.paging import paginate


def _show(form, exc: DomainError) -> None:
    if isinstance(exc, StaleVersion):
        form.add_error(None, STALE)
    elif isinstance(exc, InvalidField) and exc.field in form.fields:
        form.add_error(exc.field, str(exc))
    else:
        form.add_error(None, str(exc))


@municipal_role_required
def citizen_offers(request, pk: int):
    """A citizen's active offers, and the form to record a new one."""
    citizen = get_object_or_404(Citizen.objects.visible_to(request.user), pk=pk)
    form = OfferForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_offer(
                request.user,
                citizen,
                kind=data["kind"],
                employer=data["employer"],
                start=data["start"],
                planned_end=data["planned_end"],
                weekly_hours=data["weekly_hours"],
                purpose=data["purpose"],
            )
        except (OfferError, InvalidField) as exc:
            _show(form, exc)
        else:
            messages.success(request, _("Tilbuddet er registreret."))
            return redirect("offers:citizen", pk=pk)
    if request.method == "GET":
        record(request.user, Action.VIEW, citizen, citizen=citizen, detail="aktive tilbud")
    offers = (
        ActiveOffer.objects.filter(citizen=citizen)
        .select_related("employer")
        .order_by("-start", "-pk")
    )
    context = {"citizen": citizen, "offers": list(offers), "form": form}
    return render(request, "offers/citizen.html", context, status=422 if form.errors else 200)


@municipal_role_required
def offer_detail(request, pk: int):
    """One offer: correct it while it runs, or end it with its outcome (two forms)."""
    offer = get_object_or_404(
        ActiveOffer.objects.visible_to(request.user).select_related("citizen", "employer"), pk=pk
    )
    which = request.POST.get("form") if request.method == "POST" else None
    current = version_of(offer)
    edit_form = OfferForm(
        request.POST if which == "edit" else None,
        user=request.user,
        prefix="edit",
        initial={
            "kind": offer.kind,
            "cvr": offer.employer.cvr if offer.employer else "",
            "start": offer.start,
            "planned_end": offer.planned_end,
            "weekly_hours": offer.weekly_hours,
            "purpose": offer.purpose,
            "version": current,
        },
    )
    end_form = EndForm(
        request.POST if which == "end" else None, prefix="end", initial={"version": current}
    )
    form = {"edit": edit_form, "end": end_form}.get(which)
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if which == "edit":
                edit_offer(
                    request.user,
                    offer,
                    expected_version=data["version"] or None,
                    kind=data["kind"],
                    employer=data["employer"],
                    start=data["start"],
                    planned_end=data["planned_end"],
                    weekly_hours=data["weekly_hours"],
                    purpose=data["purpose"],
                )
                messages.success(request, _("Tilbuddet er rettet."))
            else:
                end_offer(
                    request.user,
                    offer,
                    expected_version=data["version"] or None,
                    ended_on=data["ended_on"],
                    outcome=data["outcome"],
                    today=timezone.localdate(),
                )
                messages.success(request, _("Tilbuddet er afsluttet."))
        except (OfferError, InvalidField, StaleVersion) as exc:
            _show(form, exc)
        else:
            return redirect("offers:citizen", pk=offer.citizen_id)
    if request.method == "GET":
        record(request.user, Action.VIEW, offer, citizen=offer.citizen, detail="aktivt tilbud")
    context = {"offer": offer, "edit_form": edit_form, "end_form": end_form}
    return render(request, "offers/detail.html", context, status=422 if form else 200)


@municipal_role_required
def running(request):
    """The municipality's offers: running by default, filtered by kind and planned end."""
    filters = RunningFilter(request.GET or None)
    today = timezone.localdate()
    offers = ActiveOffer.objects.visible_to(request.user).select_related("citizen", "employer")
    data = filters.cleaned_data if filters.is_valid() else {}
    state = data.get("state") or ""
    if state == "":
        offers = offers.filter(ended_on__isnull=True)
    elif state == "ended":
        offers = offers.filter(ended_on__isnull=False)
    if data.get("kind"):
        offers = offers.filter(kind=data["kind"])
    if data.get("ending_before"):
        offers = offers.filter(planned_end__lte=data["ending_before"])
    context = paginate(request, offers.order_by("planned_end", "pk"))
    record(
        request.user,
        Action.SEARCH,
        citizen_ids=[o.citizen_id for o in context["page_obj"]],
        detail="aktive tilbud",
    )
    context |= {"filters": filters, "today": today}
    return render(request, "offers/list.html", context)


def _weeks(request) -> int:
    try:
        weeks = int(request.GET.get("uger", DEFAULT_WEEKS))
    except ValueError:
        return DEFAULT_WEEKS
    return min(max(weeks, 1), MAX_WEEKS)


@municipal_role_required
def conversions(request):
    """Running practice placements ending within N weeks, with what the workplace has open:
    the practices a consultant could turn into fleksjobs, ranked (core.casework.conversion)."""
    weeks = _weeks(request)
    today = timezone.localdate()
    open_positions = Position.objects.filter(
        employer=OuterRef("employer"), status=PositionStatus.OPEN
    )
    fitting = open_positions.filter(
        hours_min__lte=OuterRef("weekly_hours"), hours_max__gte=OuterRef("weekly_hours")
    )

    def count(qs):
        return Subquery(
            qs.order_by().values("employer").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        )

    last_contact = Subquery(
        ContactLogEntry.objects.filter(employer=OuterRef("employer"))
        .order_by()
        .values("employer")
        .annotate(last=Max("on"))
        .values("last")[:1]
    )
    offers = (
        ActiveOffer.objects.visible_to(request.user)
        .filter(
            kind=OfferKind.PRACTICE,
            ended_on__isnull=True,
            employer__isnull=False,
            planned_end__gte=today,
            planned_end__lte=today + dt.timedelta(weeks=weeks),
        )
        .select_related("citizen", "employer")
        .annotate(n_open=count(open_positions), n_fitting=count(fitting), last_contact=last_contact)
        .order_by("pk")
    )
    by_id = {o.pk: o for o in offers}
    ranked = rank(
        [
            Practice(o.pk, o.planned_end, o.n_fitting or 0, o.n_open or 0, o.last_contact)
            for o in by_id.values()
        ]
    )
    rows = []
    for p in ranked:
        offer = by_id[p.offer_id]
        offer.tier = tier(p)
        offer.days_left = (offer.planned_end - today).days
        rows.append(offer)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    record(
        request.user,
        Action.SEARCH,
        citizen_ids=[o.citizen_id for o in page],
        detail="praktikker der kan blive fleksjob",
    )
    query = request.GET.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    context = {
        "page_obj": page,
        "query_without_page": f"{encoded}&" if encoded else "",
        "page_param": "page",
        "weeks": weeks,
        "max_weeks": MAX_WEEKS,
        "today": today,
    }
    return render(request, "offers/conversions.html", context)


def _year(request) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("aar", today.year))
    except ValueError:
        return today.year
    return year if 2000 <= year <= today.year + 1 else today.year


@manager_required
def capacity(request):
    """The manager's month grid of consultant capacity for a year."""
    year = _year(request)
    municipality = request.user.municipality_id
    saved = {
        c.month.month: c
        for c in ConsultantCapacity.objects.filter(
            municipality_id=municipality, month__year=year
        ).order_by("month")
    }
    initial = {"version": capacity_version(municipality, year)}
    for month, row in saved.items():
        initial[f"fte_{month}"] = row.consultants_fte
        initial[f"employer_fte_{month}"] = row.employer_fte
    form = CapacityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = save_capacity(
                request.user,
                year,
                form.cleaned_data["months"],
                expected_version=form.cleaned_data["version"] or None,
            )
        except DomainError as exc:
            _show(form, exc)
        else:
            messages.success(
                request, _("Kapaciteten er gemt (%(n)s måneder ændret).") % {"n": changed}
            )
            return redirect(f"{request.path}?aar={year}")
    months = [
        {
            "number": m,
            "date": dt.date(year, m, 1),
            "fte": fte,
            "employer_fte": employer_fte,
            "synthetic": saved[m].synthetic if m in saved else False,
        }
        for m, fte, employer_fte in form.rows()
    ]
    context = {
        "form": form,
        "months": months,
        "year": year,
        "previous_year": year - 1 if year > 2000 else None,
        "next_year": year + 1 if year < timezone.localdate().year + 1 else None,
        "any_synthetic": any(r.synthetic for r in saved.values()),
    }
    return render(request, "offers/capacity.html", context, status=422 if form.errors else 200)
