import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from fleksjob.benchmarking.tasks import compute_indicators
from fleksjob.jobs.commands import add_no_wait, run_job


def _month(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(f"{text}-01" if len(text) == 7 else text).replace(day=1)
    except ValueError:
        raise CommandError(f"ugyldig måned {text!r}: brug ÅÅÅÅ-MM", returncode=2) from None


class Command(BaseCommand):
    help = (
        "Compute every indicator for every municipality, region and the country, per month (a "
        "background job, run to its end unless --no-wait)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="first", default=None, help="ÅÅÅÅ-MM (default: 20 år)")
        parser.add_argument(
            "--to", dest="last", default=None, help="ÅÅÅÅ-MM (default: sidste måned)"
        )
        add_no_wait(parser)

    def handle(self, *args, first, last, no_wait=False, **options):
        today = timezone.localdate()
        last_month = _month(last) if last else (today.replace(day=1) - dt.timedelta(days=1))
        first_month = _month(first) if first else last_month.replace(year=last_month.year - 20)
        last_month = last_month.replace(day=1)
        if first_month > last_month:
            raise CommandError("--from ligger efter --to", returncode=2)
        bars: dict[str, tqdm] = {}

        def progress(stage: str, done: int, total: int) -> None:
            bar = bars.get(stage) or bars.setdefault(
                stage,
                tqdm(total=total, desc=stage, unit=" rækker" if total > 1 else "", leave=False),
            )
            bar.n = done
            bar.refresh()

        params = {"first_month": first_month.isoformat(), "last_month": last_month.isoformat()}
        try:
            run = run_job(
                compute_indicators, params, no_wait=no_wait, stdout=self.stdout, listener=progress
            )
        finally:
            for bar in bars.values():
                bar.close()
        if run is None:
            return
        self.stdout.write(
            f"{run['rows']:,} indikatorværdier for {first_month:%Y-%m}–{last_month:%Y-%m} "
            f"på {run['seconds']} s"
        )
