import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fleksjob.jobs.commands import add_no_wait, run_job
from fleksjob.privacy.retention import apply_retention
from fleksjob.privacy.tasks import apply_retention as retention_job


class Command(BaseCommand):
    help = (
        "Anonymise citizens whose case ended FLEKSJOB_RETENTION_YEARS ago "
        "(bounded, batched, idempotent, safe to re-run or interrupt); a background job, run to "
        "its end unless --no-wait."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=1000, help="at most this many citizens")
        parser.add_argument("--batch-size", type=int, default=100, help="citizens per transaction")
        parser.add_argument(
            "--as-of", type=dt.date.fromisoformat, default=None, help="YYYY-MM-DD (default today)"
        )
        parser.add_argument("--dry-run", action="store_true", help="count per municipality only")
        add_no_wait(parser)

    def handle(self, *args, limit, batch_size, as_of, dry_run, no_wait=False, **options):
        if limit < 1 or batch_size < 1:
            raise CommandError("--limit og --batch-size skal være mindst 1", returncode=2)
        years = settings.FLEKSJOB["RETENTION_YEARS"]
        day = as_of or timezone.localdate()

        def progress(stage: str, done: int, total: int | None) -> None:
            self.stdout.write(f"{stage}: {done} anonymiseret")
            self.stdout.flush()

        if dry_run:  # counts only: no names, CPR or ids leave the database
            report = apply_retention(
                as_of=day, years=years, limit=limit, batch_size=batch_size, dry_run=True
            )
            for municipality, count in report.by_municipality.items():
                self.stdout.write(f"kommune {municipality}: {count}")
            counts = {"selected": report.selected, "due": report.due}
            counts["remaining"] = report.remaining
        else:
            params = {"as_of": day.isoformat(), "years": years, "limit": limit}
            params["batch_size"] = batch_size
            counts = run_job(
                retention_job, params, no_wait=no_wait, stdout=self.stdout, listener=progress
            )
            if counts is None:
                return
        verb = "ville anonymisere" if dry_run else "anonymiseret"
        done = counts["selected"] if dry_run else counts["anonymised"]
        self.stdout.write(
            f"opbevaring {years} år, skæringsdato {day.isoformat()}: {verb} {done}; "
            f"forfaldne i alt {counts['due']}; tilbage til næste kørsel {counts['remaining']}"
        )
