"""What the one-shot commands share: queue the job, then wait for it (default) or not."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError

from fleksjob.jobs.models import JobRun, JobStatus
from fleksjob.jobs.runner import Counts, Listener, enqueue, wait


def add_no_wait(parser) -> None:
    parser.add_argument(
        "--no-wait",
        action="store_true",
        help="queue the job for `fleksjob worker` and exit at once",
    )


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
