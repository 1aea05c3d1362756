"""Backup and restore of the whole database through the portable archive of ``core.backup``.

Every table of every installed model is included (auth, audit, axes, API tokens, ...) except
``django_session``: sessions are short-lived logins signed with this installation's SECRET_KEY,
and restoring them would bring logins back to life. The ``django_migrations`` table is not copied
either: its content is the archive's schema version, which must match the target database.

Values are read and written as stored, without the models' own logic, so encrypted CPR stays
ciphertext: the target must be configured with the same FLEKSJOB_FIELD_KEYS and
FLEKSJOB_HASH_KEY. Foreign keys are deferred to the commit (Django creates them DEFERRABLE
INITIALLY DEFERRED on both engines), so tables are written in any order inside one transaction.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder

from fleksjob.core import backup as core
from fleksjob.core.backup import BackupError
from fleksjob.operations.planner import refresh_planner_statistics

EXCLUDED = {"django_session": "sessions: short-lived logins, signed with SECRET_KEY"}
# Tables that ``migrate`` fills itself; a freshly migrated database counts as empty with them.
FILLED_BY_MIGRATE = {
    "django_content_type",
    "auth_permission",
    "municipalities_region",
    "municipalities_municipality",
}
# Append-only tables and the migration whose create/drop put their refusing triggers in place.
APPEND_ONLY = {
    "audit_auditevent": "fleksjob.audit.migrations.0002_append_only_triggers",
    "audit_accesschange": "fleksjob.audit.migrations.0005_access_change_append_only",
}
BATCH = 2000

_KINDS = {
    "AutoField": core.INTEGER,
    "BigAutoField": core.INTEGER,
    "SmallAutoField": core.INTEGER,
    "IntegerField": core.INTEGER,
    "BigIntegerField": core.INTEGER,
    "SmallIntegerField": core.INTEGER,
    "PositiveIntegerField": core.INTEGER,
    "PositiveBigIntegerField": core.INTEGER,
    "PositiveSmallIntegerField": core.INTEGER,
    "FloatField": core.FLOAT,
    "DecimalField": core.DECIMAL,
    "BooleanField": core.BOOLEAN,
    "DateTimeField": core.DATETIME,
    "DateField": core.DATE,
    "TimeField": core.TIME,
    "JSONField": core.JSON,
    "BinaryField": core.BINARY,
    "UUIDField": core.UUID,
    "DurationField": core.DURATION,
}

Progress = Callable[[str, int], None]  # (table, rows just handled)


@dataclass(frozen=True)
class Table:
    model: type[models.Model]
    fields: list[models.Field]

    @property
    def name(self) -> str:
        return self.model._meta.db_table

    @property
    def columns(self) -> list[str]:
        return [f.column for f in self.fields]

    @property
    def kinds(self) -> list[str]:
        return [_kind(f) for f in self.fields]

    @property
    def integer_pk(self) -> bool:
        return _kind(self.model._meta.pk) == core.INTEGER


def _storage_field(field: models.Field) -> models.Field:
    while field.is_relation:  # a foreign key is stored as its target's type
        field = field.target_field
    return field


def _kind(field: models.Field) -> str:
    return _KINDS.get(_storage_field(field).get_internal_type(), core.TEXT)


def tables() -> list[Table]:
    """Every table of every installed model (through tables included), by name."""
    found: dict[str, Table] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in EXCLUDED:
            continue
        found.setdefault(meta.db_table, Table(model, list(meta.local_concrete_fields)))
    return [found[name] for name in sorted(found)]


def applied_migrations() -> list[list[str]]:
    recorder = MigrationRecorder(connection)
    return sorted([app, name] for app, name in recorder.applied_migrations())


def _select(table: Table) -> str:
    q = connection.ops.quote_name
    columns = ", ".join(q(c) for c in table.columns)
    order = f" ORDER BY {q(table.model._meta.pk.column)}" if table.integer_pk else ""
    return f"SELECT {columns} FROM {q(table.name)}{order}"  # noqa: S608 (names from the models)


def canonical_rows(table: Table) -> Iterator[list[Any]]:
    """The table's rows in canonical form, ordered by primary key the same way on any engine."""
    kinds = table.kinds
    places = [getattr(_storage_field(f), "decimal_places", None) for f in table.fields]

    def convert(raw: tuple) -> list[Any]:
        return [core.canonical(k, v, p) for k, v, p in zip(kinds, raw, places, strict=True)]

    with connection.cursor() as cursor:
        cursor.execute(_select(table))
        if table.integer_pk:
            while batch := cursor.fetchmany(BATCH):
                yield from (convert(raw) for raw in batch)
        else:  # text keys: collations differ between engines, so sort here by code point
            pk = table.columns.index(table.model._meta.pk.column)
            rows = [convert(raw) for raw in cursor.fetchall()]
            yield from sorted(rows, key=lambda r: core.sort_key(r[pk]))


def row_counts() -> dict[str, int]:
    q = connection.ops.quote_name
    counts = {}
    with connection.cursor() as cursor:
        for table in tables():
            cursor.execute(f"SELECT COUNT(*) FROM {q(table.name)}")  # noqa: S608
            counts[table.name] = cursor.fetchone()[0]
    return counts


def backup(path: Path, progress: Progress | None = None) -> core.Manifest:
    """Write the archive; it appears at ``path`` only when complete."""
    writer = core.ArchiveWriter(path)
    try:
        # One transaction, so every table comes from the same moment: a read-only snapshot on
        # PostgreSQL (the app goes on writing); on SQLite the immediate transaction holds
        # writers back until the backup is done.
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            for table in tables():

                def rows(table: Table = table) -> Iterator[list[Any]]:
                    for values in canonical_rows(table):
                        if progress:
                            progress(table.name, 1)
                        yield values

                writer.add_table(table.name, table.columns, table.kinds, rows())
            migrations = applied_migrations()
    except BaseException:
        writer.abort()
        raise
    return writer.finish(
        migrations,
        engine=connection.vendor,
        created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        excluded=sorted(EXCLUDED),
    )


