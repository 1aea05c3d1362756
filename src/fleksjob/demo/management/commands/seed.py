import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from fleksjob.citizens.models import Citizen
from fleksjob.core import synth
from fleksjob.demo.loading import load_dataset, wipe


class Command(BaseCommand):
    help = "Seed synthetic Denmark (deterministic by seed) into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(synth.SCALES), default="national")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--replace", action="store_true")
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="history ends on this date (default: today)",
        )

    def handle(self, scale, seed, replace, today=None, **options):
        if Citizen.objects.exists() and not replace:
            raise CommandError("the database already holds citizens; use --replace to seed anew")
        today = today or timezone.localdate()
        started = time.perf_counter()
        bars: dict[str, tqdm] = {}

        def generation_progress(phase: str, done: int, total: int) -> None:
            bar = bars.get(phase)
            if bar is None:
                bar = bars[phase] = tqdm(
                    total=total,
                    desc=f"Genererer {phase}",
                    unit=" rækker",
                    file=self.stderr,
                    leave=False,
                )
            bar.update(done - bar.n)

        dataset = synth.generate(scale, seed, today, progress=generation_progress)
        for bar in bars.values():
            bar.close()
        if replace:
            wipe(dataset.tables)
        total = sum(len(t.rows) for t in dataset.tables.values())
        with tqdm(total=total, desc="Indlæser", unit=" rækker", file=self.stderr) as bar:
            counts = load_dataset(dataset, progress=bar.update)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Seeded synthetic Denmark ({scale}, seed {seed}): {sum(counts.values()):,} rows, "
            f"{counts.get('citizens.Citizen', 0):,} citizens in {elapsed:.1f} s"
        )
