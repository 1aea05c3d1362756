"""``fleksjob manage apply_case_decisions``: the daily run of scheduled case decisions."""

from django.core.management.base import BaseCommand, CommandError

from fleksjob.citizens.models import CaseDecision
from fleksjob.citizens.tasks import apply_case_decisions
from fleksjob.jobs.commands import add_daily_run_arguments, run_day, run_job


class Command(BaseCommand):
    help = (
        "Apply the case decisions whose day has come (a hire dated ahead makes the case 'in "
        "fleksjob' on its start day; a scheduled pause or end takes effect): bounded, idempotent, "
        "safe to re-run (docs/decisions.md). Prints counts only. A background job, run to its end "
        "unless --no-wait."
    )

    def add_arguments(self, parser):
        add_daily_run_arguments(parser, "decisions")

    def handle(self, *args, limit, as_of, dry_run, no_wait=False, **options):
        day = run_day(limit, as_of)
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
