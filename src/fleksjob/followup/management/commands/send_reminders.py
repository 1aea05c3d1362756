import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from fleksjob.followup.reminders import send_due_reminders
from fleksjob.followup.tasks import send_reminders
from fleksjob.jobs.commands import add_no_wait, run_job


class Command(BaseCommand):
    help = (
        "Send due and overdue follow-up reminders (bounded, idempotent, safe to re-run); a "
        "background job, run to its end unless --no-wait."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=1000, help="at most this many reminders")
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None)
        parser.add_argument("--lead-days", type=int, default=None)
        parser.add_argument("--dry-run", action="store_true", help="count, send nothing")
        add_no_wait(parser)

    def handle(self, *args, limit, today, lead_days, dry_run, no_wait, **options):
        if limit < 1:
            self.stderr.write("--limit skal være mindst 1")
            raise SystemExit(2)
        day = today or timezone.localdate()
        if dry_run:  # a count, not a job
            report = send_due_reminders(today=day, limit=limit, lead_days=lead_days, dry_run=True)
            counts = {**vars(report)}
        else:
            params = {"today": day.isoformat(), "limit": limit, "lead_days": lead_days}
            counts = run_job(send_reminders, params, no_wait=no_wait, stdout=self.stdout)
            if counts is None:
                return
        verb = "ville sende" if dry_run else "sendt"
        self.stdout.write(
            f"påmindelser {verb}: {counts['claimed'] if dry_run else counts['sent']}; "
            f"e-mails: {counts['emails']}; uden modtager: {counts['skipped_no_recipient']}; "
            f"tilbage til næste kørsel: {counts['remaining']}; usikre (afbrudt tidligere): "
            f"{counts['uncertain']}"
        )
