from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fleksjob.benchmarking.tasks import import_jobindsats
from fleksjob.jobs.commands import add_no_wait, run_job


class Command(BaseCommand):
    help = (
        "Import Jobindsats figures (tables Y08A02, Y09A02, Y09A27, ...) from saved API responses "
        "or CSV/Excel downloads, or fetch them with --fetch (key in JOBINDSATS_API_KEY). "
        "All or nothing. A background job, run to its end unless --no-wait."
    )

    def add_arguments(self, parser):
        parser.add_argument("--table", required=True, help="e.g. Y08A02")
        parser.add_argument("files", nargs="*", type=Path)
        parser.add_argument("--fetch", nargs="+", metavar="PERIOD", help="e.g. 2025M01 2025M02")
        parser.add_argument("--api-version", type=int, choices=(2, 3), default=3)
        add_no_wait(parser)

    def handle(self, *args, table, files, fetch, api_version, no_wait=False, **options):
        if bool(files) == bool(fetch):
            raise CommandError("angiv enten filer eller --fetch PERIODER", returncode=2)
        missing = [str(p) for p in files if not p.is_file()]
        if missing:
            raise CommandError(f"filen findes ikke: {missing[0]}", returncode=2)
        params = {
            "table": table,
            "files": [str(p.resolve()) for p in files],
            "fetch": fetch or [],
            "api_version": api_version,
        }
        counts = run_job(import_jobindsats, params, no_wait=no_wait, stdout=self.stdout)
        if counts is not None:
            self.stdout.write(
                f"importerede {counts['rows']} tal fra {table.upper()} "
                f"({counts['sources']} kilde(r))"
            )
