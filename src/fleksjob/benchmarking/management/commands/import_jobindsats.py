from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fleksjob.benchmarking.imports import import_files, store_figures
from fleksjob.core.imports.jobindsats import JobindsatsFormatError
from fleksjob.core.imports.jobindsats_client import JobindsatsClient, JobindsatsError


class Command(BaseCommand):
    help = (
        "Import Jobindsats figures (tables Y08A02, Y09A02, Y09A27, ...) from saved API responses "
        "or CSV/Excel downloads, or fetch them with --fetch (key in JOBINDSATS_API_KEY). "
        "All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--table", required=True, help="e.g. Y08A02")
        parser.add_argument("files", nargs="*", type=Path)
        parser.add_argument("--fetch", nargs="+", metavar="PERIOD", help="e.g. 2025M01 2025M02")
        parser.add_argument("--api-version", type=int, choices=(2, 3), default=3)

    def handle(self, *args, table, files, fetch, api_version, **options):
        if bool(files) == bool(fetch):
            raise CommandError("angiv enten filer eller --fetch PERIODER", returncode=2)
        try:
            if fetch:
                client = JobindsatsClient.from_environment(version=api_version)
                figures = client.data(table, periods=fetch)
                batches = [store_figures(figures, table=table, file_name="API", by="cli")]
            else:
                missing = [str(p) for p in files if not p.is_file()]
                if missing:
                    raise CommandError(f"filen findes ikke: {missing[0]}", returncode=2)
                batches = import_files(table, files, by="cli")
        except (JobindsatsFormatError, JobindsatsError) as exc:
            raise CommandError(f"{exc} – intet er importeret", returncode=2) from None
        total = sum(b.rows for b in batches)
        self.stdout.write(f"importerede {total} tal fra {table.upper()} ({len(batches)} kilde(r))")
