"""Background jobs of follow-up: the reminders of due and overdue follow-ups."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.utils.translation import gettext_lazy as _

from fleksjob.followup.reminders import send_due_reminders
from fleksjob.jobs.runner import background_job


@background_job(
    _("Påmindelser om opfølgning"),
    {
        "sent": _("sendt"),
        "emails": _("e-mails"),
        "skipped_no_recipient": _("uden modtager"),
        "remaining": _("tilbage"),
    },
)
def send_reminders(today: str, limit: int, lead_days: int | None = None) -> dict:
    report = send_due_reminders(
        today=dt.date.fromisoformat(today), limit=limit, lead_days=lead_days
    )
    return dataclasses.asdict(report)
