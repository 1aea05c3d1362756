"""Background jobs of citizens' cases: the daily run that applies scheduled case decisions."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.utils.translation import gettext_lazy as _

from fleksjob.citizens.actions import apply_due_decisions
from fleksjob.jobs.runner import background_job, progress


@background_job(
    _("Planlagte afgørelser"),
    {"applied": _("trådt i kraft"), "failed": _("fejlet"), "remaining": _("tilbage")},
)
def apply_case_decisions(as_of: str, limit: int) -> dict:
    report = apply_due_decisions(
        as_of=dt.date.fromisoformat(as_of),
        limit=limit,
        on_applied=lambda done: progress("behandlet", done, limit),
    )
    return {**dataclasses.asdict(report), "remaining": report.remaining}
