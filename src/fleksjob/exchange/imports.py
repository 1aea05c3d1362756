"""Bulk import of citizens, employers and positions: check a file, then write all of it or nothing.

Parsing and validation are the core's (``fleksjob.core.imports``); here the checks that need the
database (a CPR or CVR already registered, the municipality's employers) are added to the same
report, and the rows are written in one transaction through the bulk variants of the apps' write
functions (``register_citizens`` beside ``register_citizen``, ...), so the audit and the rules of
each use case apply exactly as in the UI.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.audit.writes import write
from fleksjob.citizens.actions import DUPLICATE_IN_MUNICIPALITY, register_citizens
from fleksjob.citizens.models import Citizen
from fleksjob.citizens.protection import protector
from fleksjob.core.errors import DomainError, Refused, RowRefused
from fleksjob.core.imports.records import COLUMNS, KINDS, Report, Row, Validation, validate
from fleksjob.core.imports.table import TableError, read_table
from fleksjob.employers.actions import save_employers, save_positions
from fleksjob.employers.models import Employer

Progress = Callable[[int], None]
# Said after every citizens import, whatever the file held: the import never tells whether a
# person is known elsewhere, and never files a transfer request by itself (an explicit act).
MOVED_CITIZENS = _(
    "Er nogle af borgerne flyttet fra en anden kommune, så anmod om deres sag under "
    "»Overflytning« → »Anmod om overflytning af sag«; hele historikken følger med."
)
CVR_TAKEN_HERE = "kommunen har allerede registreret en virksomhed med dette CVR-nummer"
_CHUNK = 500  # rows per IN (...) lookup
_WRITE_CHUNK = 1000  # rows per call of a bulk write function (the progress moves per chunk)


class ImportRefused(Refused):
    """The file was not imported; ``report`` says why, by row and column."""

    def __init__(self, report: Report) -> None:
        super().__init__("; ".join(report.lines()[:3]))
        self.report = report


def limits() -> tuple[int, int]:
    """(maximum rows, maximum bytes) from the settings."""
    return settings.FLEKSJOB["IMPORT_MAX_ROWS"], settings.FLEKSJOB["IMPORT_MAX_BYTES"]


def _file_problem(reason: str) -> Validation:
    report = Report()
    report.add(1, "", reason)
    return Validation("", [], report)


def _existing(rows: list[Row], key: str, lookup: Callable[[list[str]], set[str]]) -> set[str]:
    values = [row.values[key] for row in rows]
    found: set[str] = set()
    for start in range(0, len(values), _CHUNK):
        found |= lookup(values[start : start + _CHUNK])
    return found


def _check_database(user, kind: str, validation: Validation) -> None:
    """Add the problems only the database can show: records that are already registered."""
    report, rows = validation.report, validation.rows
    if kind == "citizens":
        # Only the user's own municipality is looked at: a CPR another municipality holds
        # must read exactly like an unknown one (no existence oracle).
        own = Citizen.objects.filter(municipality_id=user.municipality_id)
        for row in rows:
            row.values["_cpr_hash"] = protector().lookup_hash(row.values["cpr"])
        taken = _existing(
            rows,
            "_cpr_hash",
            lambda hashes: set(own.filter(cpr_hash__in=hashes).values_list("cpr_hash", flat=True)),
        )
        for row in rows:
            if row.values.pop("_cpr_hash") in taken:
                report.add(row.number, "cpr", DUPLICATE_IN_MUNICIPALITY)
    elif kind == "employers":
        # Employers are registered per municipality: only the user's own can hold the CVR, so a
        # company another municipality works with is reported exactly like an unknown one.
        own = Employer.objects.visible_to(user)
        taken = _existing(
            rows,
            "cvr",
            lambda cvrs: set(own.filter(cvr__in=cvrs).values_list("cvr", flat=True)),
        )
        for row in rows:
            if row.values["cvr"] in taken:
                report.add(row.number, "cvr", CVR_TAKEN_HERE)
    if not report.ok:
        validation.rows = []


def check(user, kind: str, data: bytes, filename: str = "", *, channel: str = "web") -> Validation:
    """Read and validate a file as the user's import of ``kind`` records; nothing is written.

    Audited as a search with the number of CPR numbers looked up in the register."""
    if kind not in KINDS:
        raise ValueError(f"unknown import kind: {kind}")
    max_rows, max_bytes = limits()
    if len(data) > max_bytes:
        size = f"{max_bytes:,}".replace(",", ".")
        return _file_problem(f"filen er større end {size} byte; del den op")
    try:
        table = read_table(data, filename, max_rows=max_rows)
    except TableError as exc:
        return _file_problem(str(exc))
    cvrs: frozenset[str] = frozenset()
    if kind == "positions":
        cvrs = frozenset(Employer.objects.visible_to(user).values_list("cvr", flat=True))
    validation = validate(kind, table, today=timezone.localdate(), employer_cvrs=cvrs)
    # The CPR numbers of a clean file are looked up in the register: say how many (never which).
    looked_up = len(validation.rows) if kind == "citizens" and validation.ok else 0
    if validation.ok:
        _check_database(user, kind, validation)
    detail = f"kontrol af masseimport af {kind}: {len(table.rows)} rækker"
    if kind == "citizens":
        detail += f"; {looked_up} CPR-numre slået op"
    record(user, Action.SEARCH, channel=channel, detail=detail)
    return validation


def _write_rows(user, kind: str, rows: list[Row], employers: dict[str, Employer], channel: str):
    """One chunk of rows through the bulk variant of the kind's write function."""
    if kind == "citizens":
        return register_citizens(
            user,
            [row.values for row in rows],
            municipality_id=user.municipality_id,
            channel=channel,
        )
    if kind == "employers":
        return save_employers(user, [row.values for row in rows])
    positions = []
    for row in rows:
        fields = dict(row.values)
        positions.append({"employer": employers[fields.pop("cvr")], **fields})
    return save_positions(user, positions)


