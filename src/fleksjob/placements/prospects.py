"""STAR's Arbejdsmarkedsbalancen in the database, and a citizen's retraining options
(docs/prospects.md): parse the whole file first, then write all of it or nothing."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.audit.writes import write
from fleksjob.core.imports.balance import GOOD, Prospect
from fleksjob.core.matching.retraining import (
    Option,
    Positions,
    best_prospects,
    retraining_options,
)
from fleksjob.employers.models import Position, PositionStatus
from fleksjob.placements.models import OccupationProspect, ProspectImport
from fleksjob.reference import isco_title_in, rar_areas
from fleksjob.ui import formats


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
    good: frozenset[str] = frozenset()  # occupations with good prospects in the area


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
    good = frozenset(c for c, _t, cat, _s in rows if cat in GOOD)
    return Retraining(batch, area, options, dict(titles), good)


CATEGORY_LABELS = {
    "extensive_shortage": gettext_lazy("Omfattende mangel på arbejdskraft"),
    "shortage": gettext_lazy("Mangel på arbejdskraft"),
    "paradox": gettext_lazy("Paradoksproblemer (svært at rekruttere trods ledighed)"),
    "good": gettext_lazy("Gode jobmuligheder"),
    "less_good": gettext_lazy("Mindre gode jobmuligheder"),
}


@dataclass(frozen=True)
class Row:
    """One option as a page shows it."""

    code: str
    title: str
    lang: str  # the title's language ("da" for the balance's own job titles)
    category: str
    reasons: list[str]


def _title(code: str, titles: dict[str, list[str]], language: str) -> tuple[str, str]:
    if titles.get(code):
        return ", ".join(titles[code][:3]), "da"
    return isco_title_in(code, language)


def rows_for(found: Retraining, *, plain: bool = False) -> list[Row]:
    """The options with their reasons in the page's language: for the caseworker, or in plain
    words for the citizen (``plain``)."""
    language = formats.language()
    rows = []
    for o in found.options:
        own, _own_lang = isco_title_in(o.near, language)
        reasons = []
        if plain:
            reasons.append(_("Ligner dit fag (%(own)s)") % {"own": own})
            reasons.append(
                _("Der mangler folk i dit område")
                if o.shortage
                else _("Gode chancer for job i dit område")
            )
            if o.positions.fitting:
                reasons.append(
                    ngettext(
                        "%(n)s ledig stilling i kommunen tager hensyn til dine behov",
                        "%(n)s ledige stillinger i kommunen tager hensyn til dine behov",
                        o.positions.fitting,
                    )
                    % {"n": o.positions.fitting}
                )
        else:
            if o.shared >= 3:
                reasons.append(
                    _("Samme faggruppe (ISCO %(group)s) som borgerens %(code)s %(own)s")
                    % {"group": o.occupation[:3], "code": o.near, "own": own}
                )
            else:
                reasons.append(
                    _("Beslægtet fag (ISCO %(group)s) med borgerens %(code)s %(own)s")
                    % {"group": o.occupation[:2], "code": o.near, "own": own}
                )
            if o.shortage and o.category not in ("shortage", "extensive_shortage"):
                reasons.append(_("Mangel på arbejdskraft i området"))
            if "no_positions" in o.reasons:
                reasons.append(
                    _("Ingen åbne stillinger i kommunen at holde skånehensynene op imod")
                )
            elif "positions_fit" in o.reasons:
                reasons.append(
                    _("%(fit)s af %(total)s åbne stillinger i kommunen opfylder skånehensynene")
                    % {"fit": o.positions.fitting, "total": o.positions.total}
                )
            else:
                reasons.append(
                    ngettext(
                        "%(n)s åben stilling i kommunen",
                        "%(n)s åbne stillinger i kommunen",
                        o.positions.total,
                    )
                    % {"n": o.positions.total}
                )
        title, lang = _title(o.occupation, found.titles, language)
        rows.append(Row(o.occupation, title, lang, str(CATEGORY_LABELS[o.category]), reasons))
    return rows


def retraining_context(citizen, *, plain: bool = False) -> dict:
    """What the caseworker's and the citizen's pages need: ``imported`` (is there a balance),
    ``area``, ``period``, ``rows`` and ``good`` (occupations with good prospects in the area,
    for the recommendations' badge)."""
    found = retraining_for(citizen)
    return {
        "imported": found.batch is not None,
        "area": found.area,
        "period": found.batch.period if found.batch else "",
        "rows": rows_for(found, plain=plain),
        "good": found.good,
        "has_occupations": bool(citizen.occupations),
    }
