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
from decimal import Decimal
from typing import Any

from fleksjob.core.matching.taxonomy import KEYS as NEED_KEYS
from fleksjob.core.matching.vocabulary import SECTORS, SIZE_BANDS, TASK_TYPES
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
MAX_WEEKLY_HOURS = Decimal(37)
# The model's location constraint: Denmark's bounding box.
LAT_RANGE, LON_RANGE = (54.5, 57.8), (8.0, 15.2)
EDUCATIONS = ("primary", "upper_secondary", "vocational", "short_tertiary", "bachelor", "master")
GOALS = ("progression", "retention", "education")
POSITION_STATUSES = ("draft", "open", "filled", "closed")


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


# --- columns ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str  # the documented Danish header
    field: str  # the model field it fills
    parse: Callable[[Cell], Any]
    required: bool
    description: str  # Danish, for docs/import.md and the template's help
    example: str
    default: Any = None
    max_length: int | None = None


def _text_column(name, field_name, *, max_length, required, description, example):
    return Column(
        name,
        field_name,
        as_text,
        required,
        description,
        example,
        default="",
        max_length=max_length,
    )


def _hours(name: str, field_name: str, description: str, example: str) -> Column:
    return Column(name, field_name, parse_decimal, True, description, example)


def _lat() -> Column:
    return Column("breddegrad", "lat", parse_decimal, True, "Omtrentlig placering (WGS84)", "55,64")


def _lon() -> Column:
    return Column("længdegrad", "lon", parse_decimal, True, "Omtrentlig placering (WGS84)", "11,91")


CITIZEN_COLUMNS: tuple[Column, ...] = (
    Column("cpr", "cpr", parse_cpr, True, "CPR-nummer, DDMMÅÅ-XXXX eller 10 cifre", "010203-1234"),
    _text_column(
        "fornavn", "first_name", max_length=100, required=True, description="", example="Anne"
    ),
    _text_column(
        "efternavn", "last_name", max_length=100, required=True, description="", example="Hansen"
    ),
    Column(
        "visitationsdato",
        "visitation_date",
        parse_date,
        True,
        "Datoen for visitationen til fleksjob (dd-mm-åååå)",
        "01-03-2025",
    ),
    Column(
        "uddannelse", "education", choice(EDUCATIONS), True, ", ".join(EDUCATIONS), "vocational"
    ),
    Column("mål", "goal", choice(GOALS), True, ", ".join(GOALS), "progression"),
    _hours("timer_mindst", "hours_min", "Timer pr. uge, mindst (0-37)", "5"),
    _hours("timer_nu", "hours_capacity", "Timer pr. uge, kan nu (0-37)", "10"),
    _hours("timer_mål", "hours_target", "Timer pr. uge, mål (0-37)", "15"),
    _lat(),
    _lon(),
    Column(
        "maks_transport_km",
        "max_commute_km",
        parse_int,
        False,
        "Højst så mange km til arbejde (0-300); standard 25",
        "25",
        default=25,
    ),
    Column("hjemmearbejde", "remote_ok", parse_bool, False, "ja/nej; standard nej", "nej", False),
    Column(
        "erhverv",
        "occupations",
        parse_occupations,
        False,
        "DISCO-08-koder (fire cifre), adskilt af komma eller mellemrum",
        "9112 4110",
        default=[],
    ),
    _text_column(
        "kompetencer",
        "skills_text",
        max_length=2000,
        required=False,
        description="Fritekst",
        example="rengøring og kontorarbejde",
    ),
    Column(
        "skånehensyn",
        "needs",
        keys(NEED_KEYS, "skånehensyn"),
        False,
        "Nøgler fra skånehensynstaksonomien, adskilt af komma eller mellemrum",
        "extra_breaks no_heavy_lifting",
        default=[],
    ),
    _text_column(
        "note_skånehensyn",
        "needs_note",
        max_length=2000,
        required=False,
        description="Fritekst (helbredsoplysninger: kun det nødvendige)",
        example="",
    ),
    Column(
        "ønskede_brancher",
        "wishes_sectors",
        keys(SECTORS, "branche"),
        False,
        "Branchenøgler, adskilt af komma eller mellemrum",
        "retail",
        default=[],
    ),
    Column(
        "ønskede_opgavetyper",
        "wishes_task_types",
        keys(TASK_TYPES, "opgavetype"),
        False,
        "Opgavetypenøgler, adskilt af komma eller mellemrum",
        "practical",
        default=[],
    ),
    Column(
        "samtykke",
        "consent_share_profile",
        parse_bool,
        False,
        "Samtykke til at dele profilen med virksomheder, ja/nej; standard nej",
        "nej",
        default=False,
    ),
)

EMPLOYER_COLUMNS: tuple[Column, ...] = (
    Column("cvr", "cvr", parse_cvr, True, "CVR-nummer, 8 cifre", "12345678"),
    _text_column(
        "navn", "name", max_length=200, required=True, description="", example="Eksempel ApS"
    ),
    Column("branche", "sector", choice(tuple(SECTORS)), True, ", ".join(SECTORS), "retail"),
    Column(
        "størrelse", "size_band", choice(tuple(SIZE_BANDS)), True, ", ".join(SIZE_BANDS), "small"
    ),
    Column(
        "offentlig",
        "is_public",
        parse_bool,
        False,
        "Offentlig arbejdsgiver, ja/nej; standard nej",
        "nej",
        default=False,
    ),
    _lat(),
    _lon(),
)

