"""``fleksjob manage import_records``: bulk import of citizens, employers or positions from a CSV
or Excel file, as a named user (scoped to that user's municipality); all or nothing. The check
runs here (its report by row and column on stderr); the writing is a background job, run to its
end unless --no-wait."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from fleksjob.accounts.permissions import import_kinds
from fleksjob.core.imports.records import KIND_LABELS, KINDS
from fleksjob.exchange.imports import MOVED_CITIZENS, check
from fleksjob.exchange.tasks import import_records
from fleksjob.jobs.commands import add_no_wait, run_job


class Command(BaseCommand):
    help = (
        "Import citizens, employers or positions from a CSV or .xlsx file (docs/import.md). "
        "Every row is checked first; if any row fails, the report goes to stderr and nothing "
        "is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, choices=KINDS)
        parser.add_argument("--user", required=True, help="the importing user's user name")
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")
        add_no_wait(parser)

    def handle(self, *args, kind, user, file, dry_run, no_wait=False, **options):
        importer = get_user_model().objects.filter(username=user, is_active=True).first()
        if importer is None:
            raise CommandError(f"ingen aktiv bruger hedder {user}", returncode=2)
        if kind not in import_kinds(importer):
            raise CommandError(f"brugeren må ikke importere {kind}", returncode=2)
        if not file.is_file():
            raise CommandError(f"filen findes ikke: {file}", returncode=2)
        validation = check(importer, kind, file.read_bytes(), file.name, channel="cli")
        if not validation.ok:
            for line in validation.report.lines():
                self.stderr.write(line)
            raise CommandError(
                f"{validation.report.total} fejl – intet er importeret", returncode=1
            )
        rows = len(validation.rows)
        if dry_run:
            self.stdout.write(f"kontrolleret: {rows} rækker uden fejl; intet er skrevet")
            return
        params = {"kind": kind, "username": importer.username, "path": str(file.resolve())}
        with tqdm(total=rows, desc="Importerer", unit=" rækker", file=self.stderr) as bar:

            def progress(stage: str, done: int, total: int | None) -> None:
                bar.n = done
                bar.refresh()

            counts = run_job(
                import_records,
                params,
                no_wait=no_wait,
                stdout=self.stdout,
                listener=progress,
                municipality=importer.municipality_id,
            )
        if counts is None:
            return
        self.stdout.write(f"importerede {counts['rows']} {KIND_LABELS[kind]}")
        if kind == "citizens":
            self.stdout.write(str(MOVED_CITIZENS))