def _clear(names: list[str], *, replace: bool) -> None:
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        guarded = []
        for table, migration in APPEND_ONLY.items():
            if table in names:
                cursor.execute(f"SELECT COUNT(*) FROM {q(table)}")  # noqa: S608
                if cursor.fetchone()[0] > 0:
                    guarded.append(importlib.import_module(migration))
        if replace:
            # The append-only tables refuse deletes by trigger; --replace lifts the triggers for
            # this transaction only (DDL is transactional on both engines) and puts them back.
            for triggers in guarded:
                triggers.drop(None, _Editor(cursor))
        for name in names:
            cursor.execute(f"DELETE FROM {q(name)}")  # noqa: S608
        if replace:
            for triggers in guarded:
                triggers.create(None, _Editor(cursor))


class _Editor:
    """Just enough of a schema editor for the append-only migrations' trigger functions."""

    def __init__(self, cursor):
        self.connection = connection
        self._cursor = cursor

    def execute(self, sql: str) -> None:
        self._cursor.execute(sql)


def _insert(table: Table, entry: core.TableEntry, rows: Iterator[list[Any]], progress) -> None:
    if entry.columns != table.columns or entry.kinds != table.kinds:
        raise BackupError(f"table {table.name}: columns in the archive differ from the database")
    q = connection.ops.quote_name
    columns = ", ".join(q(c) for c in table.columns)
    head = f"INSERT INTO {q(table.name)} ({columns}) VALUES "  # noqa: S608 (names from models)
    group = "(" + ", ".join(["%s"] * len(table.columns)) + ")"
    # Many rows per statement: far fewer round trips than executemany on PostgreSQL; bounded by
    # the engines' limits on parameters per statement.
    per_statement = max(1, min(500, 30_000 // len(table.columns)))
    kinds, fields = table.kinds, [_storage_field(f) for f in table.fields]

    def prepared(values: list[Any]) -> list[Any]:
        out = []
        for kind, field, value in zip(kinds, fields, values, strict=True):
            if value is None or kind == core.TEXT:
                out.append(value)
            elif kind == core.JSON:
                out.append(field.get_db_prep_save(value, connection))
            else:
                python = core.from_canonical(kind, value)
                out.append(field.get_db_prep_save(python, connection=connection))
        return out

    def write(cursor, batch: list[list[Any]]) -> None:
        sql = head + ", ".join([group] * len(batch))
        cursor.execute(sql, [value for values in batch for value in values])
        if progress:
            progress(table.name, len(batch))

    with connection.cursor() as cursor:
        batch: list[list[Any]] = []
        for values in rows:
            batch.append(prepared(values))
            if len(batch) >= per_statement:
                write(cursor, batch)
                batch = []
        if batch:
            write(cursor, batch)


def restore(path: Path, *, replace: bool = False, progress: Progress | None = None) -> dict:
    """Verify the archive, then write every table in one transaction and check the result.

    Nothing is written unless the archive is intact, fits the database's schema and the
    database is empty (or ``replace``); a restored table whose count or checksum differs from
    the manifest rolls everything back.
    """
    reader = core.ArchiveReader(path)
    try:
        manifest = reader.manifest
        if reason := core.schema_difference(manifest.migrations, applied_migrations()):
            raise BackupError(reason)
        reader.verify()
        wanted = {t.name: t for t in tables()}
        names = [t.name for t in manifest.tables]
        if missing := sorted(set(wanted) - set(names)):
            raise BackupError(f"table {missing[0]}: in the database but not in the archive")
        if unknown := sorted(set(names) - set(wanted)):
            raise BackupError(f"table {unknown[0]}: in the archive but not in the database")
        if not replace:
            filled = {n: c for n, c in row_counts().items() if c and n not in FILLED_BY_MIGRATE}
            if filled:
                name, count = sorted(filled.items())[0]
                raise BackupError(
                    f"the database is not empty (table {name} has {count} rows, "
                    f"{len(filled)} tables in all): restore into a newly migrated database, "
                    "or give --replace to delete its content first"
                )
        with transaction.atomic():
            _clear(names, replace=replace)
            for entry in manifest.tables:
                _insert(wanted[entry.name], entry, reader.rows(entry), progress)
            if connection.vendor == "postgresql":
                models_ = [t.model for t in wanted.values()]
                statements = connection.ops.sequence_reset_sql(no_style(), models_)
                with connection.cursor() as cursor:
                    for sql in statements:
                        cursor.execute(sql)
            # Check what the database now holds before committing: any difference undoes it all.
            for entry in manifest.tables:
                digest = core.TableDigest()
                for values in canonical_rows(wanted[entry.name]):
                    digest.add(core.line(values))
                core.check_digest(entry, digest, "restored database")
    finally:
        reader.close()
    refresh_planner_statistics()
    return {"tables": len(manifest.tables), "rows": sum(t.rows for t in manifest.tables)}


def verify_database(path: Path) -> None:
    """Compare the database's tables with an archive's manifest (counts and checksums)."""
    reader = core.ArchiveReader(path)
    try:
        wanted = {t.name: t for t in tables()}
        for entry in reader.manifest.tables:
            digest = core.TableDigest()
            for values in canonical_rows(wanted[entry.name]):
                digest.add(core.line(values))
            core.check_digest(entry, digest, "database")
    finally:
        reader.close()
