"""Seeded databases that real `fleksjob` subprocesses share: a SQLite file, and a PostgreSQL
database of its own when the suite runs against PostgreSQL (``DATABASE_URL=postgres://...``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

FLEKSJOB = str(Path(sys.executable).with_name("fleksjob"))
SERVER_URL = os.environ.get("DATABASE_URL", "")
# The suite's own engine: CI runs the suite once on SQLite and once on PostgreSQL.
BACKENDS = ["postgres"] if SERVER_URL.startswith("postgres") else ["sqlite"]


def _seed(env: dict[str, str], *, seed: int, today: str) -> None:
    for args in (
        ["manage", "migrate", "-v0"],
        ["seed", "--scale", "tiny", "--seed", str(seed), "--today", today],
    ):
        subprocess.run([FLEKSJOB, *args], env=env, check=True, capture_output=True, timeout=900)


def _env(data: Path, url: str) -> dict[str, str]:
    return {
        **os.environ,
        "FLEKSJOB_MODE": "test",
        "FLEKSJOB_DATA_DIR": str(data),
        "DATABASE_URL": url,
    }


def seeded_sqlite(data: Path, *, seed: int, today: str) -> tuple[dict[str, str], Path]:
    """Migrate and seed synthetic Denmark (tiny) into a SQLite file in ``data``; the subprocess
    environment and the database file."""
    db = data / "fleksjob.sqlite3"
    env = _env(data, f"sqlite:///{db}")
    _seed(env, seed=seed, today=today)
    return env, db


def postgres_url(name: str) -> str:
    """The suite's PostgreSQL server with another database name."""
    parts = urlsplit(SERVER_URL)
    return urlunsplit(parts._replace(path=f"/{name}"))


def recreate_postgres(name: str, *, drop_only: bool = False) -> None:
    with psycopg.connect(postgres_url("postgres"), autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            con.execute(f'CREATE DATABASE "{name}"')


def seeded_postgres(data: Path, name: str, *, seed: int, today: str) -> dict[str, str]:
    """A fresh PostgreSQL database ``name`` on the suite's server, migrated and seeded (tiny)."""
    recreate_postgres(name)
    env = _env(data, postgres_url(name))
    _seed(env, seed=seed, today=today)
    return env
