"""Downloadable import templates: the documented header and one example row per kind."""

from __future__ import annotations

import csv
import io

from .records import COLUMNS


def template_rows(kind: str) -> tuple[list[str], list[str]]:
    columns = COLUMNS[kind]
    return [c.name for c in columns], [c.example for c in columns]


def template_csv(kind: str) -> bytes:
    """Semicolon-separated UTF-8 with a BOM, so Danish Excel opens it with æ, ø and å intact."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(template_rows(kind))
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx(kind: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = kind
    header, example = template_rows(kind)
    sheet.append(header)
    sheet.append(example)
    # Text format, so Excel keeps leading zeros in CPR numbers and codes typed later.
    for column in sheet.iter_cols(min_row=1, max_row=200, max_col=len(header)):
        for cell in column:
            cell.number_format = "@"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
