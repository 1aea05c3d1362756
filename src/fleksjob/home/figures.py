"""Key figures for one municipality, computed from the operational database."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from fleksjob.citizens.models import Approval
from fleksjob.core.rules.case_status import Status
from fleksjob.employment.models import Employment
from fleksjob.followup.models import FollowUpPlan


def municipality_figures(user, today: dt.date) -> dict:
    counts = (
        Approval.objects.visible_to(user)
        .active()
        .aggregate(
            active=Count("pk"),
            unemployed=Count("pk", filter=Q(status=Status.APPROVED_UNEMPLOYED)),
            in_fleksjob=Count("pk", filter=Q(status=Status.IN_FLEKSJOB)),
            paused=Count("pk", filter=Q(status=Status.PAUSED)),
        )
    )
    hires = Employment.objects.visible_to(user).filter(kind="fleksjob")
    counts["hired_this_month"] = hires.filter(
        start__gte=today.replace(day=1), start__lte=today
    ).count()
    counts["hired_this_year"] = hires.filter(
        start__gte=today.replace(month=1, day=1), start__lte=today
    ).count()
    counts["followups_overdue"] = (
        FollowUpPlan.objects.visible_to(user).filter(active=True, next_due__lt=today).count()
    )
    counts["unemployed_share"] = (
        counts["unemployed"] / counts["active"] if counts["active"] else None
    )
    return counts