POSITION_COLUMNS: tuple[Column, ...] = (
    Column(
        "cvr",
        "cvr",
        parse_cvr,
        True,
        "Virksomhedens CVR-nummer; virksomheden skal findes i kommunen",
        "12345678",
    ),
    _text_column(
        "titel", "title", max_length=200, required=True, description="", example="Kontorassistent"
    ),
    Column(
        "erhverv",
        "occupation",
        parse_occupation,
        True,
        "DISCO-08-enhedsgruppe (fire cifre)",
        "4110",
    ),
    _hours("timer_mindst", "hours_min", "Timer pr. uge, mindst (over 0)", "8"),
    _hours("timer_højst", "hours_max", "Timer pr. uge, højst (højst 37)", "15"),
    _text_column(
        "opgaver",
        "tasks_text",
        max_length=2000,
        required=False,
        description="Fritekst",
        example="post, arkiv og kopiering",
    ),
    Column(
        "skånehensyn",
        "provides",
        keys(NEED_KEYS, "skånehensyn"),
        False,
        "Skånehensyn arbejdspladsen kan tilbyde (taksonominøgler)",
        "extra_breaks quiet_environment",
        default=[],
    ),
    Column(
        "hjemmearbejde", "remote_allowed", parse_bool, False, "ja/nej; standard nej", "nej", False
    ),
    Column(
        "antal_pladser", "openings", parse_int, False, "Antal pladser; standard 1", "1", default=1
    ),
    Column(
        "udskilt",
        "split_off",
        parse_bool,
        False,
        "Opgaver udskilt fra andre stillinger, ja/nej; standard nej",
        "ja",
        default=False,
    ),
    Column(
        "status",
        "status",
        choice(POSITION_STATUSES),
        False,
        ", ".join(POSITION_STATUSES) + "; standard open",
        "open",
        default="open",
    ),
    Column(
        "oprettet",
        "created_on",
        parse_date,
        False,
        "Oprettelsesdato (dd-mm-åååå); standard i dag",
        "05-01-2026",
    ),
)

COLUMNS: dict[str, tuple[Column, ...]] = {
    "citizens": CITIZEN_COLUMNS,
    "employers": EMPLOYER_COLUMNS,
    "positions": POSITION_COLUMNS,
}


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
        if column.max_length and isinstance(value, str) and len(value) > column.max_length:
            report.add(number, column.name, f"højst {column.max_length} tegn")
            continue
        values[column.field] = value
    for column in mapped[len(cells) :]:
        if column is not None and column.required:
            report.add(number, column.name, "mangler")
    return values


def _check_hours(values: dict[str, Any], names: dict[str, str], report: Report, row: int) -> bool:
    """Each present hours field in range with one decimal; True when all are present and fine."""
    ok = True
    for field_name, column in names.items():
        value = values.get(field_name)
        if value is None:
            ok = False
        elif value < 0 or value > MAX_WEEKLY_HOURS:
            report.add(row, column, "skal være mellem 0 og 37 timer")
            ok = False
        elif value != value.quantize(Decimal("0.1")):
            report.add(row, column, "højst én decimal")
            ok = False
    return ok


def _check_place(values: dict[str, Any], report: Report, row: int) -> None:
    for name, column, (low, high) in (
        ("lat", "breddegrad", LAT_RANGE),
        ("lon", "længdegrad", LON_RANGE),
    ):
        if name not in values:
            continue
        if not low <= values[name] <= high:
            report.add(row, column, f"ligger ikke i Danmark ({low}-{high})".replace(".", ","))
        values[name] = float(values[name])


def _citizen(values: dict[str, Any], report: Report, row: int, ctx: Context) -> None:
    hours = {"hours_min": "timer_mindst", "hours_capacity": "timer_nu", "hours_target": "timer_mål"}
    if _check_hours(values, hours, report, row):
        if values["hours_min"] > values["hours_capacity"]:
            report.add(row, "timer_nu", "kan ikke være mindre end timer_mindst")
        if values["hours_target"] < values["hours_min"]:
            report.add(row, "timer_mål", "kan ikke være mindre end timer_mindst")
    _check_place(values, report, row)
    visitation = values.get("visitation_date")
    if visitation is not None and visitation > ctx.today:
        report.add(row, "visitationsdato", "kan ikke ligge i fremtiden")
    elif (
        visitation is not None
        and "cpr" in values
        and visitation <= cpr_rules.parse(values["cpr"]).birth_date
    ):
        report.add(row, "visitationsdato", "ligger før fødselsdatoen i CPR-nummeret")
    if values.get("max_commute_km", 25) > 300:
        report.add(row, "maks_transport_km", "højst 300 km")


def _employer(values: dict[str, Any], report: Report, row: int, ctx: Context) -> None:
    _check_place(values, report, row)


def _position(values: dict[str, Any], report: Report, row: int, ctx: Context) -> None:
    hours = {"hours_min": "timer_mindst", "hours_max": "timer_højst"}
    if _check_hours(values, hours, report, row):
        if values["hours_min"] <= 0:
            report.add(row, "timer_mindst", "skal være over 0")
        if values["hours_min"] > values["hours_max"]:
            report.add(row, "timer_højst", "kan ikke være mindre end timer_mindst")
    if not 1 <= values.get("openings", 1) <= 999:
        report.add(row, "antal_pladser", "skal være mellem 1 og 999")
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
