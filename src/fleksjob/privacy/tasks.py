"""Background jobs of privacy: retention (anonymisation when it is due)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.utils.translation import gettext_lazy as _

from fleksjob.jobs.runner import background_job, progress
from fleksjob.privacy.retention import apply_retention as anonymise_due


@background_job(
    _("Sletning efter opbevaringstid"),
    {"anonymised": _("anonymiseret"), "remaining": _("tilbage")},
)
def apply_retention(as_of: str, years: int, limit: int, batch_size: int) -> dict:
    report = anonymise_due(
        as_of=dt.date.fromisoformat(as_of),
        years=years,
        limit=limit,
        batch_size=batch_size,
        on_batch=lambda batch, done: progress(f"parti {batch} gemt", done, limit),
    )
    return {**dataclasses.asdict(report), "remaining": report.remaining}
