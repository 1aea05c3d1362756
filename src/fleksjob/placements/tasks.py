"""Background jobs of matching: a municipality's batch run."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fleksjob.audit.writes import write
from fleksjob.jobs.models import JobRun
from fleksjob.jobs.runner import background_job, enqueue, progress
from fleksjob.placements.batch import execute, request_run
from fleksjob.placements.models import MatchRun


@background_job(
    _("Matchkørsel"),
    {"candidates": _("borgere"), "positions": _("stillinger"), "placements": _("placeret")},
)
def match_run(match_run: int, today: str) -> dict:
    """Run a requested batch run (batch.py)."""
    done = execute(
        MatchRun.objects.get(pk=match_run), dt.date.fromisoformat(today), lambda s: progress(s)
    )
    return {
        "municipality": done.municipality_id,
        "status": done.status,
        "candidates": done.candidates,
        "positions": done.positions,
        "placements": done.placements,
        "seconds": done.seconds,
    }


def queue_match_run(match: MatchRun, *, user=None, today: dt.date | None = None) -> JobRun:
    """The job that runs ``match`` (the one already queued for it, if any)."""
    params = {"match_run": match.pk, "today": (today or timezone.localdate()).isoformat()}
    return enqueue(match_run, params, municipality=match.municipality_id, user=user)


@write
def request_match_run(municipality_code: str, user=None) -> JobRun:
    """Request a run for the municipality (idempotent) and queue it for the worker."""
    return queue_match_run(request_run(municipality_code, user), user=user)
