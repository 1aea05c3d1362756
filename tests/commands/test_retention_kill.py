"""`apply_retention` killed (SIGKILL) inside a batch transaction and run again: every due citizen
ends anonymised once, and at no point is a citizen half-anonymised.

Real subprocesses against a real SQLite file, or a PostgreSQL database of its own when the suite
runs on PostgreSQL. The kill is placed, not timed: the run pauses inside its second batch's
transaction (``FLEKSJOB_FAULT_PAUSE_AT=retention.batch``, test mode only) and is killed there.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from tests.commands.conftest import (
    BACKENDS,
    FLEKSJOB,
    postgres_url,
    recreate_postgres,
    seeded_postgres,
    seeded_sqlite,
)

# Slow (seconds to minutes): left out of the fast loop, `-m "not slow"` (docs/testing.md).
pytestmark = pytest.mark.slow

AS_OF = "2026-10-15"
BATCH = 5


@dataclass
class Database:
    env: dict[str, str]
    connect: Callable  # a DB-API connection to the same database
    writing: Callable[[], bool]  # whether the run holds an open write transaction


def _sqlite_writing(db) -> bool:
    """Whether another connection holds the write lock (an open write transaction)."""
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


def _postgres_writing(url: str, name: str) -> bool:
    """Whether another session has a transaction that has written (holds a transaction id)."""
    with psycopg.connect(url, autocommit=True) as con:
        return (
            con.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL",
                [name],
            ).fetchone()[0]
            > 0
        )


@pytest.fixture(scope="module", params=BACKENDS)
def database(request, tmp_path_factory):
    data = tmp_path_factory.mktemp("retention")
    if request.param == "sqlite":
        env, db = seeded_sqlite(data, seed=5, today=AS_OF)
        yield Database(env, lambda: sqlite3.connect(db), lambda: _sqlite_writing(db))
        return
    name = f"fj_retention_kill_{os.getpid()}"
    env = seeded_postgres(data, name, seed=5, today=AS_OF)
    url = postgres_url(name)
    yield Database(env, lambda: psycopg.connect(url), lambda: _postgres_writing(url, name))
    recreate_postgres(name, drop_only=True)


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


def _state(database: Database) -> tuple[int, int, int]:
    """(anonymised, half-anonymised, anonymisation audit events)."""
    con = database.connect()
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
    env = database.env
    due = _due(env)
    assert due > 4 * BATCH
    marker = Path(env["FLEKSJOB_DATA_DIR"]) / "fault-pause-retention.batch"
    run = subprocess.Popen(
        [FLEKSJOB, "manage", "apply_retention", "--as-of", AS_OF, "--batch-size", str(BATCH)],
        env={**env, "FLEKSJOB_FAULT_PAUSE_AT": "retention.batch"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while not marker.exists():  # paused inside the second batch, its writes not committed
            assert run.poll() is None, "the run ended before it reached the pause"
            time.sleep(0.1)
        assert database.writing()
        run.kill()
        run.wait(timeout=60)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    assert run.returncode == -signal.SIGKILL

    anonymised, half, events = _state(database)
    assert half == 0 and events == anonymised
    assert anonymised % BATCH == 0 and 0 < anonymised < due  # whole batches only: one was lost
    assert _due(env) == due - anonymised

    rerun = _retention(env, "--batch-size", str(BATCH))
    assert rerun.returncode == 0, rerun.stderr
    assert f"anonymiseret {due - anonymised};" in rerun.stdout
    assert _state(database) == (due, 0, due)
    again = _retention(env)
    assert "anonymiseret 0; forfaldne i alt 0" in again.stdout
    assert _state(database) == (due, 0, due)
