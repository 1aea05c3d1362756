from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from fleksjob.citizens.models import Citizen
from fleksjob.citizens.protection import protector


class Command(BaseCommand):
    help = (
        "Re-encrypt every CPR under the newest key in FLEKSJOB_FIELD_KEYS. Safe to interrupt and "
        "re-run: each batch commits on its own, and re-encrypting a rotated value is harmless."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, batch_size, **options):
        p = protector()
        last_id = 0
        citizens = Citizen.objects.filter(anonymised_at__isnull=True)  # anonymised: no CPR left
        total = citizens.count()
        with tqdm(total=total, desc="Roterer nøgler", unit=" borgere", file=self.stderr) as bar:
            while True:
                batch = list(
                    citizens.filter(pk__gt=last_id)
                    .order_by("pk")
                    .values_list("pk", "cpr_encrypted")[:batch_size]
                )
                if not batch:
                    break
                with transaction.atomic():
                    for pk, token in batch:
                        Citizen.objects.filter(pk=pk).update(cpr_encrypted=p.rotate(token))
                last_id = batch[-1][0]
                bar.update(len(batch))
        self.stdout.write(f"Re-encrypted {total} CPR numbers under the newest key.")
