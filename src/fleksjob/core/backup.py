"""Backup archives: canonical rows, per-table checksums, the manifest, and the archive file.

A backup is one tar file: ``manifest.json`` plus ``tables/<table>.jsonl`` (one JSON array per row,
columns in the manifest's order, rows ordered by primary key). Every value is first put in a
canonical form that is the same whichever engine it came from (SQLite or PostgreSQL): datetimes
in UTC ISO 8601 with a ``Z``, dates ISO, decimals as normalised strings with the column's decimal
places, booleans as JSON booleans, JSON values as objects (keys sorted when written), binary as
base64, UUIDs in their dashed form, durations in microseconds. A table's checksum is the SHA-256
of its canonical lines, so the same data gives the same checksum on either engine.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import hashlib
import io
import json
import tarfile
import uuid
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fleksjob.core.private_files import open_private

FORMAT = "fleksjob-backup/1"
MANIFEST = "manifest.json"


class BackupError(Exception):
    """An archive that cannot be trusted or does not fit; the message names table and reason."""


# --- canonical values ---------------------------------------------------------------------------
# Kinds are Django's internal field types, reduced to what the canonical form distinguishes.
INTEGER, FLOAT, DECIMAL, BOOLEAN, TEXT = "integer", "float", "decimal", "boolean", "text"
DATETIME, DATE, TIME, JSON, BINARY, UUID, DURATION = (
    "datetime",
    "date",
    "time",
    "json",
    "binary",
    "uuid",
    "duration",
)


def _parse_datetime(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace(" ", "T"))


def canonical(kind: str, value: Any, decimal_places: int | None = None) -> Any:
    """The engine-independent form of one stored value (``None`` stays ``None``)."""
    if value is None:
        return None
    if kind == INTEGER:
        return int(value)
    if kind == FLOAT:
        return float(value)
    if kind == DECIMAL:
        number = decimal.Decimal(str(value))
        if decimal_places is not None:
            number = number.quantize(decimal.Decimal(1).scaleb(-decimal_places))
        return str(number)
    if kind == BOOLEAN:
        return bool(value)
    if kind == DATETIME:
        moment = _parse_datetime(value) if isinstance(value, str) else value
        if moment.tzinfo is None:  # SQLite keeps UTC without an offset (USE_TZ)
            moment = moment.replace(tzinfo=dt.UTC)
        return (
            moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"
        )
    if kind == DATE:
        return (dt.date.fromisoformat(value) if isinstance(value, str) else value).isoformat()
    if kind == TIME:
        return (dt.time.fromisoformat(value) if isinstance(value, str) else value).isoformat(
            timespec="microseconds"
        )
    if kind == JSON:
        return json.loads(value) if isinstance(value, str | bytes) else value
    if kind == BINARY:
        return base64.b64encode(bytes(value)).decode("ascii")
    if kind == UUID:
        return str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))
    if kind == DURATION:
        if isinstance(value, dt.timedelta):
            return value // dt.timedelta(microseconds=1)
        return int(value)
    return str(value)


def from_canonical(kind: str, value: Any) -> Any:
    """The Python value to hand the database layer for a canonical value."""
    if value is None:
        return None
    if kind == DATETIME:
        return dt.datetime.fromisoformat(value)
    if kind == DATE:
        return dt.date.fromisoformat(value)
    if kind == TIME:
        return dt.time.fromisoformat(value)
    if kind == DECIMAL:
        return decimal.Decimal(value)
    if kind == BINARY:
        return base64.b64decode(value)
    if kind == UUID:
        return uuid.UUID(value)
    if kind == DURATION:
        return dt.timedelta(microseconds=value)
    return value


def line(values: list[Any]) -> str:
    """One row as its canonical JSON line (no newline)."""
    return json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def sort_key(value: Any) -> tuple:
    """Primary-key order that is the same on every engine (numbers, then text by code point)."""
    return (0, value, "") if isinstance(value, int) else (1, 0, str(value))


# --- tables and the manifest --------------------------------------------------------------------
@dataclass
class TableDigest:
    """Row count and SHA-256 over a table's canonical lines, built one line at a time."""

    rows: int = 0
    _hash: Any = field(default_factory=hashlib.sha256)

    def add(self, text: str) -> None:
        self._hash.update(text.encode("utf-8") + b"\n")
        self.rows += 1

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()


@dataclass(frozen=True)
class TableEntry:
    name: str
    columns: list[str]
    kinds: list[str]
    rows: int
    sha256: str

    @property
    def member(self) -> str:
        return f"tables/{self.name}.jsonl"


