"""``fleksjob manage release_case_transfers``: the deadline run of case transfer."""

from django.core.management.base import BaseCommand, CommandError

from fleksjob.jobs.commands import add_daily_run_arguments, run_day, run_job
from fleksjob.transfers.actions import settle_due_transfers
from fleksjob.transfers.tasks import release_case_transfers

PROGRESS_EVERY = 100


class Command(BaseCommand):
    help = (
        "Release requested cases whose deadline has come and that were not refused, and settle "
        "the other requests as 'no case transferred' (bounded, idempotent, safe to re-run; "
        "docs/case-transfer.md). Prints counts only. A background job, run to its end unless "
        "--no-wait."
    )

    def add_arguments(self, parser):
        add_daily_run_arguments(parser, "requests")

    def handle(self, *args, limit, as_of, dry_run, no_wait=False, **options):
        day = run_day(limit, as_of)

        def progress(stage: str, done: int, total: int | None = None) -> None:
            if done % PROGRESS_EVERY == 0:
                self.stdout.write(f"behandlet {done}")
                self.stdout.flush()

        if dry_run:
            counts = vars(
                settle_due_transfers(
                    as_of=day, limit=limit, dry_run=True, on_settled=lambda d: progress("", d)
                )
            )
        else:
            params = {"as_of": day.isoformat(), "limit": limit}
            counts = run_job(
                release_case_transfers,
                params,
                no_wait=no_wait,
                stdout=self.stdout,
                listener=progress,
            )
            if counts is None:
                return
        verb = "ville afslutte" if dry_run else "afsluttet"
        # Counts only: no CPR, names or ids leave the database.
        self.stdout.write(
            f"overflytning, skæringsdato {day.isoformat()}: {verb} {counts['settled']} "
            f"anmodninger; sager frigivet automatisk {counts['released']}; overført "
            f"{counts['transferred']}; ingen sag overført {counts['none']}; forfaldne i alt "
            f"{counts['due']}; tilbage til næste kørsel {counts['due'] - counts['selected']}"
        )
        if counts["failed"]:
            raise CommandError(
                f"{counts['failed']} anmodninger kunne ikke afsluttes og forsøges igen ved næste "
                "kørsel",
                returncode=1,
            )
