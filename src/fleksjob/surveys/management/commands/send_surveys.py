import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from fleksjob.surveys.actions import WINDOW_DAYS, send_invitations


class Command(BaseCommand):
    help = (
        "Invite citizens and employers' contact persons to the satisfaction surveys of the "
        "triggers of the last days (meetings held, fleksjobs started and ended, visits); "
        "idempotent, run daily (docs/surveys.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None)
        parser.add_argument("--window-days", type=int, default=WINDOW_DAYS)

    def handle(self, *args, today, window_days, **options):
        if window_days < 1:
            self.stderr.write("--window-days skal være mindst 1")
            raise SystemExit(2)
        report = send_invitations(today=today or timezone.localdate(), window_days=window_days)
        for survey_id, count in sorted(report.invited.items()):
            self.stdout.write(f"{survey_id}: {count} invitationer")
        self.stdout.write(f"uden modtager: {report.without_recipient}")
