"""STAR's Arbejdsmarkedsbalancen in the database, and a citizen's retraining options
(docs/prospects.md): parse the whole file first, then write all of it or nothing."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.audit.writes import write
from fleksjob.core.imports.balance import Prospect
from fleksjob.core.matching.retraining import (
    Option,
    Positions,
    best_prospects,
    retraining_options,
)
from fleksjob.employers.models import Position, PositionStatus
from fleksjob.placements.models import OccupationProspect, ProspectImport
from fleksjob.reference import rar_areas


@write
def store_prospects(prospects: list[Prospect], *, file_name: str, by: str) -> ProspectImport:
    """Replace the stored balance with ``prospects`` (a balance is a whole national snapshot)."""
    periods = sorted({p.period for p in prospects if p.period})
    OccupationProspect.objects.all().delete()
    ProspectImport.objects.all().delete()
    batch = ProspectImport.objects.create(
        file_name=file_name[:200],
        period=", ".join(periods)[:40],
        rows=len(prospects),
        imported_by=by[:150],
    )
    OccupationProspect.objects.bulk_create(
        [
            OccupationProspect(
                batch=batch,
                area=p.area,
                occupation=p.occupation,
                title=p.title,
                category=p.category,
                shortage=p.shortage,
            )
            for p in prospects
        ],
        batch_size=2000,
    )
    record(
        None, Action.CREATE, batch, actor=by or "import_prospects", detail="arbejdsmarkedsbalance"
    )
    return batch


@dataclass(frozen=True)
class Retraining:
    """What the pages show: None ``batch`` when no balance is imported."""

    batch: ProspectImport | None
    area: str
    options: list[Option]
    titles: dict[str, list[str]]  # occupation → the balance's job titles in the area


def retraining_for(citizen, *, limit: int = 8) -> Retraining:
    """The citizen's retraining options in their municipality's RAR area (three queries)."""
    area = rar_areas().get(citizen.municipality_id, "")
    batch = ProspectImport.objects.order_by("-pk").first()
    if batch is None:
        return Retraining(None, area, [], {})
    rows = list(
        OccupationProspect.objects.filter(batch=batch, area=area)
        .order_by("occupation", "title")
        .values_list("occupation", "title", "category", "shortage")
    )
    titles: dict[str, list[str]] = defaultdict(list)
    for code, title, _category, _shortage in rows:
        if title:
            titles[code].append(title)
    needs = set(citizen.needs or [])
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for code, provides in (
        Position.objects.filter(
            employer__municipality_id=citizen.municipality_id, status=PositionStatus.OPEN
        )
        .order_by("pk")
        .values_list("occupation", "provides")
    ):
        counts[code][0] += 1
        counts[code][1] += needs <= set(provides or [])
    options = retraining_options(
        citizen.occupations or [],
        best_prospects((c, cat, s) for c, _t, cat, s in rows),
        {code: Positions(*pair) for code, pair in counts.items()},
        has_needs=bool(needs),
        limit=limit,
    )
    return Retraining(batch, area, options, dict(titles))