@dataclass(frozen=True)
class Manifest:
    migrations: list[list[str]]  # [app, name] of every applied migration, sorted
    tables: list[TableEntry]
    engine: str = ""
    created_at: str = ""
    excluded: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "created_at": self.created_at,
                "engine": self.engine,
                "migrations": self.migrations,
                "excluded": self.excluded,
                "tables": [
                    {
                        "name": t.name,
                        "columns": t.columns,
                        "kinds": t.kinds,
                        "rows": t.rows,
                        "sha256": t.sha256,
                    }
                    for t in self.tables
                ],
            },
            indent=1,
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        try:
            data = json.loads(text)
            if data.get("format") != FORMAT:
                raise BackupError(f"manifest: unknown format {data.get('format')!r}")
            tables = [
                TableEntry(t["name"], t["columns"], t["kinds"], int(t["rows"]), t["sha256"])
                for t in data["tables"]
            ]
            return cls(
                migrations=[list(m) for m in data["migrations"]],
                tables=tables,
                engine=data.get("engine", ""),
                created_at=data.get("created_at", ""),
                excluded=data.get("excluded", []),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise BackupError(f"manifest: unreadable ({type(exc).__name__}: {exc})") from None

    def table(self, name: str) -> TableEntry:
        for entry in self.tables:
            if entry.name == name:
                return entry
        raise BackupError(f"table {name}: not in the archive")


def schema_difference(archive: list[list[str]], database: list[list[str]]) -> str | None:
    """Why the archive's migrations differ from the database's, or ``None`` if they match."""
    mine, theirs = {tuple(m) for m in archive}, {tuple(m) for m in database}
    if mine == theirs:
        return None
    missing, extra = sorted(mine - theirs), sorted(theirs - mine)
    parts = []
    if missing:
        parts.append(f"the database lacks migration {'.'.join(missing[0])}")
    if extra:
        parts.append(f"the archive lacks migration {'.'.join(extra[0])}")
    return (
        f"schema version differs ({'; '.join(parts)}; {len(missing)} + {len(extra)} in all): "
        "restore into a database migrated to the same version as the backup"
    )


# --- the archive file ---------------------------------------------------------------------------
def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


class ArchiveWriter:
    """Writes table files as they are produced, then the manifest (a gzip-compressed tar)."""

    def __init__(self, path: Path):
        self.path = path
        self._partial = path.with_name(path.name + ".partial")
        # Owner-only from the first byte: the archive holds everything the database holds.
        self._file = open_private(self._partial)
        self._tar = tarfile.open(fileobj=self._file, mode="w:gz")  # noqa: SIM115 (closed in finish)
        self._entries: list[TableEntry] = []

    def add_table(
        self, name: str, columns: list[str], kinds: list[str], rows: Iterable[list[Any]]
    ) -> TableEntry:
        digest = TableDigest()
        buffer = io.BytesIO()
        for values in rows:
            text = line(values)
            digest.add(text)
            buffer.write(text.encode("utf-8") + b"\n")
        entry = TableEntry(name, columns, kinds, digest.rows, digest.sha256)
        _add(self._tar, entry.member, buffer.getvalue())
        self._entries.append(entry)
        return entry

    def finish(self, migrations: list[list[str]], **info: Any) -> Manifest:
        manifest = Manifest(migrations=sorted(migrations), tables=self._entries, **info)
        _add(self._tar, MANIFEST, manifest.to_json().encode("utf-8"))
        self._close()
        self._partial.replace(self.path)  # the archive appears only when complete
        return manifest

    def abort(self) -> None:
        self._close()
        self._partial.unlink(missing_ok=True)

    def _close(self) -> None:
        try:
            self._tar.close()  # a tar opened on a file object leaves the file open
        finally:
            self._file.close()


class ArchiveReader:
    """Reads an archive; ``verify`` checks every table file against the manifest first."""

    def __init__(self, path: Path):
        try:
            self._tar = tarfile.open(path, "r:*")  # noqa: SIM115 (closed in close)
            member = self._tar.extractfile(MANIFEST)
        except (OSError, tarfile.TarError, EOFError, zlib.error, KeyError) as exc:
            raise BackupError(f"{path}: not a readable backup archive ({exc})") from None
        if member is None:
            raise BackupError(f"{path}: no manifest")
        self.manifest = Manifest.from_json(member.read().decode("utf-8"))

    def rows(self, entry: TableEntry) -> Iterator[list[Any]]:
        try:
            member = self._tar.extractfile(entry.member)
        except KeyError:
            raise BackupError(f"table {entry.name}: file {entry.member} missing") from None
        if member is None:
            raise BackupError(f"table {entry.name}: file {entry.member} missing")
        for number, raw in enumerate(member, start=1):
            try:
                values = json.loads(raw)
            except ValueError:
                raise BackupError(f"table {entry.name}: line {number} is not JSON") from None
            if not isinstance(values, list) or len(values) != len(entry.columns):
                raise BackupError(
                    f"table {entry.name}: line {number} has not {len(entry.columns)} columns"
                )
            yield values

    def verify(self) -> None:
        """Raise BackupError unless every table file matches its count and checksum."""
        try:
            for entry in self.manifest.tables:
                digest = TableDigest()
                for values in self.rows(entry):
                    digest.add(line(values))
                check_digest(entry, digest, "archive")
        except (OSError, tarfile.TarError, EOFError, zlib.error) as exc:
            raise BackupError(f"archive damaged ({type(exc).__name__}: {exc})") from None

    def close(self) -> None:
        self._tar.close()


def check_digest(entry: TableEntry, digest: TableDigest, where: str) -> None:
    if digest.rows != entry.rows:
        raise BackupError(
            f"table {entry.name}: {where} has {digest.rows} rows, the manifest says {entry.rows}"
        )
    if digest.sha256 != entry.sha256:
        raise BackupError(f"table {entry.name}: {where} checksum differs from the manifest")


def archive_rows(path: Path) -> int:
    """The number of rows an archive's manifest announces (for a progress bar)."""
    reader = ArchiveReader(path)
    reader.close()
    return sum(t.rows for t in reader.manifest.tables)
