"""Bulk import of citizens, employers and positions: the column specification per kind and the
validation of a table's rows into records ready for the write functions (docs/import.md).

Every problem is collected (row as the user sees it, column, Danish reason), not just the first,
up to :data:`MAX_PROBLEMS` listed. Reasons never repeat a cell's value: cells may hold CPR
numbers, names or health notes.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from fleksjob.core.records import SPECS, FieldSpec
from fleksjob.core.rules import cpr as cpr_rules

from .cells import (
    CellError,
    as_text,
    choice,
    keys,
    parse_bool,
    parse_cpr,
    parse_cvr,
    parse_date,
    parse_decimal,
    parse_int,
    parse_occupation,
    parse_occupations,
)
from .table import Cell, Table

KINDS = ("citizens", "employers", "positions")
KIND_LABELS = {"citizens": "borgere", "employers": "virksomheder", "positions": "stillinger"}
MAX_PROBLEMS = 1000


@dataclass(frozen=True)
class Problem:
    row: int  # as in the spreadsheet: the header is row 1
    column: str  # the column's documented name, or "" for the whole row/file
    reason: str


@dataclass
class Report:
    """Problems found, the first :data:`MAX_PROBLEMS` listed, the rest counted."""

    limit: int = MAX_PROBLEMS
    problems: list[Problem] = field(default_factory=list)
    total: int = 0

    def add(self, row: int, column: str, reason: str) -> None:
        self.total += 1
        if len(self.problems) < self.limit:
            self.problems.append(Problem(row, column, reason))

    @property
    def ok(self) -> bool:
        return self.total == 0

    @property
    def unlisted(self) -> int:
        return self.total - len(self.problems)

    def lines(self) -> list[str]:
        """The report as text lines (for the CLI's stderr)."""
        out = [
            f"række {p.row}, kolonne {p.column}: {p.reason}"
            if p.column
            else f"række {p.row}: {p.reason}"
            for p in self.problems
        ]
        if self.unlisted:
            out.append(f"... og {self.unlisted} fejl mere")
        return out


@dataclass(frozen=True)
class Context:
    """What row checks compare against: today's date and the municipality's employers."""

    today: dt.date
    employer_cvrs: Collection[str] = ()


# --- columns: one per field of the record spec (fleksjob.core.records) ------------------------


@dataclass(frozen=True)
class Column:
    spec: FieldSpec

    @property
    def name(self) -> str:  # the documented Danish header
        return self.spec.column

    @property
    def field(self) -> str:  # the model field it fills
        return self.spec.name

    @property
    def required(self) -> bool:
        return self.spec.required

    @property
    def default(self) -> Any:
        return self.spec.default

    @property
    def max_length(self) -> int | None:
        return self.spec.max_length

    @property
    def example(self) -> str:
        return self.spec.example

    @property
    def description(self) -> str:
        """Danish, for docs/import.md and the template's help."""
        text, length = self.spec.help, self.spec.max_length
        if self.spec.kind == "text" and length:
            text = f"{text} (højst {length} tegn)" if text else f"højst {length} tegn"
        return text

    def parse(self, cell: Cell) -> Any:
        return _parser(self.spec)(cell)


# What an unknown key is called in the reason, per list-of-keys field.
_KEY_NOUNS = {
    "needs": "skånehensyn",
    "provides": "skånehensyn",
    "wishes_sectors": "branche",
    "wishes_task_types": "opgavetype",
    "competences": "kompetence",
    "skills": "kompetence",
}
_PARSERS: dict[str, Callable[[Cell], Any]] = {
    "text": as_text,
    "int": parse_int,
    "decimal": parse_decimal,
    "float": parse_decimal,  # checked as a Decimal, stored as a float
    "bool": parse_bool,
    "date": parse_date,
    "cpr": parse_cpr,
    "cvr": parse_cvr,
    "occupation": parse_occupation,
    "occupations": parse_occupations,
}


def _parser(spec: FieldSpec) -> Callable[[Cell], Any]:
    if spec.kind == "choice":
        return choice(spec.choices)
    if spec.kind == "keys":
        return keys(spec.choices, _KEY_NOUNS[spec.name])
    return _PARSERS[spec.kind]


COLUMNS: dict[str, tuple[Column, ...]] = {
    kind: tuple(Column(f) for f in spec) for kind, spec in SPECS.items()
}
CITIZEN_COLUMNS = COLUMNS["citizens"]
EMPLOYER_COLUMNS = COLUMNS["employers"]
POSITION_COLUMNS = COLUMNS["positions"]


def normalise_header(name: str) -> str:
    """Headers match ignoring case, spaces/hyphens vs underscores and æ/ø/å vs ae/oe/aa."""
    text = unicodedata.normalize("NFC", str(name)).strip().casefold()
    text = re.sub(r"[\s\-]+", "_", text)
    return text.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")


@dataclass(frozen=True)
class Row:
    number: int
    values: dict[str, Any]  # model field -> value


@dataclass
class Validation:
    kind: str
    rows: list[Row]
    report: Report

    @property
    def ok(self) -> bool:
        return self.report.ok


def _map_header(header: list[str], columns: tuple[Column, ...], report: Report) -> list[Column]:
    """The column of each header cell; unknown, duplicate and missing headers are reported."""
    by_name = {normalise_header(c.name): c for c in columns}
    mapped: list[Column | None] = []
    seen: set[str] = set()
    for position, raw in enumerate(header, start=1):
        column = by_name.get(normalise_header(raw))
        if column is None:
            report.add(1, f"nr. {position}", "ukendt kolonneoverskrift (se docs/import.md)")
        elif column.name in seen:
            report.add(1, column.name, "kolonnen står der to gange")
            column = None
        else:
            seen.add(column.name)
        mapped.append(column)
    for column in columns:
        if column.required and column.name not in seen:
            report.add(1, column.name, "kolonnen mangler")
    return mapped  # type: ignore[return-value]


def _cell_values(
    number: int, cells: list[Cell], mapped: list[Column | None], report: Report
) -> dict[str, Any]:
    """The row's parsed cells; a cell with a problem is reported and left out."""
    if len(cells) > len(mapped) and any(as_text(c) for c in cells[len(mapped) :]):
        report.add(number, "", "rækken har flere celler end der er kolonner")
    values: dict[str, Any] = {}
    for column, cell in zip(mapped, cells, strict=False):
        if column is None:
            continue
        if as_text(cell) == "":
            if column.required:
                report.add(number, column.name, "mangler")
            continue
        try:
            value = column.parse(cell)
        except CellError as exc:
            report.add(number, column.name, str(exc))
            continue
        values[column.field] = value
    for column in mapped[len(cells) :]:
        if column is not None and column.required:
            report.add(number, column.name, "mangler")
    return values


def _check_spec(kind: str, values: dict[str, Any], report: Report, row: int) -> None:
    """Each parsed value against its field's spec, in spec order (a refused value is left out);
    an order between two fields (hours at least ≤ hours now) right after its later field."""
    spec = SPECS[kind]
    seen: set[str] = set()
    for field_spec in spec:
        name = field_spec.name
        seen.add(name)
        if name in values:
            if field_spec.kind == "float":  # compared as stored: 57.8 is the float 57.8
                values[name] = float(values[name])
            if (refused := field_spec.check(values[name])) is not None:
                report.add(row, field_spec.column, refused.text)
                del values[name]
        for order in spec.orders:
            if name in (order.low, order.high) and {order.low, order.high} <= seen:
                for at, refused in spec.check_orders(values, (order,)):
                    report.add(row, spec[at].column, refused.text)


def _citizen(values: dict[str, Any], report: Report, row: int, ctx: Context) -> None:
    visitation = values.get("visitation_date")
    if visitation is not None and visitation > ctx.today:
        report.add(row, "visitationsdato", "kan ikke ligge i fremtiden")
    elif (
        visitation is not None
        and "cpr" in values
        and visitation <= cpr_rules.parse(values["cpr"]).birth_date
    ):
        report.add(row, "visitationsdato", "ligger før fødselsdatoen i CPR-nummeret")


def _employer(values: dict[str, Any], report: Report, row: int, ctx: Context) -> None:
    pass


def _position(values: dict[str, Any], report: Report, row: int, ctx: Context) -> None:
    values.setdefault("created_on", ctx.today)
    if "cvr" in values and values["cvr"] not in ctx.employer_cvrs:
        report.add(row, "cvr", "ingen virksomhed med dette CVR-nummer i kommunen")
    if values["created_on"] > ctx.today:
        report.add(row, "oprettet", "kan ikke ligge i fremtiden")


_ROW_CHECKS = {"citizens": _citizen, "employers": _employer, "positions": _position}
_UNIQUE_IN_FILE = {"citizens": ("cpr", "cpr"), "employers": ("cvr", "cvr")}


def validate(
    kind: str,
    table: Table,
    *,
    today: dt.date,
    employer_cvrs: Collection[str] = (),
    limit: int = MAX_PROBLEMS,
) -> Validation:
    """Every row of ``table`` checked as a ``kind`` record; all problems go in the report.

    ``employer_cvrs`` are the CVR numbers of the importing municipality's employers (positions
    must belong to one of them). Checks against the database (an existing CPR or CVR) are the
    caller's, reported into the same report.
    """
    if kind not in COLUMNS:
        raise ValueError(f"unknown import kind: {kind}")
    columns = COLUMNS[kind]
    report = Report(limit=limit)
    mapped = _map_header(table.header, columns, report)
    if not report.ok:
        return Validation(kind, [], report)
    if not table.rows:
        report.add(2, "", "filen har ingen rækker under overskriften")
    ctx = Context(today, employer_cvrs)
    defaults = {c.field: c.default for c in columns if not c.required and c.default is not None}
    rows: list[Row] = []
    first_row_of: dict[str, int] = {}
    for number, cells in table.rows:
        before = report.total
        parsed = _cell_values(number, cells, mapped, report)
        values = {k: (list(v) if isinstance(v, list) else v) for k, v in defaults.items()}
        values |= parsed
        _check_spec(kind, values, report, number)
        _ROW_CHECKS[kind](values, report, number, ctx)
        if kind in _UNIQUE_IN_FILE:
            key, column = _UNIQUE_IN_FILE[kind]
            if key not in values:
                pass
            elif values[key] in first_row_of:
                report.add(number, column, f"står også i række {first_row_of[values[key]]}")
            else:
                first_row_of[values[key]] = number
        if report.total == before:
            rows.append(Row(number, values))
    return Validation(kind, rows if report.ok else [], report)
