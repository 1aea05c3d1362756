from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fleksjob.jobs.commands import add_no_wait, finished, queued_line
from fleksjob.jobs.runner import wait
from fleksjob.municipalities.models import Municipality
from fleksjob.placements.batch import request_run
from fleksjob.placements.models import MatchRun, MatchRunStatus
from fleksjob.placements.tasks import queue_match_run


class Command(BaseCommand):
    help = (
        "Municipal batch matching (recommendations and the optimal assignment, stored): run "
        "named municipalities now, or process pending runs requested in the UI. Each run is a "
        "background job; without --no-wait the command runs it to its end."
    )

    def add_arguments(self, parser):
        parser.add_argument("--municipality", nargs="+", default=[], metavar="KODE")
        parser.add_argument("--all", action="store_true", help="every municipality")
        parser.add_argument("--pending", action="store_true", help="process requested runs")
        parser.add_argument("--limit", type=int, default=10, help="at most this many runs")
        add_no_wait(parser)

    def handle(self, *args, municipality, all, pending, limit, no_wait, **options):
        if limit < 1:
            raise CommandError("--limit skal være mindst 1", returncode=2)
        codes = (
            list(Municipality.objects.order_by("code").values_list("code", flat=True))
            if all
            else municipality
        )
        unknown = set(codes) - set(
            Municipality.objects.filter(code__in=codes).values_list("code", flat=True)
        )
        if unknown:
            raise CommandError(f"ukendt kommunekode: {sorted(unknown)[0]}", returncode=2)
        if not codes and not pending:
            raise CommandError("angiv --municipality, --all eller --pending", returncode=2)
        today = timezone.localdate()

        def say(stage: str, done: int, total: int | None) -> None:
            self.stdout.write(f"  {stage}")

        # Naming a municipality again finishes a run a killed process left: its job is claimed
        # again at once (fleksjob.jobs) and the run starts over.
        jobs = [(code, queue_match_run(request_run(code), today=today)) for code in codes[:limit]]
        if pending and limit > len(jobs):
            waiting = MatchRun.objects.filter(status=MatchRunStatus.PENDING).order_by(
                "requested_at"
            )[: limit - len(jobs)]
            jobs += [(None, queue_match_run(r, today=today)) for r in waiting]
        results = []
        for code, job in jobs:
            if no_wait:
                self.stdout.write(queued_line(job))
                continue
            if code:
                self.stdout.write(f"kommune {code}:")
            results.append(finished(wait(job, say)))
        for r in results:
            self.stdout.write(
                f"{r['municipality']}: {r['status']}, {r['candidates']} borgere, "
                f"{r['positions']} stillinger, {r['placements']} placeret, {r['seconds']} s"
            )
        if len(codes) > limit:
            self.stdout.write(f"{len(codes) - limit} kommuner venter til næste kørsel (--limit)")
