"""Real processes of the ``fleksjob`` command against databases of the test's own.

SQLite databases are files in a temporary data directory; PostgreSQL databases are created on
the server of ``FLEKSJOB_TEST_PG`` (default: the local one) under unique names and dropped
afterwards, so nothing touches a database someone else uses.
"""

from __future__ import annotations

import itertools
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest

FLEKSJOB = Path(sys.executable).with_name("fleksjob")
PG_SERVER = os.environ.get("FLEKSJOB_TEST_PG", "postgres://postgres@127.0.0.1:5432/postgres")
_names = itertools.count()

# Extra records every copy of the seeded dataset holds besides synthetic Denmark: personas, a few
# more caseworkers, an API token, audit events, a session (excluded from backups) and a stored
# match run.
EXTRAS = """
from django.contrib.sessions.backends.db import SessionStore
from fleksjob.accounts.models import ApiToken
from fleksjob.audit.log import record
from fleksjob.citizens.models import Citizen
from fleksjob.demo.personas import ensure_personas
from fleksjob.accounts.models import Role, User
users = {u.username: u for u in ensure_personas()}
for code in ("751", "101"):  # more municipalities whose caseworkers get reminders
    User.objects.create_user(
        f"sagsbehandler.{code}", f"sagsbehandler.{code}@test.invalid", None,
        role=Role.CASEWORKER, municipality_id=code,
    )
from fleksjob.demo.caseload import assign_demo_caseloads
assign_demo_caseloads()  # reminders go to each case's own caseworker
caseworker = users["sagsbehandler.lejre"]
ApiToken.issue(caseworker, "backup-test")
for citizen in Citizen.objects.filter(municipality_id="350").order_by("pk")[:3]:
    record(caseworker, "view", citizen, citizen=citizen, detail="test")
record(users["admin"], "export", channel="cli")
session = SessionStore()
session["probe"] = 1
session.create()
"""


def cli_env(data_dir: Path, database_url: str | None = None, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("FLEKSJOB_", "DATABASE_URL", "SECRET_KEY", "DJANGO_SETTINGS"))
    }
    env.update({"FLEKSJOB_MODE": "test", "FLEKSJOB_DATA_DIR": str(data_dir)})
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update(extra)
    return env


def fleksjob(*args: str, env: dict[str, str], check: bool = True, timeout: float = 600):
    result = subprocess.run(
        [str(FLEKSJOB), *args], env=env, capture_output=True, text=True, timeout=timeout
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"fleksjob {' '.join(args)} exited {result.returncode}:\n{result.stderr[-3000:]}"
        )
    return result


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'fleksjob.sqlite3'}"


def sqlite_query(data_dir: Path, sql: str, params: tuple = ()) -> list[tuple]:
    with sqlite3.connect(data_dir / "fleksjob.sqlite3") as con:
        return con.execute(sql, params).fetchall()


def sqlite_count(data_dir: Path, table: str) -> int:
    return sqlite_query(data_dir, f"SELECT COUNT(*) FROM {table}")[0][0]  # noqa: S608


class PostgresDatabases:
    """Creates uniquely named databases on the test server and drops them at the end."""

    def __init__(self) -> None:
        self.created: list[str] = []

    def create(self, template: str | None = None) -> str:
        """A new database: empty, or a copy of the database at the URL ``template`` (which no
        one may be connected to)."""
        name = f"fj_rel_{os.getpid()}_{next(_names)}"
        copy = "" if template is None else f' TEMPLATE "{template.rsplit("/", 1)[1]}"'
        with psycopg.connect(PG_SERVER, autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}"')
            con.execute(f'CREATE DATABASE "{name}"{copy}')
        self.created.append(name)
        return PG_SERVER.rsplit("/", 1)[0] + "/" + name

    def drop_all(self) -> None:
        # Side by side: each DROP DATABASE waits for a checkpoint, and waiting drops share one.
        def drop(name: str) -> None:
            with psycopg.connect(PG_SERVER, autocommit=True) as con:
                con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        with ThreadPoolExecutor(max(1, len(self.created))) as pool:
            list(pool.map(drop, self.created))


@pytest.fixture(scope="session")
def pg_databases() -> Iterator[PostgresDatabases]:
    databases = PostgresDatabases()
    yield databases
    databases.drop_all()


def pg_query(url: str, sql: str, params: tuple = ()) -> list[tuple]:
    with psycopg.connect(url) as con:
        return con.execute(sql, params).fetchall()


@pytest.fixture(scope="session")
def migrated_pg(pg_databases, tmp_path_factory) -> Callable[[], str]:
    """``migrated_pg()``: the URL of a new database with every migration applied, a copy of one
    migrated once a session (``fleksjob manage migrate`` takes seconds; a copy does not)."""
    template: str | None = None

    def create() -> str:
        nonlocal template
        if template is None:
            template = pg_databases.create()
            env = cli_env(tmp_path_factory.mktemp("pg-migrated"), template)
            fleksjob("manage", "migrate", "-v0", env=env)
        return pg_databases.create(template=template)

    return create


@pytest.fixture(scope="session")
def migrated_sqlite_dir(tmp_path_factory) -> Path:
    """A file SQLite data dir with every migration applied and no rows; copy it with
    ``copy_data_dir`` for a migrated database of a test's own."""
    data_dir = tmp_path_factory.mktemp("migrated")
    fleksjob("manage", "migrate", "-v0", env=cli_env(data_dir))
    return data_dir


@pytest.fixture(scope="session")
def seeded_sqlite(migrated_sqlite_dir, tmp_path_factory) -> Path:
    """A file SQLite data dir with the tiny synthetic Denmark plus EXTRAS; copy before writing."""
    data_dir = copy_data_dir(migrated_sqlite_dir, tmp_path_factory.mktemp("seeded"))
    env = cli_env(data_dir)
    fleksjob("seed", "--scale", "tiny", env=env)
    fleksjob("manage", "shell", "-c", EXTRAS, env=env)
    fleksjob("manage", "match_run", "--municipality", "350", env=env)
    return data_dir


def copy_data_dir(source: Path, target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in ("fleksjob.sqlite3", "fleksjob.sqlite3-wal", "fleksjob.sqlite3-shm"):
        if (source / name).exists():
            shutil.copy2(source / name, target / name)
    return target
