"""The backup archive's core: canonical values equal across engines, checksums, manifest, and
damaged archives refused with the table named."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from fleksjob.core import backup as core


def test_datetimes_from_either_engine_become_the_same_utc_text():
    utc = "2025-03-30T01:30:00.000000Z"
    copenhagen = dt.datetime(2025, 3, 30, 3, 30, tzinfo=ZoneInfo("Europe/Copenhagen"))
    assert core.canonical(core.DATETIME, copenhagen) == utc  # PostgreSQL: aware
    assert core.canonical(core.DATETIME, dt.datetime(2025, 3, 30, 1, 30)) == utc  # SQLite: naive
    assert core.canonical(core.DATETIME, "2025-03-30 01:30:00") == utc  # SQLite: text


@pytest.mark.parametrize(
    ("raw", "places", "text"),
    [(37.5, 1, "37.5"), (decimal.Decimal("37.50"), 1, "37.5"), (12.3, 2, "12.30"), ("8", 1, "8.0")],
)
def test_decimals_are_normalised_to_the_columns_places(raw, places, text):
    assert core.canonical(core.DECIMAL, raw, places) == text


def test_other_kinds_have_one_form():
    assert core.canonical(core.BOOLEAN, 1) is True
    assert core.canonical(core.DATE, "2024-02-29") == core.canonical(
        core.DATE, dt.date(2024, 2, 29)
    )
    assert core.line([core.canonical(core.JSON, '{"b": 1, "a": [1, 2]}')]) == core.line(
        [core.canonical(core.JSON, {"a": [1, 2], "b": 1})]
    )
    assert core.canonical(core.BINARY, memoryview(b"\x00\xff")) == "AP8="
    value = uuid.UUID(int=5)
    assert core.canonical(core.UUID, value.hex) == core.canonical(core.UUID, value) == str(value)
    assert core.canonical(core.DURATION, dt.timedelta(seconds=1)) == 1_000_000
    assert core.canonical(core.INTEGER, None) is None


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        (core.DATETIME, "2025-01-02T03:04:05.000006Z"),
        (core.DECIMAL, "12.30"),
        (core.BINARY, "AP8="),
        (core.DURATION, 1_500_000),
        (core.DATE, "2025-01-02"),
    ],
)
def test_canonical_values_survive_the_way_back(kind, value):
    assert core.canonical(kind, core.from_canonical(kind, value), 2) == value


def test_primary_keys_sort_alike_on_every_engine():
    keys = ["b", "B", "å", "a"]
    assert sorted(keys, key=core.sort_key) == ["B", "a", "b", "å"]  # code points, no collation
    assert sorted([10, 9], key=core.sort_key) == [9, 10]


def _archive(path: Path, rows: list[list]) -> core.Manifest:
    writer = core.ArchiveWriter(path)
    writer.add_table("t", ["id", "name"], [core.INTEGER, core.TEXT], iter(rows))
    return writer.finish([["app", "0001_initial"]], engine="sqlite")


def test_archive_round_trip_and_checksum(tmp_path):
    rows = [[1, "Åse"], [2, None]]
    manifest = _archive(tmp_path / "a.tar.gz", rows)
    assert not (tmp_path / "a.tar.gz.partial").exists()
    reader = core.ArchiveReader(tmp_path / "a.tar.gz")
    reader.verify()
    entry = reader.manifest.table("t")
    assert list(reader.rows(entry)) == rows
    assert entry.rows == 2 and entry.sha256 == manifest.tables[0].sha256
    reader.close()
    # The same rows give the same checksum; one changed value does not.
    assert _archive(tmp_path / "b.tar.gz", rows).tables[0].sha256 == entry.sha256
    assert _archive(tmp_path / "c.tar.gz", [[1, "Ase"], [2, None]]).tables[0].sha256 != (
        entry.sha256
    )


def test_a_table_that_differs_from_its_manifest_is_named(tmp_path):
    _archive(tmp_path / "a.tar.gz", [[1, "x"]])
    reader = core.ArchiveReader(tmp_path / "a.tar.gz")
    entry = reader.manifest.table("t")
    digest = core.TableDigest()
    digest.add(core.line([1, "y"]))
    with pytest.raises(core.BackupError, match="table t: restored database checksum differs"):
        core.check_digest(entry, digest, "restored database")
    with pytest.raises(core.BackupError, match="table t: database has 0 rows"):
        core.check_digest(entry, core.TableDigest(), "database")
    reader.close()


def test_not_an_archive(tmp_path):
    (tmp_path / "x.tar.gz").write_bytes(b"not a tar")
    with pytest.raises(core.BackupError, match="not a readable backup archive"):
        core.ArchiveReader(tmp_path / "x.tar.gz")


def test_schema_difference_names_a_migration():
    same = [["a", "0001"]]
    assert core.schema_difference(same, same) is None
    message = core.schema_difference([["a", "0001"], ["a", "0002"]], same)
    assert "the database lacks migration a.0002" in message
