"""What the one-shot commands share: queue the job, then wait for it (default) or not."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandError
from django.utils import timezone

from fleksjob.jobs.models import JobRun, JobStatus
from fleksjob.jobs.runner import Counts, Listener, enqueue, wait


def add_no_wait(parser) -> None:
    parser.add_argument(
        "--no-wait",
        action="store_true",
        help="queue the job for `fleksjob worker` and exit at once",
    )


def add_daily_run_arguments(parser, items: str) -> None:
    """The arguments of a bounded daily run (``--limit`` of ``items``, ``--as-of``,
    ``--dry-run``, ``--no-wait``)."""
    parser.add_argument("--limit", type=int, default=1000, help=f"at most this many {items}")
    parser.add_argument(
        "--as-of", type=dt.date.fromisoformat, default=None, help="YYYY-MM-DD (default today)"
    )
    parser.add_argument("--dry-run", action="store_true", help="count only; change nothing")
    add_no_wait(parser)


def run_day(limit: int, as_of: dt.date | None) -> dt.date:
    """The day a daily run acts as of (today unless ``--as-of``); a ``--limit`` below 1 is bad
    usage."""
    if limit < 1:
        raise CommandError("--limit skal være mindst 1", returncode=2)
    return as_of or timezone.localdate()


def queued_line(run: JobRun) -> str:
    return f"job {run.pk} ({run.kind}) er i kø: {run.get_status_display()}"


def finished(run: JobRun) -> Counts:
    """The counts of a finished run; a failed run ends the command with its exit code."""
    if run.status == JobStatus.FAILED:
        raise CommandError(run.error, returncode=run.exit_code or 1)
    return run.counts


def run_job(
    job,
    params: dict[str, Any],
    *,
    no_wait: bool,
    stdout,
    listener: Listener | None = None,
    municipality: str | None = None,
) -> Counts | None:
    """Queue the job; with ``no_wait`` say so and give None, else run it to its end."""
    run = enqueue(job, params, municipality=municipality)
    if no_wait:
        stdout.write(queued_line(run))
        return None
    return finished(wait(run, listener))
