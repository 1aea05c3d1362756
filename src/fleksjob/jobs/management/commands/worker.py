import argparse

from django.core.management.base import BaseCommand, CommandError

from fleksjob.jobs.worker import Worker


class Command(BaseCommand):
    help = (
        "Run background jobs (match runs, reminders, indicator runs, imports, retention, case "
        "transfers) from the queue until stopped (SIGTERM lets the running job finish)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="exit when the queue is empty")
        parser.add_argument("--once", action="store_true", help="run at most one job, then exit")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between looks at an empty queue"
        )
        parser.add_argument("--parent", type=int, default=None, help=argparse.SUPPRESS)

    def handle(self, *args, batch, once, interval, parent=None, **options):
        if interval <= 0:
            raise CommandError("--interval skal være større end 0", returncode=2)

        def say(line: str) -> None:
            self.stdout.write(line)
            self.stdout.flush()

        worker = Worker(batch=batch, once=once, interval=interval, parent=parent, say=say)
        worker.install_signals()
        say("baggrundsjob: venter på job" + (" (stopper når køen er tom)" if batch else ""))
        code = worker.run()
        say(f"baggrundsjob: {worker.ran} job kørt, {worker.failed} fejlet")
        if code:
            raise CommandError(f"{worker.failed} job fejlede", returncode=code)
