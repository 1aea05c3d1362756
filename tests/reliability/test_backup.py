"""``fleksjob backup`` / ``fleksjob restore`` as real processes: every table round-trips between
SQLite and PostgreSQL with identical counts and checksums; a damaged archive or a non-empty
target is refused and nothing is written."""

from __future__ import annotations

import io
import json
import sqlite3
import tarfile
from pathlib import Path

import pytest

from fleksjob.demo.personas import PERSONAS
from tests.reliability.conftest import (
    cli_env,
    copy_data_dir,
    fleksjob,
    pg_query,
    sqlite_count,
    sqlite_query,
)

pytestmark = pytest.mark.slow

# The seeded copies' audit log: the personas' creation (one event each), EXTRAS' four, and the
# demo's sharing out of cases (one event for each of the four municipalities with caseworkers).
AUDIT_EVENTS = len(PERSONAS) + 4 + 4


def manifest(path: Path) -> dict:
    with tarfile.open(path) as tar:
        return json.load(tar.extractfile("manifest.json"))


def digests(path: Path) -> dict[str, tuple[int, str]]:
    return {t["name"]: (t["rows"], t["sha256"]) for t in manifest(path)["tables"]}


def rewrite(source: Path, target: Path, change) -> None:
    """Copy an archive, passing every member's bytes through ``change(name, data)`` (None drops
    the member)."""
    with tarfile.open(source) as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            data = change(member.name, old.extractfile(member).read())
            if data is None:
                continue
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))


@pytest.fixture
def migrated_sqlite(migrated_sqlite_dir, tmp_path):
    """``migrated_sqlite(name)``: the environment of a new migrated, empty SQLite data dir."""

    def create(name: str) -> dict[str, str]:
        return cli_env(copy_data_dir(migrated_sqlite_dir, tmp_path / name))

    return create


