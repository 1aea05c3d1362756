import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fleksjob.privacy.retention import apply_retention


class Command(BaseCommand):
    help = (
        "Anonymise citizens whose case ended FLEKSJOB_RETENTION_YEARS ago "
        "(bounded, batched, idempotent, safe to re-run or interrupt)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=1000, help="at most this many citizens")
        parser.add_argument("--batch-size", type=int, default=100, help="citizens per transaction")
        parser.add_argument(
            "--as-of", type=dt.date.fromisoformat, default=None, help="YYYY-MM-DD (default today)"
        )
        parser.add_argument("--dry-run", action="store_true", help="count per municipality only")

    def handle(self, *args, limit, batch_size, as_of, dry_run, **options):
        if limit < 1 or batch_size < 1:
            raise CommandError("--limit og --batch-size skal være mindst 1", returncode=2)
        years = settings.FLEKSJOB["RETENTION_YEARS"]
        day = as_of or timezone.localdate()

        def progress(batch: int, done: int) -> None:
            self.stdout.write(f"parti {batch} gemt: {done} anonymiseret")
            self.stdout.flush()

        report = apply_retention(
            as_of=day,
            years=years,
            limit=limit,
            batch_size=batch_size,
            dry_run=dry_run,
            on_batch=progress,
        )
        if dry_run:
            # Counts only: no names, CPR or ids leave the database.
            for municipality, count in report.by_municipality.items():
                self.stdout.write(f"kommune {municipality}: {count}")
        verb = "ville anonymisere" if dry_run else "anonymiseret"
        done = report.selected if dry_run else report.anonymised
        self.stdout.write(
            f"opbevaring {years} år, skæringsdato {day.isoformat()}: {verb} {done}; "
            f"forfaldne i alt {report.due}; tilbage til næste kørsel {report.remaining}"
        )
