"""Reasons in Danish: which factors made a recommendation, and how much each contributed (and
``in_english`` for the pages' second language)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from fleksjob.reference import isco_groups

from . import config
from .crafting import COVERAGE_REASON, coverage
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


PROSPECTS_REASON = "Omskoling: faget har gode jobmuligheder i området (Arbejdsmarkedsbalancen)"


def reasons(
    candidate: Candidate,
    position: Position,
    factors: Mapping[str, float],
    km: float,
    *,
    prospects: float = 0.0,
) -> list[str]:
    """One Danish sentence per contributing factor, largest contribution first; ``prospects``
    is what the retraining prospects option added to the score (docs/matching.md)."""
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
    contributions = {f: config.WEIGHTS[f] * factors[f] for f in config.FACTORS}
    if prospects > 0:
        texts["prospects"] = PROSPECTS_REASON
        contributions["prospects"] = prospects
    if position.tasks and position.skills:
        texts["competences"] = coverage(candidate.competences, position.tasks).reason
    elif "competences" in contributions:
        # Without tasks the competence factor repeats the occupation's (config.WEIGHTS).
        contributions["occupation"] += contributions.pop("competences")
    parts = sorted(
        ((value, f) for f, value in contributions.items() if f in texts),
        key=lambda item: -item[0],
    )
    return [f"{texts[f]} (+{_num(value, 2)})" for value, f in parts if value >= 0.005]


# --- The same reasons in English (the pages' second language) ----------------------------------
# The reasons are written and stored in Danish (the matching's contract, docs/design.md); an
# English page shows each one through ``in_english``, which reads the sentences ``reasons``
# writes. A text it does not recognise (written by an older version) is returned as it is.


def _en_num(text: str) -> str:
    return text.replace(".", "").replace(",", ".")


def _en_title(code: str) -> str:
    group = isco_groups().get(code)
    return f" – {group.title_en}" if group is not None and group.title_en else ""


def _en_sector(danish: str) -> str:
    return next((en for da, en in SECTORS.values() if da == danish), danish)


def _en_hours(text: str) -> str:
    return _en_num(text).replace(" t/uge", " h/week")


_EN_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (
        re.compile(r"Samme fag som borgerens erfaring \(DISCO (\d+)(?: – [^)]*)?\)"),
        lambda m: f"Same occupation as the citizen's experience (DISCO {m[1]}{_en_title(m[1])})",
    ),
    (
        re.compile(r"Beslægtet fag: samme (\d)-cifrede DISCO-gruppe \((\d+)(?: – [^)]*)?\)"),
        lambda m: f"Related occupation: same {m[1]}-digit DISCO group ({m[2]}{_en_title(m[2])})",
    ),
    (
        re.compile(r"Kompetencerne ligner stillingens beskrivelse \((\d+) % tekstlighed\)"),
        lambda m: f"Skills resemble the position's description ({m[1]}% text similarity)",
    ),
    (
        COVERAGE_REASON,
        lambda m: (
            f"Covers the competences of {m[1]} of {m[2]} tasks ({m[3]} of {m[4]} competences)"
        ),
    ),
    (re.compile(r"Ønsket branche: (.+)"), lambda m: f"Wished-for sector: {_en_sector(m[1])}"),
    (
        re.compile(r"Borgeren har ingen ønsker om branche"),
        lambda m: "The citizen has no wishes for a sector",
    ),
    (
        re.compile(r"Timerne passer: stillingen (.+?), borgeren (.+?)( – plads til flere timer)?"),
        lambda m: (
            f"Hours fit: the position {_en_hours(m[1])}, the citizen {_en_hours(m[2])}"
            + (" – room for more hours" if m[3] else "")
        ),
    ),
    (re.compile(r"Fjernarbejde muligt"), lambda m: "Remote work possible"),
    (
        re.compile(re.escape(PROSPECTS_REASON)),
        lambda m: (
            "Retraining: the occupation has good job prospects in the area (Arbejdsmarkedsbalancen)"
        ),
    ),
    (
        re.compile(r"Afstand ([\d.,]+) km \(højst ([\d.,]+) km\)"),
        lambda m: f"Distance {_en_num(m[1])} km (at most {_en_num(m[2])} km)",
    ),
    (
        re.compile(r"Arbejdsgiveren har ansat (\d+) (?:person|personer) i fleksjob"),
        lambda m: (
            f"The employer has hired {m[1]} {'person' if m[1] == '1' else 'people'} in fleksjob"
        ),
    ),
)
_CONTRIBUTION = re.compile(r"(.*) \(\+([\d,]+)\)")


def in_english(reason: str) -> str:
    """One reason ``reasons`` wrote, in English ("Afstand 3,5 km (højst 20 km) (+0,12)" →
    "Distance 3.5 km (at most 20 km) (+0.12)"); an unknown text as it is."""
    contribution = _CONTRIBUTION.fullmatch(reason)
    text, suffix = (
        (contribution[1], f" (+{_en_num(contribution[2])})")
        if contribution
        else (
            reason,
            "",
        )
    )
    for pattern, english in _EN_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            return english(match) + suffix
    return reason
