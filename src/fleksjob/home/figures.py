"""Key figures for one municipality, or for one person's own cases ("Mine sager": the cases a
caseworker is responsible for), computed from the operational database."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from fleksjob.accounts.models import Role
from fleksjob.citizens.casefacts import open_case_deadlines
from fleksjob.citizens.models import Approval
from fleksjob.core.rules.case_status import Status
from fleksjob.core.rules.deadlines import DeadlineState, DeadlineStatus, add_months
from fleksjob.employment.models import Employment
from fleksjob.followup.models import FollowUpPlan


def cases_of(user, *, mine: bool = False):
    """The open cases the figures count: the municipality's, or only the user's own."""
    cases = Approval.objects.visible_to(user).active()
    return cases.owned_by(user) if mine else cases


def legal_deadlines_of(
    user, today: dt.date, reviews_shown: int = 15, *, mine: bool = False
) -> tuple[int, list[tuple[Approval, DeadlineStatus]]]:
    """The number of overdue legal deadlines on the municipality's (or the user's own) open cases
    (met, due and no longer relevant ones do not count), and the first ``reviews_shown`` reviews
    (revurdering) to act on: overdue, or due within six months, earliest first."""
    states = open_case_deadlines(user, today)
    if mine:
        own = set(cases_of(user, mine=True).values_list("pk", flat=True))
        states = {pk: found for pk, found in states.items() if pk in own}
    horizon = add_months(today, 6)
    overdue = sum(1 for found in states.values() for s in found if s.overdue)
    reviews = sorted(
        (
            (s.due, pk, s)
            for pk, found in states.items()
            for s in found
            if s.key == "review"
            and (s.overdue or (s.state == DeadlineState.DUE and s.due <= horizon))
        ),
        key=lambda row: row[:2],
    )[:reviews_shown]
    cases = Approval.objects.select_related("citizen").in_bulk([pk for _, pk, _ in reviews])
    return overdue, [(cases[pk], s) for _, pk, s in reviews if pk in cases]


def municipality_figures(user, today: dt.date, *, mine: bool = False) -> dict:
    """The home page's figures: the municipality's, or (``mine``) the user's own cases only."""
    cases = cases_of(user, mine=mine)
    counts = cases.aggregate(
        active=Count("pk"),
        unemployed=Count("pk", filter=Q(status=Status.APPROVED_UNEMPLOYED)),
        in_fleksjob=Count("pk", filter=Q(status=Status.IN_FLEKSJOB)),
        paused=Count("pk", filter=Q(status=Status.PAUSED)),
    )
    hires = Employment.objects.visible_to(user).filter(kind="fleksjob")
    plans = FollowUpPlan.objects.visible_to(user)
    if mine:
        hires = hires.filter(citizen__in=cases.values("citizen"))
        plans = plans.filter(approval__in=cases)
    counts |= hires.filter(start__gte=today.replace(month=1, day=1), start__lte=today).aggregate(
        hired_this_year=Count("pk"),
        hired_this_month=Count("pk", filter=Q(start__gte=today.replace(day=1))),
    )
    counts["followups_overdue"] = plans.filter(active=True, next_due__lt=today).count()
    # The reviews ride along for the caseworker's list (one pass over the cases for both).
    counts["deadlines_overdue"], counts["reviews"] = legal_deadlines_of(
        user, today, reviews_shown=15 if user.role == Role.CASEWORKER else 0, mine=mine
    )
    counts["unemployed_share"] = (
        counts["unemployed"] / counts["active"] if counts["active"] else None
    )
    return counts
