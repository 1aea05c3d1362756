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


def column_table(kind: str) -> list[str]:
    """The kind's column table in docs/import.md (Markdown lines), made from the record spec;
    a test keeps the document equal to it."""
    lines = ["| kolonne | påkrævet | indhold | eksempel |", "|---|---|---|---|"]
    for c in COLUMNS[kind]:
        required = "ja" if c.required else "nej"
        lines.append(f"| `{c.name}` | {required} | {c.description} | {c.example or '–'} |")
    return lines


def doc_tables(text: str) -> dict[str, list[str]]:
    """The column table under each ``(`--kind X`)`` heading of a document, per kind."""
    found: dict[str, list[str]] = {}
    lines = text.splitlines()
    for kind in COLUMNS:
        heading = next(i for i, line in enumerate(lines) if f"(`--kind {kind}`)" in line)
        start = next(i for i in range(heading + 1, len(lines)) if lines[i].startswith("|"))
        end = next(
            (i for i in range(start, len(lines)) if not lines[i].startswith("|")), len(lines)
        )
        found[kind] = lines[start:end]
    return found


def with_tables(text: str) -> str:
    """``text`` with each kind's column table replaced by the one made from the spec."""
    lines = text.splitlines()
    for kind, old in doc_tables(text).items():
        start = next(i for i in range(len(lines)) if lines[i : i + len(old)] == old)
        lines[start : start + len(old)] = column_table(kind)
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # python -m fleksjob.core.imports.templates docs/import.md
    import sys
    from pathlib import Path

    path = Path(sys.argv[1])
    path.write_text(with_tables(path.read_text(encoding="utf-8")), encoding="utf-8")
