"""Key figures for one municipality, or for one person's own cases ("Mine sager": the cases a
caseworker is responsible for), computed from the operational database."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from fleksjob.accounts.models import Role
from fleksjob.citizens.casefacts import deadlines_of_cases
from fleksjob.citizens.models import Approval
from fleksjob.core.rules.case_status import Status
from fleksjob.core.rules.deadlines import DeadlineState, DeadlineStatus, add_months
from fleksjob.employment.models import Employment
from fleksjob.followup.models import FollowUpPlan

# What the deadline rules read of a case, and the name a review in the list shows (loading every
# field of 800 citizens cost more than the rules themselves).
CASE_FIELDS = (
    "pk",
    "citizen_id",
    "first_fleksjob_start",
    "old_scheme",
    "permanent",
    "reviewed_on",
    "temporary_until",
    "status",
    "status_since",
    "citizen__first_name",
    "citizen__last_name",
    "citizen__anonymised_at",
)


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
    overdue = 0
    reviews = []
    horizon = add_months(today, 6)
    cases = cases_of(user, mine=mine)
    if reviews_shown:
        cases = cases.select_related("citizen").only(*CASE_FIELDS)
    else:  # only counted: plain rows (no model instances), the citizen's name not read
        cases = cases.values_list(
            *(f for f in CASE_FIELDS if not f.startswith("citizen__")), named=True
        )
    for approval, states in deadlines_of_cases(cases, today):
        overdue += sum(1 for s in states if s.state == DeadlineState.OVERDUE)
        reviews += [
            (approval, s)
            for s in states
            if s.key == "review"
            and (s.overdue or (s.state == DeadlineState.DUE and s.due <= horizon))
        ]
    reviews.sort(key=lambda pair: (pair[1].due, pair[0].pk))
    return overdue, reviews[:reviews_shown]


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
    counts["hired_this_month"] = hires.filter(
        start__gte=today.replace(day=1), start__lte=today
    ).count()
    counts["hired_this_year"] = hires.filter(
        start__gte=today.replace(month=1, day=1), start__lte=today
    ).count()
    counts["followups_overdue"] = plans.filter(active=True, next_due__lt=today).count()
    # The reviews ride along for the caseworker's list (one pass over the cases for both).
    counts["deadlines_overdue"], counts["reviews"] = legal_deadlines_of(
        user, today, reviews_shown=15 if user.role == Role.CASEWORKER else 0, mine=mine
    )
    counts["unemployed_share"] = (
        counts["unemployed"] / counts["active"] if counts["active"] else None
    )
    return counts
