"""Bulk loading of a generated synthetic Dataset into the operational database.

The generator (``fleksjob.core.synth``) yields plain rows with explicit ids; this module adapts
values per column once (not per field instance) and inserts with ``executemany`` in one
transaction, so a failed load leaves nothing half-written.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

from fleksjob.audit.writes import batch
from fleksjob.citizens.protection import protector
from fleksjob.operations.planner import refresh_planner_statistics

CHUNK = 5_000
Progress = Callable[[int], None]


def _converter(field: models.Field) -> Callable[[object], object] | None:
    """How to adapt a generated value for this column, or None when it goes in as it is."""
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        tz = timezone.get_default_timezone()

        def to_datetime(value):
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                value = dt.datetime.combine(value, dt.time(12), tzinfo=tz)
            return ops.adapt_datetimefield_value(value)

        return to_datetime
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.JSONField):
        return lambda value: json.dumps(value, ensure_ascii=False)
    return None


def insert_rows(
    model: type[models.Model], columns: tuple[str, ...], rows: Iterable[tuple], progress: Progress
) -> int:
    """Insert rows (values in ``columns`` order, by field attname) into the model's table."""
    fields = [model._meta.get_field(name) for name in columns]
    convert = [_converter(f) for f in fields]
    needs_conversion = [i for i, c in enumerate(convert) if c is not None]
    # Columns auto-filled by Django (auto_now/auto_now_add) get "now" when the generator omits them.
    now = timezone.now()
    extra = [
        f
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    extra = [f for f in extra if f.attname not in columns]
    extra_values = tuple(connection.ops.adapt_datetimefield_value(now) for _ in extra)
    names = [f.column for f in fields] + [f.column for f in extra]
    quote = connection.ops.quote_name
    # Table and column names come from model metadata, never from input.
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(n) for n in names)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(names))})"
    )
    count = 0
    chunk: list[tuple] = []
    with connection.cursor() as cursor:
        for row in rows:
            if needs_conversion:
                row = list(row)
                for i in needs_conversion:
                    if row[i] is not None:
                        row[i] = convert[i](row[i])
            chunk.append((*row, *extra_values))
            if len(chunk) >= CHUNK:
                cursor.executemany(sql, chunk)
                progress(len(chunk))
                count += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            progress(len(chunk))
            count += len(chunk)
    return count


def _protect_cpr(
    columns: tuple[str, ...], rows: list[tuple]
) -> tuple[tuple[str, ...], Iterable[tuple]]:
    """Replace the plain ``cpr`` column by its encrypted form and lookup hash."""
    index = columns.index("cpr")
    p = protector()
    new_columns = (*columns[:index], "cpr_encrypted", "cpr_hash", *columns[index + 1 :])

    def protected():
        for row in rows:
            digits = row[index]
            yield (*row[:index], p.encrypt(digits), p.lookup_hash(digits), *row[index + 1 :])

    return new_columns, protected()


def load_dataset(dataset, progress: Progress = lambda n: None) -> dict[str, int]:
    """Load every table of a synthetic Dataset in one transaction. Returns rows per table."""
    counts: dict[str, int] = {}
    loaded_models = []
    with batch():
        for name, table in dataset.tables.items():
            model = apps.get_model(name)
            columns, rows = table.columns, table.rows
            if "cpr" in columns:
                columns, rows = _protect_cpr(columns, rows)
            counts[name] = insert_rows(model, columns, rows, progress)
            loaded_models.append(model)
        # Explicit ids bypass PostgreSQL sequences; move them past the loaded ids.
        statements = connection.ops.sequence_reset_sql(no_style(), loaded_models)
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
    refresh_planner_statistics()
    return counts


def wipe(table_names: Iterable[str]) -> None:
    """Delete all rows of these tables (children first). Used by ``seed --replace``."""
    with batch():
        for name in reversed(list(table_names)):
            model = apps.get_model(name)
            model.objects.all()._raw_delete(model.objects.db)
