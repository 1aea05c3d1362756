"""Two-factor login: the password alone never completes a login for a user with a device."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from fleksjob.accounts.models import PORTAL_ROLES, ApiToken, Role
from fleksjob.audit.models import Action, AuditEvent

pytestmark = pytest.mark.django_db

USER = "sagsbehandler.lejre"


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The app's code now (or ``steps_ahead`` 30-second steps later: a code is used only once)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


@pytest.fixture
def device(personas) -> TOTPDevice:
    return TOTPDevice.objects.create(user=personas[USER], name="app", confirmed=True)


@pytest.fixture
def no_throttle(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def password_step(client: Client, username: str = USER, next_url: str = ""):
    data = {"username": username, "password": "demo"}
    if next_url:
        data["next"] = next_url
    return client.post("/login/", data)


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_password_alone_does_not_log_in_a_user_with_a_device(device):
    client = Client()
    response = password_step(client, next_url="/borgere/")
    assert response.status_code == 302 and response.url == "/login/kode/"
    assert not logged_in(client)
    # No page and no session-authenticated API call before the code.
    assert client.get("/borgere/").url.startswith("/login/")
    assert client.get("/api/v1/citizens/").status_code == 401
    page = client.get("/login/kode/")
    assert page.status_code == 200 and 'autocomplete="one-time-code"' in page.content.decode()

    response = client.post("/login/kode/", {"code": code_for(device)})
    assert response.status_code == 302 and response.url == "/borgere/"
    assert logged_in(client)
    assert client.get("/borgere/").status_code == 200
    assert client.get("/api/v1/citizens/").status_code == 200
    assert AuditEvent.objects.filter(
        username=USER, action=Action.AUTH, detail="log ind med totrinskode"
    ).exists()


def test_users_without_a_device_log_in_with_the_password(personas, device):
    client = Client()
    assert password_step(client, "konsulent.aarhus").url == "/"
    assert logged_in(client)


def test_wrong_code_is_refused_and_audited(device, no_throttle):
    client = Client()
    password_step(client)
    right = code_for(device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = client.post("/login/kode/", {"code": wrong})
    assert response.status_code == 400
    assert "Koden er forkert" in response.content.decode()
    assert not logged_in(client)
    event = AuditEvent.objects.get(username=USER, detail="forkert totrinskode ved log ind")
    assert wrong not in event.detail
    # Without throttling the right code still works after a wrong one.
    assert client.post("/login/kode/", {"code": right}).status_code == 302
    assert logged_in(client)


def test_device_throttling_refuses_even_the_right_code_after_a_wrong_one(device, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 3600  # an hour's delay after the first wrong code
    client = Client()
    password_step(client)
    client.post("/login/kode/", {"code": "000000" if code_for(device) != "000000" else "111111"})
    assert client.post("/login/kode/", {"code": code_for(device)}).status_code == 400
    assert not logged_in(client)
    device.refresh_from_db()
    assert device.throttling_failure_count >= 1


def test_wrong_codes_count_toward_the_login_lockout(device, no_throttle):
    client = Client(REMOTE_ADDR="10.7.7.7")
    password_step(client)
    wrong = "000000" if code_for(device) != "000000" else "111111"
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post("/login/kode/", {"code": wrong}).status_code == 400
    locked = client.post("/login/kode/", {"code": wrong})
    assert locked.status_code == 429
    # Now even the right password and code do not get in from this address.
    assert password_step(client).status_code == 429
    assert not logged_in(client)


def test_our_own_limit_abandons_the_attempt(device, no_throttle, settings):
    settings.TWO_FACTOR_MAX_FAILURES = 2
    client = Client()
    password_step(client)
    wrong = "000000" if code_for(device) != "000000" else "111111"
    assert client.post("/login/kode/", {"code": wrong}).status_code == 400
    response = client.post("/login/kode/", {"code": wrong})
    assert response.status_code == 302 and response.url == "/login/"
    # The attempt is gone: even the right code needs the password again.
    assert client.post("/login/kode/", {"code": code_for(device)}).url == "/login/"
    assert not logged_in(client)


def test_the_code_step_expires(device, settings):
    settings.TWO_FACTOR_PENDING_SECONDS = -1
    client = Client()
    password_step(client)
    assert client.post("/login/kode/", {"code": code_for(device)}).url == "/login/"
    assert not logged_in(client)


def test_code_step_without_a_password_step_goes_to_login(device):
    assert Client().get("/login/kode/").url == "/login/"


def test_a_backup_code_works_once(device, personas, no_throttle):
    backup = StaticDevice.objects.create(user=personas[USER], name="backup", confirmed=True)
    backup.token_set.create(token="abcd1234")
    client = Client()
    password_step(client)
    assert client.post("/login/kode/", {"code": "abcd1234"}).status_code == 302
    again = Client()
    password_step(again)
    assert again.post("/login/kode/", {"code": "abcd1234"}).status_code == 400


def test_enrolment_shows_qr_and_secret_and_activates_only_with_a_right_code(login, no_throttle):
    client = login(USER)
    page = client.get("/konto/sikkerhed/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and "no-store" in page.headers["Cache-Control"]
    device = TOTPDevice.objects.get(user__username=USER)
    assert not device.confirmed
    secret = html.split('data-testid="secret">')[1].split("<")[0]
    assert len(secret) >= 32 and secret.isalnum() and secret.upper() == secret
    # Reloading keeps the same secret (the app scanned it already).
    assert secret in client.get("/konto/sikkerhed/").content.decode()

    wrong = "000000" if code_for(device) != "000000" else "111111"
    assert client.post("/konto/sikkerhed/", {"code": wrong}).status_code == 400
    device.refresh_from_db()
    assert not device.confirmed

    done = client.post("/konto/sikkerhed/", {"code": code_for(device)})
    assert done.status_code == 200
    codes = StaticToken.objects.filter(device__user__username=USER)
    assert codes.count() == 10
    shown = done.content.decode()
    assert all(t.token in shown for t in codes)
    device.refresh_from_db()
    assert device.confirmed
    # The backup codes are shown once: the page afterwards only counts them.
    after = client.get("/konto/sikkerhed/").content.decode()
    assert 'data-testid="backup-left"' in after and codes.first().token not in after
    assert AuditEvent.objects.filter(detail="totrinsbekræftelse aktiveret").exists()

    # From now on the login takes a code.
    client.post("/logout/")
    fresh = Client()
    assert password_step(fresh).url == "/login/kode/"
    assert fresh.post("/login/kode/", {"code": code_for(device, steps_ahead=1)}).status_code == 302


def test_a_session_from_before_enrolment_cannot_re_enrol(login, device):
    # force_login: a session that never gave a code (the user enrolled elsewhere since).
    client = login(USER)
    response = client.get("/konto/sikkerhed/")
    assert response.status_code == 302 and response.url == "/login/"
    assert TOTPDevice.objects.filter(user__username=USER).count() == 1


def test_required_roles_must_enrol_before_anything_else(login, personas, settings):
    settings.REQUIRE_2FA_ROLES = frozenset({"caseworker"})
    client = login(USER)
    assert client.get("/").url == "/konto/sikkerhed/"
    assert client.get("/borgere/").url == "/konto/sikkerhed/"
    # The open comparison is open to anyone, a session that owes enrolment included.
    assert client.get("/offentlig/").status_code == 200
    page = client.get("/konto/sikkerhed/")
    assert page.status_code == 200 and 'data-testid="2fa-required"' in page.content.decode()
    assert client.get("/api/v1/citizens/").status_code == 401
    # Bearer tokens are separate credentials (created by an authenticated user or an admin).
    _, raw = ApiToken.issue(personas[USER])
    bearer = Client().get("/api/v1/citizens/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert bearer.status_code == 200
    # Other roles are not affected.
    assert login("konsulent.aarhus").get("/").status_code == 200

    device = TOTPDevice.objects.get(user__username=USER)
    assert client.post("/konto/sikkerhed/", {"code": code_for(device)}).status_code == 200
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/citizens/").status_code == 200


def test_reset_2fa_command(device, personas):
    StaticDevice.objects.create(user=personas[USER], name="backup", confirmed=True)
    call_command("reset_2fa", USER)
    assert not TOTPDevice.objects.filter(user__username=USER).exists()
    assert not StaticDevice.objects.filter(user__username=USER).exists()
    assert AuditEvent.objects.filter(
        action=Action.AUTH, channel="cli", detail__contains="nulstillet"
    ).exists()
    client = Client()
    assert password_step(client).url == "/"
    with pytest.raises(CommandError, match="no user named 'nobody'"):
        call_command("reset_2fa", "nobody")


def test_admin_can_reset_a_users_devices(login, device, personas):
    admin = login("admin")
    response = admin.post(
        "/admin/accounts/user/",
        {"action": "reset_2fa", "_selected_action": [personas[USER].pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user__username=USER).exists()
    assert AuditEvent.objects.filter(username="admin", channel="admin").exists()


def test_the_admin_login_form_cannot_skip_the_code(device, personas):
    client = Client()
    response = client.post("/admin/login/?next=/admin/", {"username": USER, "password": "demo"})
    assert response.status_code == 302 and response.url == "/login/?next=/admin/"
    assert not logged_in(client)
    assert Client().get("/admin/").url.startswith("/admin/login/")


def test_the_roles_the_setting_knows_are_the_users_roles():
    # Citizens and employers log in with MitID (two factors already), not with our codes.
    assert set(settings.STAFF_ROLES) == set(Role.values) - set(PORTAL_ROLES)
