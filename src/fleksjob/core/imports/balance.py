"""STAR's Arbejdsmarkedsbalancen (job prospects by occupation and RAR area) from a CSV or .xlsx
download, as documented in docs/prospects.md.

The layout is constructed from STAR's published description (no real export was at hand): one
row per job title and RAR area, with columns found by their header (case-insensitive, æøå or
ae/oe/aa), never by position:

- occupation code (required): ``DISCO-08``, ``DISCO``, ``DISCO-kode``, ``ISCO-08``, ``Kode`` …;
  a 4-digit unit group, or a 6-digit DISCO-08 code read as its 4-digit unit group;
- title (optional): ``Stillingsbetegnelse``, ``Job``, ``Stilling``;
- area (required): ``Område``, ``RAR-område``, ``RAR``; one of the eight RAR areas, with or
  without ``RAR `` in front;
- prospects (required): ``Jobmuligheder``, ``Beskæftigelsesmuligheder``, ``Jobåbninger``,
  ``Kategori``, ``Vurdering``; one of STAR's five categories;
- shortage (optional): ``Mangel``, ``Påmangel``, ``Mangelsituation``; ja/nej;
- period (optional): ``Periode``, ``Halvår``.

Anything else raises :class:`BalanceFormatError` naming the row and the column; the message
never repeats a cell's value beyond the header names.
"""

from __future__ import annotations

from dataclasses import dataclass

from fleksjob.reference import RAR_AREAS, is_unit_group

from .cells import CellError, as_text, parse_bool
from .table import Table, TableError, read_table

MAX_ROWS = 50_000

# STAR's five categories, best first (https://arbejdsmarkedsbalancen.dk/kategorier-i-balancen/).
CATEGORIES: dict[str, str] = {
    "extensive_shortage": "Omfattende mangel på arbejdskraft",
    "shortage": "Mangel på arbejdskraft",
    "paradox": "Paradoksproblemer",
    "good": "Gode jobmuligheder",
    "less_good": "Mindre gode jobmuligheder",
}
RANK = {key: i for i, key in enumerate(CATEGORIES)}
GOOD = frozenset({"extensive_shortage", "shortage", "paradox", "good"})
SHORTAGE = frozenset({"extensive_shortage", "shortage"})


def fold(text: str) -> str:
    """Casefolded, æøå written ae/oe/aa, separators as single spaces."""
    text = text.casefold().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    for sep in "-_./()":
        text = text.replace(sep, " ")
    return " ".join(text.split())


_CATEGORY_VALUES = {
    **{fold(label): key for key, label in CATEGORIES.items()},
    "omfattende mangel": "extensive_shortage",
    "mangel": "shortage",
    "paradoks": "paradox",
    "gode": "good",
    "mindre gode": "less_good",
}
_AREAS = {fold(a): a for a in RAR_AREAS}

COLUMNS: dict[str, frozenset[str]] = {
    "code": frozenset(
        fold(h)
        for h in (
            "DISCO-08",
            "DISCO08",
            "DISCO",
            "DISCO-kode",
            "DISCO-08-kode",
            "ISCO-08",
            "ISCO",
            "Kode",
            "Stillingskode",
        )
    ),
    "title": frozenset(fold(h) for h in ("Stillingsbetegnelse", "Job", "Stilling", "Betegnelse")),
    "area": frozenset(fold(h) for h in ("Område", "RAR-område", "RAR", "Landsdel")),
    "category": frozenset(
        fold(h)
        for h in (
            "Jobmuligheder",
            "Beskæftigelsesmuligheder",
            "Jobåbninger",
            "Kategori",
            "Vurdering",
        )
    ),
    "shortage": frozenset(fold(h) for h in ("Mangel", "Påmangel", "Mangelsituation")),
    "period": frozenset(fold(h) for h in ("Periode", "Halvår")),
}
REQUIRED = ("code", "area", "category")
_LABELS = {
    "code": "DISCO-08",
    "title": "Stillingsbetegnelse",
    "area": "Område",
    "category": "Jobmuligheder",
    "shortage": "Mangel",
    "period": "Periode",
}


