"""Two-factor login in Chromium: enrol from the security page, then log in with password + code;
the administrator's reset command (a real subprocess) puts the persona back as it was."""

from __future__ import annotations

import subprocess
import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP

from tests.browser.conftest import FLEKSJOB, log_in

pytestmark = pytest.mark.browser

USER = "sagsbehandler.rudersdal"


def _code(secret: str, steps_ahead: int = 0) -> str:
    key = b32decode(secret + "=" * (-len(secret) % 8))
    totp = TOTP(key)
    totp.time = time.time() + 30 * steps_ahead  # each code is accepted once: the next step's
    return f"{totp.token():06d}"


def test_enrol_then_log_in_with_a_code(page, demo_server):
    try:
        log_in(page, USER)
        page.click("text=Sikkerhed")
        assert page.locator("[data-testid=qr] svg").is_visible()
        secret = page.get_by_test_id("secret").inner_text()
        page.fill("#id_code", _code(secret))
        page.click("button[type=submit].button-primary")
        codes = page.get_by_test_id("backup-codes").locator("li")
        assert codes.count() == 10

        page.click("text=Log af")
        page.goto("/login/")
        page.fill("#id_username", USER)
        page.fill("#id_password", "demo")
        page.click("button[type=submit].button-primary")
        page.wait_for_url("**/login/kode/")
        assert page.goto("/borgere/").url.endswith("/login/?next=/borgere/")
        page.goto("/login/")
        page.fill("#id_username", USER)
        page.fill("#id_password", "demo")
        page.click("button[type=submit].button-primary")
        page.fill("#id_code", _code(secret, steps_ahead=1))
        page.click("button[type=submit].button-primary")
        page.wait_for_url("**/")
        assert page.get_by_test_id("current-user").is_visible()
    finally:
        reset = subprocess.run(
            [str(FLEKSJOB), "manage", "reset_2fa", USER],
            env=demo_server["env"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert reset.returncode == 0, reset.stderr
    assert "Removed 2 two-factor device(s)" in reset.stdout
