import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from fleksjob.citizens.actions import reveal_cpr
from fleksjob.citizens.models import Citizen
from fleksjob.core.protection import Protector, new_field_key
from fleksjob.transfers.actions import request_transfer
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def test_rotation_re_encrypts_under_the_newest_key(settings):
    citizens = CitizenFactory.create_batch(5)
    before = {c.pk: reveal_cpr(None, c) for c in citizens}
    old_keys = list(settings.FIELD_KEYS)
    newest = new_field_key()
    with override_settings(FIELD_KEYS=[newest, *old_keys]):
        call_command(
            "rotate_field_keys", "--batch-size", "2", stdout=io.StringIO(), stderr=io.StringIO()
        )
    only_new = Protector([newest], settings.HASH_KEY)
    for citizen in Citizen.objects.all():
        assert only_new.decrypt(citizen.cpr_encrypted).replace("-", "") == before[
            citizen.pk
        ].replace("-", "")
    # Old keys alone can no longer read the data.
    with pytest.raises(ValueError):
        Protector(old_keys, settings.HASH_KEY).decrypt(Citizen.objects.first().cpr_encrypted)


def test_rotation_covers_the_cpr_of_case_transfer_requests(settings, personas):
    transfer = request_transfer(personas["sagsbehandler.lejre"], cpr="150570-1234")
    old_keys = list(settings.FIELD_KEYS)
    newest = new_field_key()
    with override_settings(FIELD_KEYS=[newest, *old_keys]):
        out = io.StringIO()
        call_command("rotate_field_keys", stdout=out, stderr=io.StringIO())
    assert "Re-encrypted 1 CPR numbers" in out.getvalue()
    transfer.refresh_from_db()
    assert Protector([newest], settings.HASH_KEY).decrypt(transfer.cpr_encrypted) == "1505701234"
