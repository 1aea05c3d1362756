"""Retraining options: occupations near a citizen's own (ISCO-08 proximity) with good prospects
in the citizen's RAR area (STAR's Arbejdsmarkedsbalancen), their skånehensyn respected as far
as the municipality's positions tell (docs/prospects.md).

Nearness is the matching's own notion (``scoring.shared_digits``, ``config.OCCUPATION_CREDIT``):
the more leading digits two codes share, the nearer (3 = same minor group, 2 = same sub-major
group). Skånehensyn: the codebase has no table of which needs exclude which occupations, and no
medical rule is invented here. An occupation is left out only when the municipality has open
positions in it and none of them provides every need the citizen has (the matching's
feasibility rule, ``scoring.needs_met``); an occupation with no such positions is kept and says
that nothing could be checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from fleksjob.core.imports.balance import GOOD, RANK, SHORTAGE

from .config import OCCUPATION_CREDIT

MIN_SHARED = 2  # same sub-major group at least


@dataclass(frozen=True)
class Positions:
    """The municipality's open positions in one occupation: how many, and how many provide every
    need the citizen has."""

    total: int
    fitting: int


@dataclass(frozen=True)
class Option:
    occupation: str
    near: str  # the citizen's own code it is nearest to
    shared: int  # leading digits shared with ``near`` (2 or 3)
    category: str
    shortage: bool
    positions: Positions
    reasons: tuple[str, ...]  # keys, rendered by the pages

    @property
    def proximity(self) -> float:
        return OCCUPATION_CREDIT[self.shared]


def shared_digits(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def best_prospects(rows: Iterable[tuple[str, str, bool]]) -> dict[str, tuple[str, bool]]:
    """(occupation, category, shortage) rows of one area → each occupation's best category (a
    unit group has several job titles in the balance) and whether any title is in shortage."""
    best: dict[str, tuple[str, bool]] = {}
    for code, category, shortage in rows:
        old = best.get(code)
        if old is None:
            best[code] = (category, shortage)
        else:
            winner = category if RANK[category] < RANK[old[0]] else old[0]
            best[code] = (winner, old[1] or shortage)
    return best


def retraining_options(
    own: Iterable[str],
    prospects: Mapping[str, tuple[str, bool]],
    positions: Mapping[str, Positions],
    *,
    has_needs: bool,
    min_shared: int = MIN_SHARED,
    limit: int = 10,
) -> list[Option]:
    """Occupations other than the citizen's own that share at least ``min_shared`` leading digits
    with one of them and have good prospects (STAR's four best categories), ranked nearest first,
    then best prospects, then most fitting positions, then code."""
    codes = sorted({c for c in own if len(c) == 4})
    if not codes:
        return []
    options = []
    for occupation, (category, shortage) in prospects.items():
        if occupation in codes or category not in GOOD:
            continue
        shared, near = max((shared_digits(occupation, c), c) for c in codes)
        shared = min(shared, 3)
        if shared < min_shared:
            continue
        found = positions.get(occupation, Positions(0, 0))
        if has_needs and found.total > 0 and found.fitting == 0:
            continue  # the municipality's positions in it cannot meet the citizen's needs
        reasons = [f"shared_{shared}", category]
        if shortage or category in SHORTAGE:
            reasons.append("in_shortage")
        if found.total == 0:
            reasons.append("no_positions")
        elif has_needs:
            reasons.append("positions_fit")
        else:
            reasons.append("positions")
        options.append(
            Option(
                occupation=occupation,
                near=near,
                shared=shared,
                category=category,
                shortage=shortage or category in SHORTAGE,
                positions=found,
                reasons=tuple(reasons),
            )
        )
    options.sort(key=lambda o: (-o.shared, RANK[o.category], -o.positions.fitting, o.occupation))
    return options[:limit]
