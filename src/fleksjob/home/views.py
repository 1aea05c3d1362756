from __future__ import annotations

from django.core.cache import cache
from django.shortcuts import render
from django.utils import timezone

from fleksjob.accounts.models import Role
from fleksjob.citizens.models import Approval
from fleksjob.core.rules.case_status import Status
from fleksjob.core.rules.deadlines import REVIEW_MONTHS, add_months, review_due
from fleksjob.economics.budget import municipal_budget
from fleksjob.employers.models import Position, PositionStatus
from fleksjob.employers.views import employer_contact_rate, employers_with_figures
from fleksjob.followup.models import FollowUpPlan
from fleksjob.home.figures import municipality_figures


def _budget(municipality_code: str, today) -> dict:
    """This year's cost after refusion (cached for an hour: it reads every case of the year)."""
    key = f"budget:{municipality_code}:{today.isoformat()}"
    if (cached := cache.get(key)) is not None:
        return cached
    result, people = municipal_budget(municipality_code, today.year, today)
    budget = {"totals": result.totals(), "months": result.monthly_totals(), "people": people}
    cache.set(key, budget, 3600)
    return budget


def home(request):
    user = request.user
    today = timezone.localdate()
    context = {"today": today}
    if user.role == Role.CASEWORKER and user.is_municipal:
        context["figures"] = municipality_figures(user, today)
        context["due_followups"] = (
            FollowUpPlan.objects.visible_to(user)
            .filter(active=True, next_due__lte=add_months(today, 1))
            .select_related("citizen")
            .order_by("next_due", "pk")[:15]
        )
        # Reviews (revurdering) due within six months for new-scheme, not yet permanent cases.
        window_start = add_months(today, -REVIEW_MONTHS)
        reviews = (
            Approval.objects.visible_to(user)
            .filter(
                status=Status.IN_FLEKSJOB,
                permanent=False,
                old_scheme=False,
                first_fleksjob_start__gte=window_start,
                first_fleksjob_start__lte=add_months(window_start, 6),
            )
            .select_related("citizen")
            .order_by("first_fleksjob_start")[:15]
        )
        context["reviews"] = [(a, review_due(a.first_fleksjob_start)) for a in reviews]
        template = "home/caseworker.html"
    elif user.role == Role.CONSULTANT and user.is_municipal:
        context["open_positions"] = (
            Position.objects.visible_to(user)
            .filter(status=PositionStatus.OPEN)
            .select_related("employer")
            .order_by("-created_on", "pk")[:20]
        )
        context["stale_employers"] = (
            employers_with_figures(user)
            .filter(fleksjob_now__gt=0)
            .order_by("last_contact", "pk")[:15]
        )
        template = "home/consultant.html"
    elif user.role == Role.MANAGER and user.is_municipal:
        context["figures"] = municipality_figures(user, today)
        context["contact"] = employer_contact_rate(user, today)
        context["budget"] = _budget(user.municipality_id, today)
        template = "home/manager.html"
    else:
        template = "home/other.html"
    return render(request, template, context)
