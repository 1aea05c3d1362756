from django.core.management.base import BaseCommand
from tqdm import tqdm

from fleksjob.audit.writes import batch
from fleksjob.citizens.protection import protector
from fleksjob.privacy.registry import encrypted_fields


class Command(BaseCommand):
    help = (
        "Re-encrypt every CPR under the newest key in FLEKSJOB_FIELD_KEYS. Safe to interrupt and "
        "re-run: each batch commits on its own, and re-encrypting a rotated value is harmless."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, batch_size, **options):
        p = protector()
        total = 0
        # Every field its app declares encrypted (citizens' and case transfer requests' CPR).
        for model, field in encrypted_fields():
            rows = model._base_manager.exclude(**{field: ""})  # anonymised: no CPR left
            count = rows.count()
            last_id = 0
            label = str(model._meta.verbose_name_plural)
            with tqdm(total=count, desc=f"Roterer nøgler: {label}", file=self.stderr) as bar:
                while True:
                    tokens = list(
                        rows.filter(pk__gt=last_id)
                        .order_by("pk")
                        .values_list("pk", field)[:batch_size]
                    )
                    if not tokens:
                        break
                    with batch():
                        for pk, token in tokens:
                            model._base_manager.filter(pk=pk).update(**{field: p.rotate(token)})
                    last_id = tokens[-1][0]
                    bar.update(len(tokens))
            total += count
        self.stdout.write(f"Re-encrypted {total} CPR numbers under the newest key.")
