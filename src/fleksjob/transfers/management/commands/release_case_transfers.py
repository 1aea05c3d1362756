"""``fleksjob manage release_case_transfers``: the deadline run of case transfer."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fleksjob.transfers.actions import settle_due_transfers

PROGRESS_EVERY = 100


class Command(BaseCommand):
    help = (
        "Release requested cases whose deadline has come and that were not refused, and settle "
        "the other requests as 'no case transferred' (bounded, idempotent, safe to re-run; "
        "docs/case-transfer.md). Prints counts only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=1000, help="at most this many requests")
        parser.add_argument(
            "--as-of", type=dt.date.fromisoformat, default=None, help="YYYY-MM-DD (default today)"
        )
        parser.add_argument("--dry-run", action="store_true", help="count only; change nothing")

    def handle(self, *args, limit, as_of, dry_run, **options):
        if limit < 1:
            raise CommandError("--limit skal være mindst 1", returncode=2)
        day = as_of or timezone.localdate()

        def progress(done: int) -> None:
            if done % PROGRESS_EVERY == 0:
                self.stdout.write(f"behandlet {done}")
                self.stdout.flush()

        report = settle_due_transfers(as_of=day, limit=limit, dry_run=dry_run, on_settled=progress)
        verb = "ville afslutte" if dry_run else "afsluttet"
        # Counts only: no CPR, names or ids leave the database.
        self.stdout.write(
            f"overflytning, skæringsdato {day.isoformat()}: {verb} {report.settled} anmodninger; "
            f"sager frigivet automatisk {report.released}; overført {report.transferred}; "
            f"ingen sag overført {report.none}; forfaldne i alt {report.due}; "
            f"tilbage til næste kørsel {report.remaining}"
        )
        if report.failed:
            raise CommandError(
                f"{report.failed} anmodninger kunne ikke afsluttes og forsøges igen ved næste "
                "kørsel",
                returncode=1,
            )
