"""Fault: the import process killed (SIGKILL) mid-import leaves nothing written, and re-running
completes with no duplicates. A real subprocess runs the management command against its own
SQLite database; in test mode it pauses inside the write transaction after a set number of rows,
so the kill lands there every time."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from contextlib import closing

import pytest

from fleksjob.core.rules import cpr as cpr_rules

pytestmark = pytest.mark.slow

ROWS, PAUSE_AT = 300, 120
HEADER = "cpr;fornavn;efternavn;visitationsdato;uddannelse;mål;timer_mindst;timer_nu;timer_mål;"
HEADER += "breddegrad;længdegrad"
SETUP = (
    "import django; django.setup(); from django.core.management import call_command; "
    "call_command('migrate', verbosity=0); "
    "from fleksjob.demo.personas import ensure_personas; ensure_personas()"
)


def _env(db) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("FLEKSJOB_", "DATABASE_URL", "SECRET_KEY"))
    }
    env |= {
        "FLEKSJOB_MODE": "test",
        "DATABASE_URL": f"sqlite:///{db}",
        "FLEKSJOB_DATA_DIR": str(db.parent),
        "DJANGO_SETTINGS_MODULE": "fleksjob.web.settings",
    }
    return env


def _command(path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "fleksjob",
        "manage",
        "import_records",
        "--kind",
        "citizens",
        "--user",
        "sagsbehandler.lejre",
        str(path),
    ]


def _counts(db) -> tuple[int, int, int, int]:
    with closing(sqlite3.connect(db)) as conn:
        return tuple(
            conn.execute(sql).fetchone()[0]
            for sql in (
                "SELECT count(*) FROM citizens_citizen",
                "SELECT count(DISTINCT cpr_hash) FROM citizens_citizen",
                "SELECT count(*) FROM citizens_approval",
                "SELECT count(*) FROM audit_auditevent WHERE detail LIKE 'masseimport%'",
            )
        )


def test_killed_import_writes_nothing_and_a_rerun_completes(tmp_path):
    db = tmp_path / "kill.sqlite3"
    env = _env(db)
    setup = subprocess.run(
        [sys.executable, "-c", SETUP], env=env, capture_output=True, text=True, timeout=300
    )
    assert setup.returncode == 0, setup.stderr
    lines = [HEADER]
    for n in range(ROWS):
        cpr = cpr_rules.build(dt.date(1980, 1, 1) + dt.timedelta(days=n), n % 500, "M")
        lines.append(f"{cpr};Navn{n};Efternavn;01-02-2025;vocational;progression;5;8;12;55,6;11,9")
    data = tmp_path / "borgere.csv"
    data.write_text("\n".join(lines), encoding="utf-8")

    paused = threading.Event()
    process = subprocess.Popen(
        _command(data),
        env={**env, "FLEKSJOB_TEST_IMPORT_PAUSE_AFTER": str(PAUSE_AT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )

    def watch() -> None:
        for line in process.stderr:
            if "pause i transaktionen" in line:
                paused.set()
                return

    threading.Thread(target=watch, daemon=True).start()
    try:
        assert paused.wait(timeout=300), "the import never reached the pause"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    assert _counts(db) == (0, 0, 0, 0)  # 120 rows were written inside the transaction: gone

    rerun = subprocess.run(_command(data), env=env, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert _counts(db) == (ROWS, ROWS, ROWS, 1)

    again = subprocess.run(_command(data), env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 1
    assert "der findes allerede en borger med dette CPR-nummer" in again.stderr
    assert _counts(db) == (ROWS, ROWS, ROWS, 1)
