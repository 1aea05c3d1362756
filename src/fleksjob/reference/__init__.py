"""Reference data shipped inside the package: municipalities, regions and ISCO-08 groups.

Pure Python (no Django), so the core and analysts can read it too. Sources in data/README.md
(DAWA / HL7 DK municipality codes, Statistics Denmark FOLK1A population 1 July 2020, ILO ISCO-08
via ESCO).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib.resources import files


@dataclass(frozen=True)
class MunicipalityRef:
    code: str
    name: str
    region: str
    region_code: int
    alt_name: str
    population: int
    lat: float
    lon: float


@dataclass(frozen=True)
class IscoGroup:
    code: str
    level: int
    title_da: str
    title_en: str
    parent: str


def _rows(name: str) -> list[dict[str, str]]:
    text = files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def municipalities() -> tuple[MunicipalityRef, ...]:
    """The 98 municipalities in code order."""
    return tuple(
        MunicipalityRef(
            code=r["code"],
            name=r["name"],
            region=r["region"],
            region_code=int(r["region_code"]),
            alt_name=r["alt_name"],
            population=int(r["population"]),
            lat=float(r["lat"]),
            lon=float(r["lon"]),
        )
        for r in _rows("kommuner.csv")
    )


@cache
def isco_groups() -> dict[str, IscoGroup]:
    return {
        r["code"]: IscoGroup(r["code"], int(r["level"]), r["title_da"], r["title_en"], r["parent"])
        for r in _rows("isco08_groups.csv")
    }


def isco_title(code: str) -> str:
    """Danish DISCO-08 title where DST has one, else the ILO English title."""
    group = isco_groups().get(code)
    if group is None:
        return code
    return group.title_da or group.title_en


def isco_title_in(code: str, language: str) -> tuple[str, str]:
    """(title, the title's language) for a page in ``language`` ("da" or "en"): the ILO English
    title in English; in Danish DST's DISCO-08 title where there is one, else the English title,
    which the page marks as English (``lang="en"``) rather than pass off a translation of ours."""
    group = isco_groups().get(code)
    if group is None:
        return code, language
    if language == "da" and group.title_da:
        return group.title_da, "da"
    return group.title_en, "en"


def is_unit_group(code: str) -> bool:
    group = isco_groups().get(code)
    return group is not None and group.level == 4


RAR_AREAS: tuple[str, ...] = (
    "Hovedstaden",
    "Bornholm",
    "Sjælland",
    "Fyn",
    "Sydjylland",
    "Østjylland",
    "Vestjylland",
    "Nordjylland",
)


@cache
def rar_areas() -> dict[str, str]:
    """Municipality code → its RAR area (one of ``RAR_AREAS``; constructed, see data/README.md)."""
    return {r["code"]: r["rar_area"] for r in _rows("rar_areas.csv")}
