from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fleksjob.municipalities.models import Municipality
from fleksjob.placements.batch import execute, request_run, requeue_stale, run_pending


class Command(BaseCommand):
    help = (
        "Municipal batch matching (recommendations and the optimal assignment, stored): run "
        "named municipalities now, or process pending runs requested in the UI (the worker)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--municipality", nargs="+", default=[], metavar="KODE")
        parser.add_argument("--all", action="store_true", help="every municipality")
        parser.add_argument("--pending", action="store_true", help="process requested runs")
        parser.add_argument("--limit", type=int, default=10, help="at most this many runs")

    def handle(self, *args, municipality, all, pending, limit, **options):
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

        def say(stage: str) -> None:
            self.stdout.write(f"  {stage}")

        runs = []
        requeued = requeue_stale()
        if requeued:
            self.stdout.write(f"{requeued} afbrudt(e) kørsel(er) sat i kø igen")
        for code in codes[:limit]:
            self.stdout.write(f"kommune {code}:")
            runs.append(execute(request_run(code), today, say, takeover=True))
        if pending:
            runs += run_pending(today, limit - len(runs), say) if limit > len(runs) else []
        for r in runs:
            self.stdout.write(
                f"{r.municipality_id}: {r.status}, {r.candidates} borgere, "
                f"{r.positions} stillinger, {r.placements} placeret, {r.seconds} s"
            )
        if len(codes) > limit:
            self.stdout.write(f"{len(codes) - limit} kommuner venter til næste kørsel (--limit)")
