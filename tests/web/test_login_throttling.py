"""Login throttling: too many failed logins for one user name from one address lock it out."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str):
    return client.post("/login/", {"username": username, "password": password})


def test_lockout_after_the_failure_limit_even_with_the_right_password(personas):
    client = Client(REMOTE_ADDR="10.1.2.3")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "sagsbehandler.lejre", "forkert").status_code == 200
    assert _login(client, "sagsbehandler.lejre", "forkert").status_code == 429  # the limit-th
    locked = _login(client, "sagsbehandler.lejre", "demo")
    assert locked.status_code == 429
    assert 'data-testid="locked"' in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another user from the same address, and the same user elsewhere, are not affected.
    assert _login(Client(REMOTE_ADDR="10.1.2.3"), "konsulent.aarhus", "demo").status_code == 302
    assert _login(Client(REMOTE_ADDR="10.9.9.9"), "sagsbehandler.lejre", "demo").status_code == 302


def test_a_successful_login_resets_the_count(personas):
    client = Client(REMOTE_ADDR="10.4.5.6")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "leder.rudersdal", "forkert")
    assert _login(client, "leder.rudersdal", "demo").status_code == 302
    client.post("/logout/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "leder.rudersdal", "forkert")
    assert _login(client, "leder.rudersdal", "demo").status_code == 302