def _row_failure(kind: str, number: int, exc: Exception, field: str = "") -> Report:
    report = Report()
    columns = {c.field: c.name for c in COLUMNS[kind]}
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for name in exc.error_dict:
            column = columns.get(name, "")
            report.add(number, column, "afvist af databasens regler; intet er importeret")
    elif isinstance(exc, DomainError):
        report.add(number, columns.get(field, ""), f"{exc}; intet er importeret")
    else:
        report.add(number, "", "afvist af databasen; intet er importeret")
    return report


@write
def write(
    user, validation: Validation, *, channel: str = "web", progress: Progress | None = None
) -> int:
    """Write every row of a clean validation in one transaction, through the bulk variants of
    the write functions, a chunk at a time (for the progress); a failure writes nothing."""
    if not validation.ok or not validation.rows:
        raise ImportRefused(validation.report)
    kind = validation.kind
    employers: dict[str, Employer] = {}
    if kind == "positions":
        employers = {e.cvr: e for e in Employer.objects.visible_to(user)}
    rows = validation.rows
    for start in range(0, len(rows), _WRITE_CHUNK):
        chunk = rows[start : start + _WRITE_CHUNK]
        try:
            _write_rows(user, kind, chunk, employers, channel)
        except RowRefused as exc:
            # A race with another writer since the check: refuse the whole file (rolled back).
            number = chunk[exc.index].number
            raise ImportRefused(_row_failure(kind, number, exc.error, exc.field)) from None
        except IntegrityError:
            raise ImportRefused(_row_failure(kind, chunk[0].number, Exception())) from None
        if progress is not None:
            progress(start + len(chunk))
    record(
        user,
        Action.CREATE,
        channel=channel,
        detail=f"masseimport af {kind}: {len(validation.rows)} rækker",
    )
    return len(validation.rows)
