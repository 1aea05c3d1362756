"""Occupations that fleksjobbers hold, with Danish titles, task and skills phrases (our own text).

Codes are ISCO-08 unit groups present in ``fleksjob.reference.isco_groups()``; titles are our own
Danish job titles, not Danmarks Statistik's DISCO labels. The table is in data/occupations.json;
``provides`` and ``sectors`` hold keys of the skånehensyn taxonomy and the sector list.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

LOW, MID, HIGH = 0, 1, 2  # skill band: drives education, wage and typical hours


@dataclass(frozen=True)
class Occupation:
    code: str
    title: str
    band: int
    sectors: tuple[str, ...]
    task_type: str
    female_share: float
    weight: float  # how common among fleksjobbers (relative)  [assumption]
    tasks: tuple[str, ...]
    skills: tuple[str, ...]
    provides: tuple[str, ...]  # skånehensyn such workplaces can often offer


BANDS = {"low": LOW, "mid": MID, "high": HIGH}
_DATA = Path(__file__).with_name("data") / "occupations.json"


def _load(path: Path) -> tuple[Occupation, ...]:
    """The table lives in a data file (our own text); every entry is checked as it is read."""
    fields = {f.name for f in dataclasses.fields(Occupation)}
    occupations = []
    for i, row in enumerate(json.loads(path.read_text(encoding="utf-8"))):
        if set(row) != fields:
            raise ValueError(f"{path.name}, entry {i}: fields {sorted(set(row) ^ fields)} differ")
        occupations.append(
            Occupation(
                **{
                    **row,
                    "band": BANDS[row["band"]],
                    **{k: tuple(row[k]) for k in ("sectors", "tasks", "skills", "provides")},
                }
            )
        )
    return tuple(occupations)


OCCUPATIONS: tuple[Occupation, ...] = _load(_DATA)
BY_CODE: dict[str, Occupation] = {o.code: o for o in OCCUPATIONS}
# Occupations lawyers/HR-style academic fleksjob positions are drawn from.
ACADEMIC_CODES: tuple[str, ...] = ("2611", "2423", "2411", "2422", "2424", "2431", "2635")

# Generic phrases for skills texts.
GENERAL_SKILLS: tuple[str, ...] = (
    "taler dansk og engelsk",
    "har kørekort B",
    "er mødestabil",
    "arbejder godt i et team",
    "er god til faste rutiner",
    "har erfaring med frivilligt arbejde",
    "er hjælpsom og rolig",
    "har gennemført et IT-kursus på AMU",
    "er vant til at arbejde selvstændigt",
    "trives med praktiske opgaver",
    "har førstehjælpskursus",
)
