"""Background jobs of the surveys: the daily run that sends the invitations (docs/surveys.md)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from fleksjob.jobs.runner import background_job, progress
from fleksjob.surveys.actions import send_invitations


@background_job(
    _("Invitationer til tilfredshedsmåling"),
    {
        "invited": _("inviteret"),
        "without_recipient": _("uden modtager"),
        "remaining": _("tilbage"),
    },
)
def send_surveys(today: str, window_days: int, limit: int) -> dict:
    report = send_invitations(
        today=dt.date.fromisoformat(today),
        window_days=window_days,
        limit=limit,
        on_survey=lambda done, total: progress("spørgeskemaer", done, total),
    )
    # Counts only: the per-questionnaire numbers under their ids, the total under "invited".
    return {
        "invited": sum(report.invited.values()),
        "by_survey": dict(sorted(report.invited.items())),
        "without_recipient": report.without_recipient,
        "remaining": report.remaining,
    }
