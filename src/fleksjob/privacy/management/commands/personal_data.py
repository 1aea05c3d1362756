from django.core.management.base import BaseCommand

from fleksjob.core.personal_data import Category
from fleksjob.privacy.registry import declarations


class Command(BaseCommand):
    help = (
        "Print the inventory of personal data as declared by the apps (docs/personal-data.md): "
        "one Markdown table row per field with its category, what anonymisation does and the "
        "access request's label. --personal leaves out the non-personal fields."
    )

    def add_arguments(self, parser):
        parser.add_argument("--personal", action="store_true", help="personal fields only")

    def handle(self, *args, personal, **options):
        write = self.stdout.write
        write("| model | field | category | anonymisation | access request (da / en) |")
        write("|---|---|---|---|---|")
        for label, declared in declarations().items():
            for f in declared:
                if personal and f.category is Category.NOT_PERSONAL:
                    continue
                rule = f.replace or f.redact
                action = f"{f.action} ({rule})" if rule else str(f.action)
                exported = f"{f.label_da} / {f.label_en}" if f.export else "–"
                write(f"| {label} | {f.name} | {f.category} | {action} | {exported} |")