class BalanceFormatError(ValueError):
    """A file that is not an Arbejdsmarkedsbalance in a known layout; names the row and column."""


@dataclass(frozen=True)
class Prospect:
    occupation: str  # the 4-digit DISCO-08 unit group
    title: str
    area: str  # one of RAR_AREAS
    category: str  # a key of CATEGORIES
    shortage: bool
    period: str
    row: int

    @property
    def good(self) -> bool:
        return self.category in GOOD


def _columns(header: list[str], source: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, name in enumerate(header):
        key = next((k for k, names in COLUMNS.items() if fold(name) in names), None)
        if key is None:
            continue
        if key in found:
            raise BalanceFormatError(
                f"{source}, række 1, kolonne {i + 1} ({name[:40]!r}): "
                f"kolonnen for {_LABELS[key]} findes to gange"
            )
        found[key] = i
    missing = [_LABELS[k] for k in REQUIRED if k not in found]
    if missing:
        raise BalanceFormatError(
            f"{source}, række 1: mangler kolonnen for {', '.join(missing)} "
            "(se docs/prospects.md for de kendte kolonnenavne)"
        )
    return found


def _code(text: str) -> str:
    digits = text.replace(" ", "")
    if len(digits) == 6 and digits.isdigit():
        digits = digits[:4]  # a 6-digit DISCO-08 code belongs to its 4-digit unit group
    if not is_unit_group(digits):
        raise CellError("ikke en DISCO-08-kode (fire eller seks cifre i en kendt enhedsgruppe)")
    return digits


def _area(text: str) -> str:
    folded = fold(text)
    for prefix in ("rar omraade ", "rar "):
        folded = folded.removeprefix(prefix)
    if folded not in _AREAS:
        raise CellError("ikke et af de otte RAR-områder: " + ", ".join(RAR_AREAS))
    return _AREAS[folded]


def _category(text: str) -> str:
    key = _CATEGORY_VALUES.get(fold(text))
    if key is None:
        raise CellError("ikke en af kategorierne: " + ", ".join(CATEGORIES.values()))
    return key


def parse_table(table: Table, *, source: str) -> list[Prospect]:
    cols = _columns(table.header, source)
    prospects: list[Prospect] = []
    seen: dict[tuple[str, str, str], int] = {}
    for number, cells in table.rows:

        def cell(key: str, cells: list = cells) -> str:
            i = cols.get(key)
            return as_text(cells[i]) if i is not None and i < len(cells) else ""

        current = ""
        try:
            current = "code"
            code = _code(cell("code"))
            current = "area"
            area = _area(cell("area"))
            current = "category"
            category = _category(cell("category"))
            current = "shortage"
            flag = (
                parse_bool(cells[cols["shortage"]])
                if "shortage" in cols and cols["shortage"] < len(cells)
                else False
            )
        except CellError as exc:
            name = table.header[cols[current]]
            raise BalanceFormatError(
                f"{source}, række {number}, kolonne {name[:40]!r}: {exc}"
            ) from None
        title = cell("title")[:200]
        key = (code, fold(title), area)
        if key in seen:
            raise BalanceFormatError(
                f"{source}, række {number}: samme stilling og område som række {seen[key]}"
            )
        seen[key] = number
        prospects.append(
            Prospect(
                occupation=code,
                title=title,
                area=area,
                category=category,
                shortage=flag or category in SHORTAGE,
                period=cell("period")[:40],
                row=number,
            )
        )
    if not prospects:
        raise BalanceFormatError(f"{source}: filen har ingen rækker under overskriften")
    return prospects


def parse_bytes(data: bytes, name: str) -> list[Prospect]:
    """A CSV (``;``, ``,`` or tab; UTF-8 or Windows-1252) or .xlsx download, all rows or an
    error."""
    try:
        table = read_table(data, name, max_rows=MAX_ROWS)
    except TableError as exc:
        raise BalanceFormatError(f"{name}: {exc}") from None
    return parse_table(table, source=name)
