"""The worker (``fleksjob worker``) killed mid-job, on SQLite and on PostgreSQL: the next worker
claims the job again and finishes it exactly once, and nothing of the killed attempt is left.
SIGTERM lets a running job finish before the worker stops."""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import time
from pathlib import Path

import pytest

from fleksjob.core.rules import cpr as cpr_rules
from tests.reliability.conftest import (
    FLEKSJOB,
    cli_env,
    copy_data_dir,
    fleksjob,
    pg_query,
    sqlite_query,
)
from tests.reliability.test_worker_kills import IMPORT_HEADER, PERSONAS, killed_at

pytestmark = pytest.mark.slow
ROWS = 200
STAGE = "import_records.half"


def _import_file(tmp_path: Path) -> Path:
    lines = [IMPORT_HEADER]
    for n in range(ROWS):
        cpr = cpr_rules.build(dt.date(1970, 1, 1) + dt.timedelta(days=n), n % 500, "F")
        lines.append(f"{cpr};Navn{n};Efternavn;01-02-2025;vocational;progression;5;8;12;55,6;11,9")
    data = tmp_path / "borgere.csv"
    data.write_text("\n".join(lines), encoding="utf-8")
    return data


@pytest.fixture(params=["sqlite", "postgres"])
def setup(request, tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    if request.param == "sqlite":
        env = cli_env(copy_data_dir(request.getfixturevalue("migrated_sqlite_dir"), data_dir))

        def query(sql: str) -> list[tuple]:
            return sqlite_query(data_dir, sql)
    else:
        url = request.getfixturevalue("migrated_pg")()
        env = cli_env(data_dir, url)

        def query(sql: str) -> list[tuple]:
            return [tuple(row) for row in pg_query(url, sql)]

    fleksjob("manage", "shell", "-c", PERSONAS, env=env)
    return data_dir, env, query


def _queue_import(tmp_path: Path, env: dict[str, str]) -> None:
    args = ["manage", "import_records", "--kind", "citizens", "--user", "sagsbehandler.lejre"]
    queued = fleksjob(*args, str(_import_file(tmp_path)), "--no-wait", env=env)
    assert "i kø" in queued.stdout


def _counts(query) -> tuple:
    return query(
        "SELECT (SELECT COUNT(*) FROM citizens_citizen),"
        " (SELECT COUNT(*) FROM citizens_approval),"
        " (SELECT COUNT(*) FROM audit_auditevent WHERE detail LIKE 'masseimport%%')"
    )[0]


def test_a_killed_worker_s_job_is_claimed_again_and_finishes_once(setup, tmp_path):
    data_dir, env, query = setup
    _queue_import(tmp_path, env)
    assert _counts(query) == (0, 0, 0)  # queued, not written

    killed_at(STAGE, ["worker"], env, data_dir)
    assert _counts(query) == (0, 0, 0)  # half the rows were written inside the transaction
    assert query("SELECT status, attempts FROM jobs_jobrun") == [("running", 1)]

    second = fleksjob("worker", "--batch", env=env)
    assert "1 afbrudt(e) job sat i kø igen" in second.stdout
    assert "import_records: færdig" in second.stdout
    assert _counts(query) == (ROWS, ROWS, 1)
    assert query("SELECT status, attempts FROM jobs_jobrun") == [("done", 2)]
    assert query("SELECT status FROM django_tasks_database_dbtaskresult") == [("SUCCESSFUL",)]

    third = fleksjob("worker", "--batch", env=env)  # nothing left: nothing runs twice
    assert "0 job kørt" in third.stdout
    assert _counts(query) == (ROWS, ROWS, 1)


def test_sigterm_lets_the_running_job_finish(setup, tmp_path):
    data_dir, env, query = setup
    _queue_import(tmp_path, env)
    marker = data_dir / f"fault-pause-{STAGE}"
    worker = subprocess.Popen(
        [str(FLEKSJOB), "worker"],
        env={**env, "FLEKSJOB_FAULT_PAUSE_AT": STAGE},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        while not marker.exists():
            assert worker.poll() is None, worker.stdout.read()
            time.sleep(0.1)
        worker.send_signal(signal.SIGTERM)  # asked to stop in the middle of the job
        marker.unlink()  # the job goes on
        output, _ = worker.communicate(timeout=120)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, output
    assert "import_records: færdig" in output
    assert _counts(query) == (ROWS, ROWS, 1)
    assert query("SELECT status, attempts FROM jobs_jobrun") == [("done", 1)]
