"""Data minimisation: the background and operator commands, run for real on a seeded database
with logging at DEBUG, print no citizen's name or CPR number (stdout, stderr and logs alike)."""

from __future__ import annotations

import re
import sqlite3
import subprocess

import pytest

from fleksjob.citizens.protection import protector
from tests.commands.conftest import FLEKSJOB, seeded_sqlite

# Slow (seconds to minutes): left out of the fast loop, `-m "not slow"` (docs/testing.md).
pytestmark = pytest.mark.slow

TODAY = "2026-10-15"
COMMANDS = [
    ["stats", "compute", "--from", "2026-01", "--to", "2026-09"],
    ["manage", "send_reminders", "--today", TODAY],
    ["manage", "match_run", "--municipality", "350"],
    ["manage", "apply_retention", "--dry-run", "--as-of", TODAY],
    ["manage", "apply_retention", "--limit", "30", "--batch-size", "10", "--as-of", TODAY],
    ["manage", "release_case_transfers", "--as-of", TODAY],
    ["scenario", "--municipality", "350", "--from-year", "2026", "--years", "1", "--json"],
    ["manage", "rotate_field_keys"],  # after retention: anonymised citizens have no CPR left
]


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    return seeded_sqlite(tmp_path_factory.mktemp("minimisation"), seed=7, today=TODAY)


def _people(db) -> tuple[list[str], list[str], list[str]]:
    """Full names, last names and CPR numbers (both spellings) of every seeded citizen."""
    con = sqlite3.connect(db)
    rows = con.execute(
        "SELECT first_name, last_name, cpr_encrypted FROM citizens_citizen"
    ).fetchall()
    con.close()
    cprs = []
    for _, _, token in rows:
        digits = protector().decrypt(token)
        cprs += [digits, f"{digits[:6]}-{digits[6:]}"]
    return [f"{f} {la}" for f, la, _ in rows], sorted({la for _, la, _ in rows}), cprs


def test_commands_print_no_names_or_cpr(database):
    env, db = database
    full_names, last_names, cprs = _people(db)  # before retention anonymises some
    assert len(full_names) > 1000
    output = []
    for args in COMMANDS:
        done = subprocess.run(
            [FLEKSJOB, *args],
            env={**env, "LOG_LEVEL": "DEBUG"},
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, (args, done.stderr[-2000:])
        output.append(done.stdout + done.stderr)
    text = "\n".join(output)
    assert "anonymiseret 30" in text  # the commands did their work
    assert [n for n in full_names if n in text] == []
    assert [c for c in cprs if c in text] == []
    # Last names as whole words (case-sensitive: output is lower-case Danish and figures).
    words = set(re.findall(r"\w+", text))
    assert [n for n in last_names if n in words] == []
