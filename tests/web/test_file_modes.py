"""The embedded database (with its -wal and -shm files), the generated demo secrets and backups
are readable by their owner only, whatever the umask of the process that creates them."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

FLEKSJOB = str(Path(sys.executable).with_name("fleksjob"))
PERMISSIVE = 0o022  # the common default: files 0644 and directories 0755 unless the app says so

# Opens the database, writes, and reports the modes while the connection (and so the -wal and
# -shm files) is still open.
WRITE_AND_STAT = """
import os, sys, django
django.setup()
from django.db import connection
from fleksjob.audit.log import record
record(None, "view", actor="test", detail="file modes")
db = connection.settings_dict["NAME"]
for suffix in ("", "-wal", "-shm"):
    print(suffix or "db", oct(os.stat(str(db) + suffix).st_mode & 0o777))
"""


def _env(data: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("FLEKSJOB_", "DATABASE_URL", "SECRET_KEY", "DJANGO_SETTINGS"))
    }
    # Demo mode: the embedded SQLite database and secrets generated into the data directory.
    env.update({"FLEKSJOB_MODE": "demo", "FLEKSJOB_DATA_DIR": str(data)})
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    result = subprocess.run(
        args, env=env, capture_output=True, text=True, timeout=600, umask=PERMISSIVE
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.slow
def test_database_secrets_and_backups_are_owner_only(tmp_path):
    data = tmp_path / "new" / "var"  # neither directory exists yet: the app creates both
    env = _env(data)
    _run([FLEKSJOB, "manage", "migrate", "-v0"], env)

    assert _mode(tmp_path / "new") == 0o700
    assert _mode(data) == 0o700
    assert _mode(data / "demo-secrets.json") == 0o600
    assert _mode(data / "fleksjob.sqlite3") == 0o600

    env["DJANGO_SETTINGS_MODULE"] = "fleksjob.web.settings"
    modes = dict(
        line.split()
        for line in _run([sys.executable, "-c", WRITE_AND_STAT], env).stdout.split("\n")
        if line
    )
    assert modes == {"db": "0o600", "-wal": "0o600", "-shm": "0o600"}

    archive = tmp_path / "backup.tar.gz"
    _run([FLEKSJOB, "backup", str(archive)], env)
    assert _mode(archive) == 0o600
    # --overwrite replaces a file someone left readable with a private one.
    archive.chmod(0o644)
    _run([FLEKSJOB, "backup", str(archive), "--overwrite"], env)
    assert _mode(archive) == 0o600


@pytest.mark.slow
def test_an_existing_database_file_is_made_private(tmp_path):
    """A database created by an earlier version (under the umask) is restricted at start-up."""
    data = tmp_path / "var"
    data.mkdir()
    for name in ("fleksjob.sqlite3", "fleksjob.sqlite3-wal", "demo-secrets.json"):
        (data / name).touch(mode=0o644)
        (data / name).chmod(0o644)
    secrets = {
        "SECRET_KEY": "s" * 60,
        "FLEKSJOB_FIELD_KEYS": "Jd1a4W1uFfzOTj0NrBvqg2U8tEmiV5b0Rkl3yZ6iX6M=",
        "FLEKSJOB_HASH_KEY": "h" * 40,
    }
    (data / "demo-secrets.json").write_text(json.dumps(secrets))
    env = {**_env(data), "DJANGO_SETTINGS_MODULE": "fleksjob.web.settings"}
    _run([sys.executable, "-c", "import django; django.setup()"], env)
    for name in ("fleksjob.sqlite3", "fleksjob.sqlite3-wal", "demo-secrets.json"):
        assert _mode(data / name) == 0o600, name
