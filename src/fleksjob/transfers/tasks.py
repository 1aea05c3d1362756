"""Background jobs of case transfer: the deadline run."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.utils.translation import gettext_lazy as _

from fleksjob.jobs.runner import background_job, progress
from fleksjob.transfers.actions import settle_due_transfers


@background_job(
    _("Frigivelse af overflytninger"),
    {"settled": _("afsluttet"), "released": _("frigivet"), "failed": _("fejlet")},
)
def release_case_transfers(as_of: str, limit: int) -> dict:
    report = settle_due_transfers(
        as_of=dt.date.fromisoformat(as_of),
        limit=limit,
        on_settled=lambda done: progress("behandlet", done, limit),
    )
    return {**dataclasses.asdict(report), "remaining": report.remaining}
