import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fleksjob.jobs.commands import add_no_wait, run_job
from fleksjob.surveys.actions import LIMIT, WINDOW_DAYS
from fleksjob.surveys.tasks import send_surveys


class Command(BaseCommand):
    help = (
        "Invite citizens and employers' contact persons to the satisfaction surveys of the "
        "triggers of the last days (meetings held, fleksjobs started and ended, visits); "
        "bounded, idempotent, run daily (docs/surveys.md). A background job, run to its end "
        "unless --no-wait."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None)
        parser.add_argument("--window-days", type=int, default=WINDOW_DAYS)
        parser.add_argument(
            "--limit", type=int, default=LIMIT, help="at most this many invitations"
        )
        add_no_wait(parser)

    def handle(self, *args, today, window_days, limit, no_wait=False, **options):
        if window_days < 1:
            raise CommandError("--window-days skal være mindst 1", returncode=2)
        if limit < 1:
            raise CommandError("--limit skal være mindst 1", returncode=2)
        params = {
            "today": (today or timezone.localdate()).isoformat(),
            "window_days": window_days,
            "limit": limit,
        }
        counts = run_job(send_surveys, params, no_wait=no_wait, stdout=self.stdout)
        if counts is None:
            return
        for survey_id, count in counts["by_survey"].items():
            self.stdout.write(f"{survey_id}: {count} invitationer")
        self.stdout.write(f"uden modtager: {counts['without_recipient']}")
        self.stdout.write(f"tilbage til næste kørsel: {counts['remaining']}")
