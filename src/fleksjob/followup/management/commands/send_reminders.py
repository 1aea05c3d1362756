import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from fleksjob.followup.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Send due and overdue follow-up reminders (bounded, idempotent, safe to re-run)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=1000, help="at most this many reminders")
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None)
        parser.add_argument("--lead-days", type=int, default=None)
        parser.add_argument("--dry-run", action="store_true", help="count, send nothing")

    def handle(self, *args, limit, today, lead_days, dry_run, **options):
        if limit < 1:
            self.stderr.write("--limit skal være mindst 1")
            raise SystemExit(2)
        report = send_due_reminders(
            today=today or timezone.localdate(), limit=limit, lead_days=lead_days, dry_run=dry_run
        )
        verb = "ville sende" if dry_run else "sendt"
        self.stdout.write(
            f"påmindelser {verb}: {report.claimed if dry_run else report.sent}; "
            f"e-mails: {report.emails}; uden modtager: {report.skipped_no_recipient}; "
            f"tilbage til næste kørsel: {report.remaining}; usikre (afbrudt tidligere): "
            f"{report.uncertain}"
        )
