"""The demo's Arbejdsmarkedsbalance (docs/prospects.md): a constructed balance, not STAR's
assessment, so that the retraining sections have something to show. Every ISCO-08 unit group in
each of the eight RAR areas gets a category drawn deterministically from its code and area
(about a third with good prospects or better), written through the import's own write."""

from __future__ import annotations

import hashlib

from fleksjob.core.imports.balance import Prospect
from fleksjob.placements.models import ProspectImport
from fleksjob.placements.prospects import store_prospects
from fleksjob.reference import RAR_AREAS, isco_groups

# Shares per 20: 1 extensive shortage, 2 shortage, 1 paradox, 4 good, 12 less good.
_CATEGORIES = (
    ("extensive_shortage",) * 1
    + ("shortage",) * 2
    + ("paradox",) * 1
    + ("good",) * 4
    + ("less_good",) * 12
)


def demo_balance(period: str = "Demo (konstrueret)") -> list[Prospect]:
    prospects = []
    units = sorted(code for code, group in isco_groups().items() if group.level == 4)
    row = 1
    for area in RAR_AREAS:
        for code in units:
            row += 1
            digest = hashlib.sha256(f"{code}|{area}".encode()).digest()
            category = _CATEGORIES[digest[0] % len(_CATEGORIES)]
            prospects.append(
                Prospect(
                    occupation=code,
                    title="",
                    area=area,
                    category=category,
                    shortage=category in ("extensive_shortage", "shortage"),
                    period=period,
                    row=row,
                )
            )
    return prospects


def ensure_demo_balance() -> int:
    """Store the constructed balance unless one is imported; the number of rows stored."""
    if ProspectImport.objects.exists():
        return 0
    prospects = demo_balance()
    store_prospects(prospects, file_name="demo-arbejdsmarkedsbalance", by="demo")
    return len(prospects)
