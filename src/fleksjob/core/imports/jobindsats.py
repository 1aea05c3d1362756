"""Jobindsats (STAR) figures: parsing the API's JSON (v2 and v3) and the CSV/Excel downloads.

Formats as documented in docs/jobindsats-format.md. What the parser relies on:
- v2 JSON is an array with one object (a bare object is accepted too) holding ``Variables``
  (``Name``/``Label`` per column) and ``Data`` (rows of cells). Columns are mapped by ``Name``,
  never by position: ``area``, ``period``, ``_<dimension>`` and measurement ids.
- v3 JSON is ``{"columns": [labels], "rows": [[cells]]}``; a column is a measure when every cell in
  it is a number or a missing-value token, else a dimension.
- CSV is ``;``-separated with a decimal comma, possibly behind a UTF-8 BOM; Excel downloads have
  the same layout on their first sheet.
- Cells may be numbers or strings: NBSP and spaces are removed; ``-``, ``.``, ``..``, empty and null
  are missing (None, never 0); Danish number format: ``,`` is the decimal mark and ``.`` groups
  thousands (``1.234`` is 1234, ``1.234,5`` is 1234.5).
- Areas are names: ``Hele landet`` (the country), ``RAR …`` (regional labour-market councils) or a
  municipality name, matched to the 98 municipalities' codes.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from fleksjob.reference import municipalities

MISSING = {"", "-", ".", "..", "x", "X"}
AREA_LABELS = {"area", "område", "omrade"}
PERIOD_LABELS = {"period", "periode"}
_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_PERIOD = re.compile(r"^(\d{4})(?:M(0[1-9]|1[0-2])|Q([1-4])|QMAT(\d{2})|)$")


class JobindsatsFormatError(ValueError):
    """A file or response that does not follow the documented format; names the row and column."""


@dataclass(frozen=True)
class Figure:
    table: str
    area: str  # the name as published
    level: str  # "country", "rar" or "municipality"
    municipality_code: str | None
    period: str  # as published: 2024M05, 2024Q1, 2024
    measure: str  # measurement id where known, else its label
    label: str
    value: float | None
    dimensions: tuple[tuple[str, str], ...] = field(default=())


def parse_number(cell: object, *, where: str) -> float | None:
    if cell is None:
        return None
    if isinstance(cell, bool):
        raise JobindsatsFormatError(f"{where}: forventede et tal, fik {cell!r}")
    if isinstance(cell, int | float):
        return _finite(cell, where)
    if not isinstance(cell, str):
        raise JobindsatsFormatError(f"{where}: forventede et tal, fik {type(cell).__name__}")
    text = cell.replace("\u00a0", "").replace(" ", "").strip()
    if text in MISSING:
        return None
    # Danish number format: a comma is the decimal mark, dots group thousands ("1.234" is 1234).
    if "," in text or _GROUPED.match(text):
        text = text.replace(".", "").replace(",", ".")
    try:
        return _finite(float(text), where)
    except ValueError:
        raise JobindsatsFormatError(f"{where}: forventede et tal, fik {str(cell)[:40]!r}") from None


def _finite(value: float, where: str) -> float:
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise JobindsatsFormatError(f"{where}: forventede et endeligt tal")
    return number


def _table_rows(rows: object, source: str) -> list[list[object]]:
    """The data rows, each a list of cells; anything else is a format error."""
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise JobindsatsFormatError(f"{source}: rækkerne skal være en liste af lister af celler")
    return rows


def check_period(period: str, *, where: str) -> str:
    if not _PERIOD.match(period):
        raise JobindsatsFormatError(f"{where}: ukendt periode {period[:20]!r}")
    return period


def _area_index() -> dict[str, str]:
    index = {}
    for m in municipalities():
        for name in (m.name, m.alt_name):
            if name:
                index[name.casefold()] = m.code
    return index


def classify_area(name: str, *, where: str) -> tuple[str, str | None]:
    """(level, municipality code) of a published area name."""
    text = name.strip()
    if text.casefold() == "hele landet":
        return "country", None
    if text.startswith("RAR "):
        return "rar", None
    code = _area_index().get(text.casefold())
    if code is None:
        raise JobindsatsFormatError(f"{where}: ukendt område {text[:40]!r}")
    return "municipality", code


def _rows_to_figures(
    table: str,
    columns: list[tuple[str, str]],  # (id, label) per column
    measures: set[int],
    rows: Iterable[list[object]],
    source: str,
) -> list[Figure]:
    labels = [label.casefold() for _, label in columns]
    ids = [cid.casefold() for cid, _ in columns]
    try:
        area_col = next(i for i in range(len(columns)) if {ids[i], labels[i]} & AREA_LABELS)
        period_col = next(i for i in range(len(columns)) if {ids[i], labels[i]} & PERIOD_LABELS)
    except StopIteration:
        raise JobindsatsFormatError(
            f"{source}: mangler kolonnen for område eller periode"
        ) from None
    dims = [i for i in range(len(columns)) if i not in measures and i not in (area_col, period_col)]
    figures = []
    for number, row in enumerate(rows, start=1):
        where = f"{source}, række {number}"
        if len(row) != len(columns):
            raise JobindsatsFormatError(f"{where}: {len(row)} celler, men {len(columns)} kolonner")
        level, code = classify_area(str(row[area_col]), where=where)
        period = check_period(str(row[period_col]).strip(), where=where)
        dimensions = tuple((columns[i][1], str(row[i])) for i in dims)
        for i in sorted(measures):
            figures.append(
                Figure(
                    table=table.lower(),
                    area=str(row[area_col]).strip(),
                    level=level,
                    municipality_code=code,
                    period=period,
                    measure=columns[i][0],
                    label=columns[i][1],
                    value=parse_number(row[i], where=f"{where}, kolonne {columns[i][1]!r}"),
                    dimensions=dimensions,
                )
            )
    return figures


def parse_v2(table: str, payload: object, *, source: str = "svar") -> list[Figure]:
    obj = payload[0] if isinstance(payload, list) and len(payload) == 1 else payload
    if not isinstance(obj, dict) or "Variables" not in obj or "Data" not in obj:
        raise JobindsatsFormatError(f"{source}: forventede et v2-svar med Variables og Data")
    variables = obj["Variables"]
    if not isinstance(variables, list) or not all(
        isinstance(v, dict) and "Name" in v and "Label" in v for v in variables
    ):
        raise JobindsatsFormatError(f"{source}: Variables mangler Name eller Label")
    columns = [(str(v["Name"]), str(v["Label"])) for v in variables]
    measures = {
        i
        for i, (name, label) in enumerate(columns)
        if not name.startswith("_")
        and name.casefold() not in AREA_LABELS | PERIOD_LABELS
        and label.casefold() not in AREA_LABELS | PERIOD_LABELS
    }
    return _rows_to_figures(table, columns, measures, _table_rows(obj["Data"], source), source)


def _measure_columns(labels: list[str], rows: list[list[object]]) -> set[int]:
    measures = set()
    for i, label in enumerate(labels):
        if label.casefold() in AREA_LABELS | PERIOD_LABELS:
            continue
        try:
            for row in rows:
                parse_number(row[i] if i < len(row) else None, where="")
        except JobindsatsFormatError:
            continue
        measures.add(i)
    return measures


def parse_labelled_rows(
    table: str, labels: list[str], rows: list[list[object]], *, source: str
) -> list[Figure]:
    """Rows under display labels only (v3 JSON, CSV and Excel downloads)."""
    columns = [(label, label) for label in labels]
    return _rows_to_figures(table, columns, _measure_columns(labels, rows), rows, source)


def parse_v3(table: str, payload: object, *, source: str = "svar") -> list[Figure]:
    if not isinstance(payload, dict) or "columns" not in payload or "rows" not in payload:
        raise JobindsatsFormatError(f"{source}: forventede et v3-svar med columns og rows")
    if not isinstance(payload["columns"], list):
        raise JobindsatsFormatError(f"{source}: columns skal være en liste af kolonnenavne")
    labels = [str(c) for c in payload["columns"]]
    return parse_labelled_rows(table, labels, _table_rows(payload["rows"], source), source=source)


def parse_csv(table: str, data: bytes, *, source: str) -> list[Figure]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise JobindsatsFormatError(f"{source}: filen er ikke UTF-8-tekst") from None
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    except csv.Error:
        raise JobindsatsFormatError(f"{source}: filen kan ikke læses som CSV") from None
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise JobindsatsFormatError(f"{source}: filen er tom")
    return parse_labelled_rows(table, rows[0], rows[1:], source=source)


def parse_excel(table: str, path: Path, *, source: str) -> list[Figure]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        raise JobindsatsFormatError(
            f"{source}: kan ikke læses som Excel ({type(exc).__name__})"
        ) from None
    try:
        rows = [list(r) for r in sheet.iter_rows(values_only=True) if any(c is not None for c in r)]
    except Exception:  # a sheet whose XML breaks part-way through
        raise JobindsatsFormatError(f"{source}: arket kan ikke læses") from None
    if not rows:
        raise JobindsatsFormatError(f"{source}: arket er tomt")
    labels = [str(c or "").strip() for c in rows[0]]
    return parse_labelled_rows(table, labels, rows[1:], source=source)


def parse_file(table: str, path: Path) -> list[Figure]:
    """A saved API response (.json, v2 or v3) or a download (.csv, .xlsx)."""
    import json

    source = path.name
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            payload = json.loads(path.read_bytes().decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise JobindsatsFormatError(f"{source}: ugyldig JSON ({exc})") from None
        except (ValueError, RecursionError):  # too many digits, or nested too deep
            raise JobindsatsFormatError(
                f"{source}: ugyldig JSON (et tal med for mange cifre eller for dyb indlejring)"
            ) from None
        parse = parse_v3 if isinstance(payload, dict) and "columns" in payload else parse_v2
        return parse(table, payload, source=source)
    if suffix == ".csv":
        return parse_csv(table, path.read_bytes(), source=source)
    if suffix in (".xlsx", ".xlsm"):
        return parse_excel(table, path, source=source)
    raise JobindsatsFormatError(f"{source}: kender ikke filtypen {suffix or '(ingen)'}")
