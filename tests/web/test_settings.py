"""Settings come from the environment and fail loudly; production passes check --deploy."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from fleksjob.core.protection import new_field_key

GOOD_PRODUCTION = {
    "FLEKSJOB_MODE": "production",
    "SECRET_KEY": "p" * 20 + "-production-secret-key-0123456789-abcdefgh",
    "FLEKSJOB_FIELD_KEYS": f"{new_field_key()},{new_field_key()}",
    "FLEKSJOB_HASH_KEY": "h" * 40,
    "ALLOWED_HOSTS": "fleksjob.example.invalid",
    "EMAIL_HOST": "smtp.example.invalid",
    "DATABASE_URL": "sqlite:///:memory:",
}


def _run(env_overrides: dict[str, str | None], code: str) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("FLEKSJOB_", "DATABASE_URL", "SECRET_KEY"))
    }
    env.update({"DJANGO_SETTINGS_MODULE": "fleksjob.web.settings", "PYTHONWARNINGS": "error"})
    for key, value in env_overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )


SETUP = "import django; django.setup()"


@pytest.mark.slow
def test_production_check_deploy_passes():
    code = (
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')"
    )
    result = _run(GOOD_PRODUCTION, code)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY must be at least 50"),
        ({"FLEKSJOB_FIELD_KEYS": None}, "FLEKSJOB_FIELD_KEYS must be set"),
        ({"FLEKSJOB_HASH_KEY": None}, "FLEKSJOB_HASH_KEY must be set"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS must be set"),
        ({"DEBUG": "maybe"}, "DEBUG must be one of"),
        ({"DATABASE_URL": "mysql://root@localhost/x"}, "DATABASE_URL must be a sqlite"),
        ({"DATABASE_URL": "nonsense"}, "DATABASE_URL"),
        ({"FLEKSJOB_MODE": "staging"}, "FLEKSJOB_MODE must be one of"),
        ({"EMAIL_BACKEND": "pigeon"}, "EMAIL_BACKEND must be one of"),
        ({"EMAIL_HOST": None}, "EMAIL_HOST must be set"),
        ({"DB_CONN_MAX_AGE": "soon"}, "DB_CONN_MAX_AGE must be an integer"),
        ({"FLEKSJOB_RETENTION_YEARS": "0"}, "FLEKSJOB_RETENTION_YEARS must be at least 1"),
        ({"FLEKSJOB_RETENTION_YEARS": "fem"}, "FLEKSJOB_RETENTION_YEARS must be an integer"),
        ({"FLEKSJOB_REQUIRE_2FA": "casewroker"}, "FLEKSJOB_REQUIRE_2FA: unknown role"),
        ({"FLEKSJOB_2FA_MAX_FAILURES": "0"}, "FLEKSJOB_2FA_MAX_FAILURES must be at least 1"),
        (
            {"FLEKSJOB_TRANSFER_RELEASE_DAYS": "0"},
            "FLEKSJOB_TRANSFER_RELEASE_DAYS must be at least 1",
        ),
        (
            {"FLEKSJOB_TRANSFER_RELEASE_DAYS": "to uger"},
            "FLEKSJOB_TRANSFER_RELEASE_DAYS must be an integer",
        ),
        (
            {"FLEKSJOB_TRANSFER_RELEASE_DAYS": "400"},
            "FLEKSJOB_TRANSFER_RELEASE_DAYS must be at most 365",
        ),
    ],
)
def test_bad_values_fail_loudly_naming_the_variable(override, message):
    result = _run({**GOOD_PRODUCTION, **override}, SETUP)
    assert result.returncode != 0
    assert message in result.stderr
    # A secret is never echoed back.
    assert GOOD_PRODUCTION["SECRET_KEY"] not in result.stderr


@pytest.mark.slow
def test_demo_mode_generates_secrets_once(tmp_path):
    env = {"FLEKSJOB_MODE": "demo", "FLEKSJOB_DATA_DIR": str(tmp_path)}
    code = SETUP + "; from django.conf import settings; print(settings.SECRET_KEY, settings.DEBUG)"
    first = _run(env, code)
    second = _run(env, code)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert first.stdout.split()[1] == "True"
    assert (tmp_path / "demo-secrets.json").stat().st_mode & 0o077 == 0


@pytest.mark.slow
def test_production_debug_is_off_and_cookies_secure():
    code = SETUP + (
        "; from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)"
    )
    result = _run(GOOD_PRODUCTION, code)
    assert result.stdout.split() == ["False", "True", "True", "True"]


@pytest.mark.slow
def test_require_2fa_roles_from_the_environment():
    code = SETUP + "; from django.conf import settings as s; print(sorted(s.REQUIRE_2FA_ROLES))"
    result = _run({**GOOD_PRODUCTION, "FLEKSJOB_REQUIRE_2FA": "admin,manager"}, code)
    assert result.stdout.strip() == "['admin', 'manager']", result.stderr
    assert _run(GOOD_PRODUCTION, code).stdout.strip() == "[]"


@pytest.mark.slow
def test_transfer_release_days_from_the_environment():
    code = (
        SETUP
        + "; from django.conf import settings as s; print(s.FLEKSJOB['TRANSFER_RELEASE_DAYS'])"
    )
    assert _run(GOOD_PRODUCTION, code).stdout.strip() == "14"
    result = _run({**GOOD_PRODUCTION, "FLEKSJOB_TRANSFER_RELEASE_DAYS": "30"}, code)
    assert result.stdout.strip() == "30", result.stderr


WAIT_FOR_WRITER = """
import sqlite3, threading, time
import django
django.setup()
from django.db import connection, transaction
holder = sqlite3.connect(DB, isolation_level=None, check_same_thread=False)
holder.execute("PRAGMA journal_mode=WAL")  # as the app's database always is
holder.execute("CREATE TABLE IF NOT EXISTS t (x INTEGER)")
holder.execute("BEGIN IMMEDIATE")
holder.execute("INSERT INTO t VALUES (1)")
def release():
    time.sleep(6)  # longer than SQLite's own 5 s default
    holder.execute("COMMIT")
threading.Thread(target=release).start()
with transaction.atomic():
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO t VALUES (2)")
print("written")
"""


@pytest.mark.slow
def test_a_page_waits_for_a_background_write_instead_of_failing(tmp_path):
    # A background job's write transaction held the database for more than SQLite's default
    # 5 s on a busy machine, and a page's own write (a session, an audit event) answered 503.
    db = tmp_path / "fleksjob.sqlite3"
    env = {**GOOD_PRODUCTION, "DATABASE_URL": f"sqlite:///{db}"}
    result = _run(env, f"DB = {str(db)!r}\n" + WAIT_FOR_WRITER)
    assert result.stdout.strip() == "written", result.stderr