@pytest.fixture(scope="module")
def sqlite_archive(seeded_sqlite, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("archives") / "sqlite.tar.gz"
    result = fleksjob("backup", str(out), env=cli_env(seeded_sqlite))
    assert "tables" in result.stdout
    return out


def test_archive_holds_every_table_but_sessions(seeded_sqlite, sqlite_archive):
    tables = digests(sqlite_archive)
    expected = {
        name
        for (name,) in sqlite_query(
            seeded_sqlite, "SELECT name FROM sqlite_master WHERE type = 'table'"
        )
        if not name.startswith("sqlite_")
    } - {"django_session", "django_migrations"}
    assert set(tables) == expected
    for name in ("citizens_citizen", "audit_auditevent", "accounts_apitoken", "accounts_user"):
        assert tables[name][0] == sqlite_count(seeded_sqlite, name)
    assert tables["audit_auditevent"][0] == AUDIT_EVENTS
    assert tables["audit_accesschange"][0] == len(PERSONAS)
    assert tables["placements_matchresult"][0] > 0
    meta = manifest(sqlite_archive)
    assert meta["excluded"] == ["django_session"]
    assert ["audit", "0002_append_only_triggers"] in meta["migrations"]


def test_round_trip_on_sqlite(seeded_sqlite, sqlite_archive, migrated_sqlite, tmp_path):
    env = migrated_sqlite("target")
    result = fleksjob("restore", str(sqlite_archive), env=env)
    assert "checksums match" in result.stdout
    again = tmp_path / "again.tar.gz"
    fleksjob("backup", str(again), env=env)
    assert digests(again) == digests(sqlite_archive)
    target = tmp_path / "target"
    # Ciphertext copied as stored (same FLEKSJOB_FIELD_KEYS needed), sessions left behind.
    sql = "SELECT id, cpr_encrypted, cpr_hash FROM citizens_citizen ORDER BY id"
    assert sqlite_query(target, sql) == sqlite_query(seeded_sqlite, sql)
    assert sqlite_query(target, "SELECT COUNT(*) FROM django_session") == [(0,)]
    # With the same keys the restored ciphertext decrypts to the CPR its lookup hash belongs to.
    check = fleksjob(
        "manage",
        "shell",
        "-c",
        "from fleksjob.citizens.models import Citizen\n"
        "from fleksjob.citizens.protection import protector\n"
        "c = Citizen.objects.order_by('pk')[0]\n"
        "print(protector().lookup_hash(protector().decrypt(c.cpr_encrypted)) == c.cpr_hash)",
        env=env,
    )
    assert check.stdout.splitlines()[-1] == "True"


def test_round_trip_across_engines(sqlite_archive, migrated_pg, migrated_sqlite, tmp_path):
    expected = digests(sqlite_archive)
    # SQLite → PostgreSQL
    first = migrated_pg()
    env_first = cli_env(tmp_path / "pg1", first)
    fleksjob("restore", str(sqlite_archive), env=env_first)
    from_pg = tmp_path / "pg.tar.gz"
    fleksjob("backup", str(from_pg), env=env_first)
    assert manifest(from_pg)["engine"] == "postgresql"
    assert digests(from_pg) == expected
    # PostgreSQL → PostgreSQL: sequences continue after the restored ids.
    second = migrated_pg()
    env_second = cli_env(tmp_path / "pg2", second)
    fleksjob("restore", str(from_pg), env=env_second)
    max_id = pg_query(second, "SELECT MAX(id) FROM audit_auditevent")[0][0]
    fleksjob(
        "manage",
        "shell",
        "-c",
        "from fleksjob.audit.log import record; record(None, 'view', detail='after restore')",
        env=env_second,
    )
    assert pg_query(second, "SELECT MAX(id) FROM audit_auditevent")[0][0] == max_id + 1
    # PostgreSQL → SQLite
    env_back = migrated_sqlite("back")
    fleksjob("restore", str(from_pg), env=env_back)
    back = tmp_path / "back.tar.gz"
    fleksjob("backup", str(back), env=env_back)
    assert digests(back) == expected


def _refused(archive: Path, env: dict[str, str], target: Path, *messages: str) -> None:
    """Refused with exit 1, one of ``messages`` and nothing written."""
    result = fleksjob("restore", str(archive), env=env, check=False)
    assert result.returncode == 1, result.stderr
    assert any(message in result.stderr for message in messages), result.stderr
    assert "nothing was written" in result.stderr
    for table in ("citizens_citizen", "accounts_user", "audit_auditevent"):
        assert sqlite_count(target, table) == 0


def test_damaged_archives_are_refused_and_nothing_is_written(
    sqlite_archive, migrated_sqlite, tmp_path
):
    env = migrated_sqlite("target")
    target = tmp_path / "target"

    flipped = tmp_path / "flipped.tar.gz"
    data = bytearray(sqlite_archive.read_bytes())
    data[len(data) // 2] ^= 0x01
    flipped.write_bytes(bytes(data))
    # Where the bit lands decides which check sees it first: the gzip stream, a table line's
    # JSON or shape, or the table's checksum (all before anything is written).
    _refused(flipped, env, target, "archive", "is not JSON", "columns", "checksum differs")

    def one_value_changed(name: str, data: bytes) -> bytes:
        if name == "tables/citizens_citizen.jsonl":
            return data.replace(b'"350"', b'"351"', 1)
        return data

    changed = tmp_path / "changed.tar.gz"
    rewrite(sqlite_archive, changed, one_value_changed)
    _refused(changed, env, target, "table citizens_citizen: archive checksum differs")

    missing = tmp_path / "missing.tar.gz"
    rewrite(
        sqlite_archive,
        missing,
        lambda name, data: None if name == "tables/audit_auditevent.jsonl" else data,
    )
    _refused(missing, env, target, "table audit_auditevent: file tables/audit_auditevent.jsonl")

    def newer_schema(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        meta = json.loads(data)
        meta["migrations"].append(["citizens", "0099_future"])
        return json.dumps(meta).encode()

    future = tmp_path / "future.tar.gz"
    rewrite(sqlite_archive, future, newer_schema)
    _refused(future, env, target, "schema version differs")
    _refused(flipped, env, target, "nothing was written")
    result = fleksjob("restore", str(tmp_path / "absent.tar.gz"), env=env, check=False)
    assert result.returncode == 2 and "no such file" in result.stderr


def test_restore_into_a_non_empty_database_is_refused(seeded_sqlite, sqlite_archive, tmp_path):
    target = copy_data_dir(seeded_sqlite, tmp_path / "full")
    env = cli_env(target)
    fleksjob(
        "manage",
        "shell",
        "-c",
        "from fleksjob.audit.log import record; record(None, 'view', detail='newer')",
        env=env,
    )
    before = sqlite_query(target, "SELECT COUNT(*) FROM audit_auditevent")
    result = fleksjob("restore", str(sqlite_archive), env=env, check=False)
    assert result.returncode == 1
    assert "the database is not empty" in result.stderr and "--replace" in result.stderr
    assert sqlite_query(target, "SELECT COUNT(*) FROM audit_auditevent") == before

    # --replace empties the database first, the append-only audit log included, and keeps its
    # triggers: the log refuses a delete afterwards as before.
    fleksjob("restore", "--replace", str(sqlite_archive), env=env)
    assert sqlite_query(target, "SELECT COUNT(*) FROM audit_auditevent") == [(AUDIT_EVENTS,)]
    assert sqlite_query(target, "SELECT COUNT(*) FROM audit_accesschange") == [(len(PERSONAS),)]
    for table in ("audit_auditevent", "audit_accesschange"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            sqlite_query(target, f"DELETE FROM {table}")  # noqa: S608
