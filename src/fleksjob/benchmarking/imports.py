"""Importing Jobindsats figures: parse everything first, then write all of it or nothing."""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory

from fleksjob.audit.writes import write
from fleksjob.benchmarking.models import ImportBatch, ImportedFigure, Source
from fleksjob.core.imports.jobindsats import Figure, parse_file
from fleksjob.operations.faults import pause_at


def _key(figure: Figure) -> str:
    return "|".join(f"{k}={v}" for k, v in figure.dimensions)[:300]


@write
def store_figures(figures: list[Figure], *, table: str, file_name: str, by: str) -> ImportBatch:
    """Store one table's figures; earlier imports of the same figures are replaced."""
    batch = ImportBatch.objects.create(
        source=Source.JOBINDSATS,
        table=table.lower(),
        file_name=file_name[:200],
        rows=len(figures),
        imported_by=by,
    )
    rows = [
        ImportedFigure(
            batch=batch,
            source=Source.JOBINDSATS,
            table=f.table,
            area=f.area,
            level=f.level,
            municipality_id=f.municipality_code,
            period=f.period,
            measure=f.measure[:100],
            label=f.label[:300],
            dimensions=dict(f.dimensions),
            dimensions_key=_key(f),
            value=f.value,
        )
        for f in figures
    ]
    ImportedFigure.objects.bulk_create(
        rows,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["source", "table", "area", "period", "measure", "dimensions_key"],
        update_fields=["batch", "label", "value", "dimensions", "level", "municipality"],
    )
    return batch


def import_files(
    table: str, paths: list[Path], *, by: str = "", municipality: str | None = None
) -> list[ImportBatch]:
    """Parse every file before writing anything, so one bad file leaves the database untouched.
    With ``municipality``, only that municipality's figures are kept (a manager's import from
    the page changes no other municipality's figures)."""
    parsed = [(path, own_figures(parse_file(table, path), municipality)) for path in paths]
    return store_all(table, parsed, by)


def parse_upload(table: str, name: str, data: bytes) -> list[Figure]:
    """A file uploaded on the page, read as ``parse_file`` reads a saved one (by its suffix)."""
    with TemporaryDirectory() as folder:
        path = Path(folder) / (Path(name).name or "jobindsats")
        path.write_bytes(data)
        return parse_file(table, path)


def own_figures(figures: list[Figure], municipality: str | None) -> list[Figure]:
    """The figures of ``municipality`` (all of them when None)."""
    if municipality is None:
        return figures
    return [f for f in figures if f.municipality_code == municipality]


@write
def store_all(table: str, parsed: list[tuple[Path, list[Figure]]], by: str) -> list[ImportBatch]:
    """All files' figures in one write (each file's store joins it): all of them or none."""
    batches = []
    for path, figures in parsed:
        batches.append(store_figures(figures, table=table, file_name=path.name, by=by))
        pause_at("import.stored")
    return batches
