"""Workers killed mid-batch (SIGKILL at a named point, FLEKSJOB_FAULT_PAUSE_AT) and re-run
finish with nothing duplicated and nothing lost: matching runs, reminders, the Jobindsats import,
the indicator run and the bulk record import. Every worker is a real ``fleksjob`` process on a
shared SQLite file."""

from __future__ import annotations

import datetime as dt
import re
import shutil
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
    sqlite_count,
    sqlite_query,
)

pytestmark = pytest.mark.slow
IMPORT_HEADER = (
    "cpr;fornavn;efternavn;visitationsdato;uddannelse;mål;timer_mindst;timer_nu;timer_mål;"
    "breddegrad;længdegrad"
)
PERSONAS = "from fleksjob.demo.personas import ensure_personas; ensure_personas()"
JOBINDSATS = Path(__file__).resolve().parents[1] / "data" / "jobindsats"


def killed_at(stage: str, args: list[str], env: dict[str, str], data_dir: Path) -> str:
    """Run the command until it reaches ``stage``, SIGKILL it there; its output so far."""
    marker = data_dir / f"fault-pause-{stage}"
    output = data_dir / f"killed-{stage}.out"
    with output.open("w") as out:
        process = subprocess.Popen(
            [str(FLEKSJOB), *args],
            env={**env, "FLEKSJOB_FAULT_PAUSE_AT": stage},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            while not marker.exists():
                if process.poll() is not None:
                    pytest.fail(
                        f"exited {process.returncode} before {stage}:\n{output.read_text()[-3000:]}"
                    )
                time.sleep(0.1)
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait()
    assert process.returncode == -signal.SIGKILL
    return output.read_text()


@pytest.fixture
def data_dir(seeded_sqlite, tmp_path) -> Path:
    return copy_data_dir(seeded_sqlite, tmp_path / "data")


def _results(data_dir: Path, code: str) -> list[tuple]:
    return sqlite_query(
        data_dir,
        "SELECT r.citizen_id, r.position_id, r.rank, r.assigned FROM placements_matchresult r "
        "JOIN placements_matchrun m ON m.id = r.run_id WHERE m.municipality_id = ? "
        "ORDER BY 1, 2",
        (code,),
    )


def test_matching_run(seeded_sqlite, data_dir, tmp_path):
    control = copy_data_dir(seeded_sqlite, tmp_path / "control")
    args = ["manage", "match_run", "--municipality", "751"]
    fleksjob(*args, env=cli_env(control))
    expected = _results(control, "751")
    assert expected

    env = cli_env(data_dir)
    before_350 = _results(data_dir, "350")
    killed_at("match_run.saving", args, env, data_dir)
    # Killed inside the saving transaction: the run is left "running" with nothing stored.
    assert sqlite_query(
        data_dir, "SELECT status FROM placements_matchrun WHERE municipality_id = '751'"
    ) == [("running",)]
    assert _results(data_dir, "751") == []

    result = fleksjob(*args, env=env)  # naming the municipality again takes the run over
    assert "751: done" in result.stdout
    assert _results(data_dir, "751") == expected  # the same results, each pair once
    assert sqlite_query(
        data_dir, "SELECT status, COUNT(*) FROM placements_matchrun GROUP BY status"
    ) == [("done", 2)]
    assert _results(data_dir, "350") == before_350


def _links(text: str) -> list[str]:
    return re.findall(r"http://127\.0\.0\.1:8000/borgere/\d+/", text)


def test_reminders(seeded_sqlite, data_dir, tmp_path):
    control = copy_data_dir(seeded_sqlite, tmp_path / "control")
    out = fleksjob("manage", "send_reminders", env=cli_env(control, EMAIL_BACKEND="console"))
    expected = sorted(_links(out.stdout))
    due = len(expected)
    nobody = int(re.search(r"uden modtager: (\d+)", out.stdout).group(1))
    env = cli_env(data_dir, EMAIL_BACKEND="console")
    first = killed_at("reminders.sent", ["manage", "send_reminders"], env, data_dir)
    sent_first = _links(first)
    # Killed after the first municipality's digest: the other municipalities are unclaimed.
    assert 0 < len(sent_first) < due
    assert sqlite_query(
        data_dir, "SELECT COUNT(*) FROM followup_reminder WHERE outcome != 'no_recipient'"
    ) == [(len(sent_first),)]

    second = fleksjob("manage", "send_reminders", env=env).stdout
    assert "usikre (afbrudt tidligere): 0" in second
    links = sent_first + _links(second)
    assert sorted(links) == expected  # every due reminder once, none twice
    # Every plan looked at is settled: sent, or recorded as having no recipient (once).
    assert sqlite_query(
        data_dir, "SELECT outcome, COUNT(*), COUNT(sent_at) FROM followup_reminder GROUP BY 1"
    ) == [row for row in [("no_recipient", nobody, 0), ("sent", due, due)] if row[1]]
    third = fleksjob("manage", "send_reminders", env=env).stdout
    assert _links(third) == [] and "sendt: 0" in third


def test_reminders_killed_between_claim_and_send_are_reported_not_resent(data_dir):
    env = cli_env(data_dir, EMAIL_BACKEND="console")
    killed = killed_at("reminders.claimed", ["manage", "send_reminders"], env, data_dir)
    assert _links(killed) == []
    pending = "SELECT COUNT(*) FROM followup_reminder WHERE outcome = 'pending'"
    [(claimed,)] = sqlite_query(data_dir, pending)
    assert claimed > 0
    again = fleksjob("manage", "send_reminders", env=env).stdout
    assert f"usikre (afbrudt tidligere): {claimed}" in again
    assert sqlite_query(data_dir, pending) == [(claimed,)]


def test_jobindsats_import(data_dir, tmp_path):
    files = []
    for name in ("first.json", "second.json"):  # two files of the same table, one import
        shutil.copy(JOBINDSATS / "v2_data_Y08A02.json", tmp_path / name)
        files.append(str(tmp_path / name))
    args = ["manage", "import_jobindsats", "--table", "Y08A02", *files]
    env = cli_env(data_dir)
    killed_at("import.stored", args, env, data_dir)  # after the first file's figures
    assert sqlite_count(data_dir, "benchmarking_importbatch") == 0
    assert sqlite_count(data_dir, "benchmarking_importedfigure") == 0

    fleksjob(*args, env=env)
    assert sqlite_count(data_dir, "benchmarking_importbatch") == 2
    assert sqlite_query(
        data_dir,
        "SELECT COUNT(*), COUNT(DISTINCT area || period || measure || dimensions_key) "
        "FROM benchmarking_importedfigure",
    ) == [(16, 16)]


def test_indicator_run(data_dir):
    env = cli_env(data_dir)
    fleksjob("stats", "compute", "--from", "2024-10", "--to", "2024-12", env=env)
    old = sqlite_query(data_dir, "SELECT id, rows FROM benchmarking_indicatorrun")
    assert len(old) == 1 and old[0][1] == sqlite_count(data_dir, "benchmarking_indicatorvalue")

    args = ["stats", "compute", "--from", "2024-10", "--to", "2025-03"]
    killed_at("indicators.saving", args, env, data_dir)
    # Nothing of the killed run is visible; the previous run is untouched.
    assert sqlite_query(data_dir, "SELECT id, rows FROM benchmarking_indicatorrun") == old
    assert sqlite_count(data_dir, "benchmarking_indicatorvalue") == old[0][1]

    fleksjob(*args, env=env)
    runs = sqlite_query(
        data_dir, "SELECT id, rows, finished_at IS NOT NULL FROM benchmarking_indicatorrun"
    )
    assert len(runs) == 1 and runs[0][0] != old[0][0] and runs[0][2] == 1
    assert runs[0][1] == sqlite_count(data_dir, "benchmarking_indicatorvalue") > old[0][1]
    assert sqlite_query(
        data_dir,
        "SELECT COUNT(*) FROM (SELECT indicator, unit_level, unit_id, period "
        "FROM benchmarking_indicatorvalue GROUP BY 1, 2, 3, 4 HAVING COUNT(*) > 1)",
    ) == [(0,)]


def test_bulk_record_import(migrated_sqlite_dir, tmp_path):
    """Every row is written in one transaction: killed halfway, nothing is left; the re-run
    imports the file once, and a third run is refused as duplicates."""
    data_dir = copy_data_dir(migrated_sqlite_dir, tmp_path / "import")
    env = cli_env(data_dir)
    fleksjob("manage", "shell", "-c", PERSONAS, env=env)
    rows = 300
    lines = [IMPORT_HEADER]
    for n in range(rows):
        cpr = cpr_rules.build(dt.date(1980, 1, 1) + dt.timedelta(days=n), n % 500, "M")
        lines.append(f"{cpr};Navn{n};Efternavn;01-02-2025;vocational;progression;5;8;12;55,6;11,9")
    data = tmp_path / "borgere.csv"
    data.write_text("\n".join(lines), encoding="utf-8")
    args = ["manage", "import_records", "--kind", "citizens", "--user", "sagsbehandler.lejre"]
    args.append(str(data))

    def counts() -> list[tuple]:
        return sqlite_query(
            data_dir,
            "SELECT (SELECT COUNT(*) FROM citizens_citizen),"
            " (SELECT COUNT(DISTINCT cpr_hash) FROM citizens_citizen),"
            " (SELECT COUNT(*) FROM citizens_approval),"
            " (SELECT COUNT(*) FROM audit_auditevent WHERE detail LIKE 'masseimport%')",
        )

    killed_at("import_records.half", args, env, data_dir)
    assert counts() == [(0, 0, 0, 0)]  # 150 rows were written inside the transaction: gone

    fleksjob(*args, env=env)
    assert counts() == [(rows, rows, rows, 1)]

    again = fleksjob(*args, env=env, check=False)
    assert again.returncode == 1
    assert "der findes allerede en borger med dette CPR-nummer" in again.stderr
    assert counts() == [(rows, rows, rows, 1)]
