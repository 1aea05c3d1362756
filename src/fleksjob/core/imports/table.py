"""Reading an uploaded spreadsheet (CSV or Excel .xlsx) into a header and numbered rows of cells.

CSV: UTF-8 with or without BOM, else Windows-1252 (what Danish Excel saves as "CSV (semikolon-
separeret)"); the separator (semicolon, comma or tab) is taken from the header line. Excel: the
first sheet of an .xlsx workbook. Rows are numbered as the user sees them in the spreadsheet (the
header is row 1); blank rows are skipped but keep their number.

A file that cannot be read at all raises :class:`TableError` with a Danish reason; it never echoes
cell contents (they may be personal data).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

Cell = str | int | float | bool | dt.date | dt.datetime | None

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format
SEPARATORS = (";", ",", "\t")


class TableError(ValueError):
    """A file that cannot be read as a table; the message is Danish and names no cell value."""


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[tuple[int, list[Cell]]]  # (spreadsheet row number, cells)
    format: str  # "csv" or "xlsx"


def decode(data: bytes) -> str:
    """UTF-8 (BOM or not), else Windows-1252; TableError when it is neither."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise TableError("filen er hverken UTF-8- eller Windows-1252-tekst") from None


def sniff_separator(header_line: str) -> str:
    """The separator that occurs most often in the header line (semicolon on a tie)."""
    counts = {sep: header_line.count(sep) for sep in SEPARATORS}
    return max(SEPARATORS, key=lambda sep: counts[sep])


def _blank(cells: list[Cell]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def read_csv(data: bytes, *, max_rows: int) -> Table:
    text = decode(data)
    if "\x00" in text:
        raise TableError("filen indeholder binære data (NUL-tegn) og er ikke en CSV-fil")
    first = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_separator(first))
    header: list[str] | None = None
    rows: list[tuple[int, list[Cell]]] = []
    try:
        for number, cells in enumerate(reader, start=1):
            if _blank(cells):
                continue
            if header is None:
                header = cells
                continue
            if len(rows) >= max_rows:
                raise TableError(f"filen har flere end {max_rows} rækker; del den op")
            rows.append((number, list(cells)))
    except csv.Error:
        raise TableError("filen kan ikke læses som CSV (fejl i anførselstegn)") from None
    if header is None:
        raise TableError("filen er tom")
    return Table([str(h) for h in header], rows, "csv")


def read_xlsx(data: bytes, *, max_rows: int) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types (zip, XML, key errors) for a broken workbook
        raise TableError("filen kan ikke læses som Excel-projektmappe (.xlsx)") from None
    try:
        if not workbook.worksheets:
            raise TableError("projektmappen har ingen ark")
        header: list[str] | None = None
        rows: list[tuple[int, list[Cell]]] = []
        try:
            for number, values in enumerate(
                workbook.worksheets[0].iter_rows(values_only=True), start=1
            ):
                cells = list(values)
                if _blank(cells):
                    continue
                if header is None:
                    header = ["" if c is None else str(c) for c in cells]
                    continue
                if len(rows) >= max_rows:
                    raise TableError(f"filen har flere end {max_rows} rækker; del den op")
                rows.append((number, cells))
        except TableError:
            raise
        except Exception:  # a sheet whose XML breaks part-way through
            raise TableError("arket i projektmappen kan ikke læses") from None
    finally:
        workbook.close()
    if header is None:
        raise TableError("arket er tomt")
    # Excel keeps formatting in trailing empty columns; they are not columns of the table.
    while header and not header[-1].strip():
        header.pop()
    return Table(header, rows, "xlsx")


def read_table(data: bytes, filename: str = "", *, max_rows: int) -> Table:
    """A CSV or .xlsx file as a table; the kind is taken from the content, not the name."""
    if data.startswith(XLSX_MAGIC):
        return read_xlsx(data, max_rows=max_rows)
    if data.startswith(OLE_MAGIC) or filename.lower().endswith(".xls"):
        raise TableError("det gamle Excel-format (.xls) kan ikke læses; gem som .xlsx eller CSV")
    return read_csv(data, max_rows=max_rows)
