"""Reasons in Danish: which factors made a recommendation, and how much each contributed."""

from __future__ import annotations

from collections.abc import Mapping

from fleksjob.reference import isco_groups

from . import config
from .records import Candidate, Position
from .vocabulary import SECTORS

_LEVEL = {3: "3-cifrede", 2: "2-cifrede", 1: "1-cifrede"}


def _num(value: float, digits: int = 0) -> str:
    """Danish number format: decimal comma."""
    return f"{value:.{digits}f}".replace(".", ",")


def _hours(low: float, high: float) -> str:
    def one(h: float) -> str:
        return _num(h, 1 if h % 1 else 0)

    return f"{one(low)} t/uge" if low == high else f"{one(low)}–{one(high)} t/uge"


def _title(code: str) -> str:
    """' (Danish title)' where DST has one; the reasons stay Danish, so no English fallback."""
    group = isco_groups().get(code)
    return f" – {group.title_da}" if group is not None and group.title_da else ""


def _shared(candidate: Candidate, code: str) -> int:
    best = 0
    for own in candidate.occupations:
        n = 0
        for a, b in zip(own, code, strict=False):
            if a != b:
                break
            n += 1
        best = max(best, n)
    return best


def reasons(
    candidate: Candidate, position: Position, factors: Mapping[str, float], km: float
) -> list[str]:
    """One Danish sentence per contributing factor, largest contribution first."""
    texts: dict[str, str] = {}
    shared = _shared(candidate, position.occupation)
    if shared >= 4 and len(position.occupation) == 4:
        texts["occupation"] = (
            f"Samme fag som borgerens erfaring (DISCO {position.occupation}"
            f"{_title(position.occupation)})"
        )
    elif shared:
        group = position.occupation[:shared]
        level = _LEVEL.get(shared, f"{shared}-cifrede")
        texts["occupation"] = f"Beslægtet fag: samme {level} DISCO-gruppe ({group}{_title(group)})"
    texts["text"] = (
        f"Kompetencerne ligner stillingens beskrivelse ({_num(100 * factors['text'])} % "
        "tekstlighed)"
    )
    if candidate.wishes_sectors:
        texts["sector"] = f"Ønsket branche: {SECTORS[position.sector][0]}"
    else:
        texts["sector"] = "Borgeren har ingen ønsker om branche"
    hours = (
        f"Timerne passer: stillingen {_hours(position.hours_min, position.hours_max)}, "
        f"borgeren {_hours(candidate.hours_min, candidate.hours_max)}"
    )
    if candidate.goal == "progression" and position.hours_max > candidate.hours_max:
        hours += " – plads til flere timer"
    texts["hours"] = hours
    if position.remote and candidate.remote_ok:
        texts["distance"] = "Fjernarbejde muligt"
    else:
        texts["distance"] = f"Afstand {_num(km, 1)} km (højst {_num(candidate.max_commute_km)} km)"
    hires = position.employer_fleksjob_hires
    texts["employer"] = (
        f"Arbejdsgiveren har ansat {hires} {'person' if hires == 1 else 'personer'} i fleksjob"
    )
    parts = sorted(
        ((config.WEIGHTS[f] * factors[f], f) for f in config.FACTORS if f in texts),
        key=lambda item: -item[0],
    )
    return [f"{texts[f]} (+{_num(value, 2)})" for value, f in parts if value >= 0.005]
