"""Cells of an import file: text, numbers with a decimal comma, Danish and ISO dates, yes/no,
CPR and CVR numbers, DISCO-08 codes and vocabulary keys. Each parser returns the value or raises
:class:`CellError` with a Danish reason that never repeats the cell's value."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection
from decimal import Decimal, InvalidOperation

from fleksjob.core import bounds
from fleksjob.core.rules import cpr as cpr_rules
from fleksjob.reference import is_unit_group

from .table import Cell

TRUE, FALSE = {"ja", "j", "x", "1", "true", "sand"}, {"nej", "n", "0", "false", "falsk", ""}
_DECIMAL = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?", re.ASCII)
_INTEGER = re.compile(r"[0-9]+", re.ASCII)
_CVR = re.compile(r"[1-9][0-9]{7}", re.ASCII)
_LIST_SPLIT = re.compile(r"[,;|\s]+")
_DATE_DMY = re.compile(r"([0-9]{1,2})[-./]([0-9]{1,2})[-./]([0-9]{4})", re.ASCII)
_DATE_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)


class CellError(ValueError):
    """One cell's problem; the message is a Danish reason without the cell's value."""


def as_text(cell: Cell) -> str:
    """The cell as trimmed text (Excel numbers without a spurious .0, dates in ISO)."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "ja" if cell else "nej"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # Excel stores 4110 as 4110.0
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell).replace("\u00a0", " ").strip()


def parse_decimal(cell: Cell) -> Decimal:
    """A number with a decimal comma or point ("12,5" or "12.5"); no thousands separators."""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        try:
            value = Decimal(str(cell))
        except InvalidOperation:
            raise CellError("skal være et tal") from None
        if not value.is_finite():
            raise CellError("skal være et tal")
        return value
    text = as_text(cell).replace(" ", "")
    if not _DECIMAL.fullmatch(text):
        raise CellError("skal være et tal, fx 12,5")
    return Decimal(text.replace(",", "."))


def parse_int(cell: Cell) -> int:
    text = as_text(cell).replace(" ", "")
    if not _INTEGER.fullmatch(text) or len(text) > 9:
        raise CellError("skal være et helt tal")
    return int(text)


def parse_date(cell: Cell) -> dt.date:
    """dd-mm-yyyy (also with . or /), ISO yyyy-mm-dd, or an Excel date cell; within the window
    of ``fleksjob.core.bounds``."""
    try:
        return bounds.check_date(_date(cell))
    except bounds.OutOfBounds as exc:
        raise CellError(str(exc)) from None


def _date(cell: Cell) -> dt.date:
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    text = as_text(cell)
    if match := _DATE_DMY.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _DATE_ISO.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise CellError("skal være en dato som dd-mm-åååå eller åååå-mm-dd")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError("datoen findes ikke") from None


def parse_bool(cell: Cell) -> bool:
    if isinstance(cell, bool):
        return cell
    text = as_text(cell).casefold()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise CellError("skal være ja eller nej")


def parse_cpr(cell: Cell) -> str:
    text = as_text(cell)
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        text = text.zfill(10)  # Excel drops the leading zero of a CPR typed as a number
    try:
        return cpr_rules.parse(text).digits
    except cpr_rules.InvalidCPR as exc:
        raise CellError(str(exc)) from None


def parse_cvr(cell: Cell) -> str:
    text = as_text(cell).replace(" ", "").upper().removeprefix("DK")
    if not _CVR.fullmatch(text):
        raise CellError("CVR-nummeret skal være 8 cifre og kan ikke begynde med 0")
    return text


def parse_occupation(cell: Cell) -> str:
    code = as_text(cell)
    if not is_unit_group(code):
        raise CellError("ikke en DISCO-08-enhedsgruppe (fire cifre)")
    return code


def split(cell: Cell) -> list[str]:
    return [item for item in _LIST_SPLIT.split(as_text(cell)) if item]


def parse_occupations(cell: Cell) -> list[str]:
    codes = split(cell)
    for i, code in enumerate(codes, start=1):
        if not is_unit_group(code):
            raise CellError(f"kode nr. {i} er ikke en DISCO-08-enhedsgruppe (fire cifre)")
    return sorted(set(codes))


def keys(allowed: Collection[str], what: str) -> Callable[[Cell], list[str]]:
    def parse(cell: Cell) -> list[str]:
        items = split(cell)
        for i, item in enumerate(items, start=1):
            if item not in allowed:
                raise CellError(f"nøgle nr. {i} er ikke et kendt {what}")
        return sorted(set(items))

    return parse


def choice(allowed: Collection[str]) -> Callable[[Cell], str]:
    def parse(cell: Cell) -> str:
        value = as_text(cell).casefold()
        if value not in allowed:
            raise CellError("skal være en af: " + ", ".join(allowed))
        return value

    return parse
