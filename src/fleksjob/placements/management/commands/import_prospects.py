from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fleksjob.core.imports.balance import CATEGORIES, BalanceFormatError, parse_bytes


class Command(BaseCommand):
    help = (
        "Import STAR's Arbejdsmarkedsbalancen (job prospects by occupation and RAR area) from a "
        "CSV or .xlsx download (docs/prospects.md). All or nothing: it replaces the stored "
        "balance. --dry-run reads and checks the file and writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--by", default="", help="who imports (for the audit log)")

    def handle(self, *args, file: Path, dry_run: bool, by: str, **options):
        if not file.is_file():
            raise CommandError(f"filen findes ikke: {file}", returncode=2)
        try:
            prospects = parse_bytes(file.read_bytes(), file.name)
        except BalanceFormatError as exc:
            raise CommandError(str(exc), returncode=1) from None
        areas = len({p.area for p in prospects})
        counts = {key: 0 for key in CATEGORIES}
        for p in prospects:
            counts[p.category] += 1
        summary = ", ".join(f"{CATEGORIES[k]}: {n}" for k, n in counts.items())
        if dry_run:
            self.stdout.write(
                f"{len(prospects)} rækker i {areas} RAR-områder er i orden ({summary}); "
                "intet gemt (--dry-run)"
            )
            return
        from fleksjob.placements.prospects import store_prospects

        store_prospects(prospects, file_name=file.name, by=by or "import_prospects")
        self.stdout.write(f"importerede {len(prospects)} rækker i {areas} RAR-områder ({summary})")
