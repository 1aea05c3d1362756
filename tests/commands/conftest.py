"""A seeded SQLite data dir that real `fleksjob` subprocesses share."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

FLEKSJOB = str(Path(sys.executable).with_name("fleksjob"))


def seeded_sqlite(data: Path, *, seed: int, today: str) -> tuple[dict[str, str], Path]:
    """Migrate and seed synthetic Denmark (tiny) into ``data``; the subprocess environment and
    the database file."""
    db = data / "fleksjob.sqlite3"
    env = {
        **os.environ,
        "FLEKSJOB_MODE": "test",
        "FLEKSJOB_DATA_DIR": str(data),
        "DATABASE_URL": f"sqlite:///{db}",
    }
    for args in (
        ["manage", "migrate", "-v0"],
        ["seed", "--scale", "tiny", "--seed", str(seed), "--today", today],
    ):
        subprocess.run([FLEKSJOB, *args], env=env, check=True, capture_output=True, timeout=600)
    return env, db
