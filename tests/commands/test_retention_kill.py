"""`apply_retention` killed (SIGKILL) inside a batch transaction and run again: every due citizen
ends anonymised once, and at no point is a citizen half-anonymised.

Real subprocesses against a real SQLite file. The kill is placed, not timed: the run is stopped
(SIGSTOP) and killed only when the database shows it holding an open write transaction.
"""

from __future__ import annotations

import re
import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.commands.conftest import FLEKSJOB, seeded_sqlite

AS_OF = "2026-10-15"
BATCH = 5


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> tuple[dict[str, str], Path]:
    return seeded_sqlite(tmp_path_factory.mktemp("retention"), seed=5, today=AS_OF)


def _retention(env, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [FLEKSJOB, "manage", "apply_retention", "--as-of", AS_OF, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _due(env) -> int:
    out = _retention(env, "--dry-run").stdout
    return int(re.search(r"forfaldne i alt (\d+)", out).group(1))


def _writing(db: Path) -> bool:
    """Whether another connection holds the database's write lock (an open write transaction)."""
    probe = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        assert "locked" in str(exc)
        return True
    finally:
        if probe.in_transaction:
            probe.execute("ROLLBACK")
        probe.close()
    return False


def _state(db: Path) -> tuple[int, int, int]:
    """(anonymised, half-anonymised, anonymisation audit events)."""
    con = sqlite3.connect(db)
    try:
        anonymised = con.execute(
            "SELECT count(*) FROM citizens_citizen WHERE anonymised_at IS NOT NULL"
        ).fetchone()[0]
        half = con.execute(
            """SELECT count(*) FROM citizens_citizen WHERE
               (anonymised_at IS NOT NULL) <> (cpr_hash LIKE 'anonymised:%')
               OR (anonymised_at IS NOT NULL) <> (first_name = '' AND cpr_encrypted = '')"""
        ).fetchone()[0]
        events = con.execute(
            "SELECT count(DISTINCT citizen_id), count(*) FROM audit_auditevent "
            "WHERE action = 'anonymise'"
        ).fetchone()
    finally:
        con.close()
    assert events[0] == events[1], "a citizen was anonymised (audited) twice"
    return anonymised, half, events[1]


def test_killed_mid_batch_and_rerun_anonymises_every_due_citizen_once(database):
    env, db = database
    due = _due(env)
    assert due > 4 * BATCH
    run = subprocess.Popen(
        [FLEKSJOB, "manage", "apply_retention", "--as-of", AS_OF, "--batch-size", str(BATCH)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        killed = False
        while not killed:
            line = run.stdout.readline()  # one committed batch more
            assert line.startswith("parti "), f"the run ended before it could be killed: {line!r}"
            run.send_signal(signal.SIGSTOP)
            if _writing(db):  # stopped inside a batch transaction: kill it there
                run.kill()
                killed = True
            else:
                run.send_signal(signal.SIGCONT)
        run.wait(timeout=60)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
        run.stdout.close()
    assert run.returncode == -signal.SIGKILL

    anonymised, half, events = _state(db)
    assert half == 0 and events == anonymised
    assert anonymised % BATCH == 0 and 0 < anonymised < due  # whole batches only: one was lost
    assert _due(env) == due - anonymised

    rerun = _retention(env, "--batch-size", str(BATCH))
    assert rerun.returncode == 0, rerun.stderr
    assert f"anonymiseret {due - anonymised};" in rerun.stdout
    assert _state(db) == (due, 0, due)
    again = _retention(env)
    assert "anonymiseret 0; forfaldne i alt 0" in again.stdout
    assert _state(db) == (due, 0, due)
