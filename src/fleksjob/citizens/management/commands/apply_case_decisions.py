"""``fleksjob manage apply_case_decisions``: the daily run of scheduled case decisions."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fleksjob.citizens.models import CaseDecision
from fleksjob.citizens.tasks import apply_case_decisions
from fleksjob.jobs.commands import add_no_wait, run_job


class Command(BaseCommand):
    help = (
        "Apply the case decisions whose day has come (a hire dated ahead makes the case 'in "
        "fleksjob' on its start day; a scheduled pause or end takes effect): bounded, idempotent, "
        "safe to re-run (docs/decisions.md). Prints counts only. A background job, run to its end "
        "unless --no-wait."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=1000, help="at most this many decisions")
        parser.add_argument(
            "--as-of", type=dt.date.fromisoformat, default=None, help="YYYY-MM-DD (default today)"
        )
        parser.add_argument("--dry-run", action="store_true", help="count only; change nothing")
        add_no_wait(parser)

    def handle(self, *args, limit, as_of, dry_run, no_wait=False, **options):
        if limit < 1:
            raise CommandError("--limit skal være mindst 1", returncode=2)
        day = as_of or timezone.localdate()
        if dry_run:
            due = CaseDecision.objects.scheduled().filter(on__lte=day).count()
            self.stdout.write(
                f"afgørelser, skæringsdato {day.isoformat()}: ville træde i kraft {due}"
            )
            return
        params = {"as_of": day.isoformat(), "limit": limit}
        counts = run_job(apply_case_decisions, params, no_wait=no_wait, stdout=self.stdout)
        if counts is None:
            return
        # Counts only: no names or ids leave the database.
        self.stdout.write(
            f"afgørelser, skæringsdato {day.isoformat()}: trådt i kraft {counts['applied']}; "
            f"forfaldne i alt {counts['due']}; tilbage til næste kørsel {counts['remaining']}"
        )
        if counts["failed"]:
            raise CommandError(
                f"{counts['failed']} afgørelser kunne ikke træde i kraft og forsøges igen ved "
                "næste kørsel",
                returncode=1,
            )
