"""Reading the statistics commands' CSV inputs strictly, and writing outputs all-or-nothing.

Errors name the file, the line (the header is line 1) and the field, and say why, without
echoing the value (an input file may hold more than aggregates).
"""

from __future__ import annotations

import contextlib
import csv
import math
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from fleksjob.core.errors import InputError


@dataclass
class Rows:
    header: list[str]
    rows: list[list[str]]  # as read, for echoing into the output
    lines: list[int]  # line number of each row
    columns: dict[str, list]  # the parsed required columns


def _number(path: Path, line: int, field: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{path}, line {line}, field {field}: not a number") from None
    if not math.isfinite(value):
        raise InputError(f"{path}, line {line}, field {field}: not a finite number")
    return value


def _read(path: Path, required: tuple[str, ...]) -> tuple[list[str], list[tuple[int, list[str]]]]:
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
    with handle:
        reader = csv.reader(handle)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise InputError(f"{path}: empty file, expected a header line") from None
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError(f"{path}, line 1: not readable as UTF-8 CSV ({exc})") from None
        missing = [c for c in required if c not in header]
        if missing:
            raise InputError(f"{path}, line 1: missing column(s) {', '.join(missing)}")
        rows = []
        try:
            for row in reader:
                if not row or all(not cell.strip() for cell in row):
                    continue
                if len(row) != len(header):
                    raise InputError(
                        f"{path}, line {reader.line_num}: {len(row)} fields, "
                        f"the header has {len(header)}"
                    )
                rows.append((reader.line_num, row))
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError(f"{path}, line {reader.line_num}: not readable ({exc})") from None
    if not rows:
        raise InputError(f"{path}: no data rows")
    return header, rows


def _units(path: Path, header: list[str], rows, col: int) -> list[str]:
    seen: dict[str, int] = {}
    units = []
    for line, row in rows:
        unit = row[col].strip()
        if not unit:
            raise InputError(f"{path}, line {line}, field unit: empty")
        if unit in seen:
            raise InputError(
                f"{path}, line {line}, field unit: repeated (first on line {seen[unit]})"
            )
        seen[unit] = line
        units.append(unit)
    return units


def read_units(path: str | Path) -> Rows:
    """``unit,numerator,denominator`` (more columns are kept): 0 ≤ numerator ≤ denominator > 0."""
    path = Path(path)
    header, rows = _read(path, ("unit", "numerator", "denominator"))
    iu, ix, i_n = (header.index(c) for c in ("unit", "numerator", "denominator"))
    units = _units(path, header, rows, iu)
    xs, ns = [], []
    for line, row in rows:
        x = _number(path, line, "numerator", row[ix])
        n = _number(path, line, "denominator", row[i_n])
        if x < 0:
            raise InputError(f"{path}, line {line}, field numerator: negative")
        if n <= 0:
            raise InputError(f"{path}, line {line}, field denominator: must be greater than 0")
        if x > n:
            raise InputError(f"{path}, line {line}, field numerator: greater than the denominator")
        xs.append(x)
        ns.append(n)
    return Rows(
        header,
        [r for _, r in rows],
        [ln for ln, _ in rows],
        {"unit": units, "numerator": xs, "denominator": ns},
    )


def read_spells(path: str | Path) -> Rows:
    """``unit,time,event``: time ≥ 0, event 0 (censored) or 1 (reached the outcome)."""
    path = Path(path)
    header, rows = _read(path, ("unit", "time", "event"))
    iu, it, ie = (header.index(c) for c in ("unit", "time", "event"))
    units, times, events = [], [], []
    for line, row in rows:
        unit = row[iu].strip()
        if not unit:
            raise InputError(f"{path}, line {line}, field unit: empty")
        t = _number(path, line, "time", row[it])
        if t < 0:
            raise InputError(f"{path}, line {line}, field time: negative")
        e = row[ie].strip()
        if e not in ("0", "1"):
            raise InputError(f"{path}, line {line}, field event: must be 0 or 1")
        units.append(unit)
        times.append(t)
        events.append(int(e))
    return Rows(
        header,
        [r for _, r in rows],
        [ln for ln, _ in rows],
        {"unit": units, "time": times, "event": events},
    )


def fmt(value) -> str:
    """A CSV cell: empty for missing, shortest round-tripping text for floats."""
    if value is None:
        return ""
    if hasattr(value, "item"):  # NumPy scalar
        value = value.item()
    if isinstance(value, float):
        return "" if math.isnan(value) else repr(value)
    return str(value)


def write_csv(handle: IO[str], header: list[str], rows: Iterable[Iterable]) -> None:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([fmt(v) for v in row])


def write_all(outputs: dict[Path, Callable[[IO[str]], None]]) -> None:
    """Write every output to a temporary file beside it, then rename them all into place.

    If any writer fails, no output is touched.
    """
    temps: list[tuple[str, Path]] = []
    try:
        for target, writer in outputs.items():
            target = Path(target)
            if not target.parent.is_dir():
                raise InputError(f"{target}: the directory does not exist")
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            temps.append((tmp, target))
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                writer(handle)
        for tmp, target in temps:
            os.replace(tmp, target)
        temps = []
    finally:
        for tmp, _ in temps:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
