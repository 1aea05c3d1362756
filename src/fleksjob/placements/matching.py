"""The matching engine on the operational database: records from cases and positions, and a
prepared position index per municipality, cached in the process.

The cache is keyed by a version read from the data on every use (``data_version``): counts,
id sums and the latest ``updated_at`` of the municipality's open positions and employers, and
its employers' fleksjob hires. Any committed change to what the index holds (a position edited,
opened or filled, an employer moved, a hire) changes the key, so every process (each gunicorn
worker, the task worker) sees every committed edit without being told; no writer clears it.

Only the municipality's own open positions are matched (scoping); citizens are those with an
active case on ledighedsydelse or waiting.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Max, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from fleksjob.citizens.models import BenefitSpell, Citizen
from fleksjob.core.imports.balance import GOOD
from fleksjob.core.matching import (
    Candidate,
    Match,
    PositionIndex,
    candidate_from_dict,
    candidates_for,
    position_from_dict,
    recommend,
)
from fleksjob.core.matching.crafting import best_subset
from fleksjob.core.rules.case_status import Status
from fleksjob.employers.models import Employer, Position, PositionStatus, PositionTask
from fleksjob.employment.models import Employment
from fleksjob.placements.models import OccupationProspect, ProspectImport
from fleksjob.reference import rar_areas

# The retraining prospects option: good occupations in the area and the weight (off: (), 0).
Prospects = tuple[tuple[str, ...], float]
NO_PROSPECTS: Prospects = ((), 0.0)

_LOCK = threading.Lock()
_CACHE: dict[str, tuple[tuple, PositionIndex, dict[str, Position]]] = {}
_CANDIDATES: dict[str, tuple[tuple, tuple]] = {}


def _with_hires(positions):
    """Positions with their employer's number of fleksjob employments (a scoring factor)."""
    hires = (
        Employment.objects.filter(employer=OuterRef("employer"), kind="fleksjob")
        .values("employer")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return positions.select_related("employer__municipality").annotate(
        employer_hires=Coalesce(Subquery(hires), 0)
    )


# A position's tasks (job crafting), in order, in one query for all positions.
_TASKS = Prefetch("tasks", PositionTask.objects.order_by("pk"))


def open_positions(municipality_code: str):
    positions = _with_hires(
        Position.objects.filter(
            employer__municipality_id=municipality_code, status=PositionStatus.OPEN
        )
    )
    return positions.prefetch_related(_TASKS).order_by("pk")


def position_record(p: Position) -> dict:
    return {
        "id": str(p.pk),
        "employer_id": str(p.employer_id),
        "lat": p.employer.lat,
        "lon": p.employer.lon,
        "remote": p.remote_allowed,
        "hours_min": float(p.hours_min),
        "hours_max": float(p.hours_max),
        "provides": list(p.provides),
        "occupation": p.occupation,
        "text": f"{p.title}. {p.tasks_text}",
        "sector": p.employer.sector,
        "openings": max(1, p.openings),
        "employer_fleksjob_hires": int(getattr(p, "employer_hires", 0) or 0),
        # Job crafting: a change of a task moves the position's updated_at (employers.tasks).
        "tasks": [
            {"id": str(t.pk), "hours": float(t.hours), "skills": list(t.skills)}
            | ({"occupation": t.occupation} if t.occupation else {})
            for t in p.tasks.all()
        ],
    }


def prospects_for(municipality_code: str) -> Prospects:
    """The retraining prospects option (docs/matching.md): the 4-digit occupations with good
    prospects in the municipality's RAR area in the latest imported balance, and the weight
    (``FLEKSJOB_MATCH_PROSPECTS_PERCENT`` / 100). Off, or no balance: nothing (no query when
    off)."""
    weight = settings.FLEKSJOB["MATCH_PROSPECTS_PERCENT"] / 100
    area = rar_areas().get(municipality_code, "")
    if not weight or not area:
        return NO_PROSPECTS
    batch = ProspectImport.objects.order_by("-pk").values_list("pk", flat=True).first()
    if batch is None:
        return NO_PROSPECTS
    codes = OccupationProspect.objects.filter(
        batch_id=batch, area=area, category__in=GOOD
    ).values_list("occupation", flat=True)
    good = tuple(sorted({c for c in codes if len(c) == 4 and c.isdigit()}))
    return (good, weight) if good else NO_PROSPECTS


def candidate_record(
    citizen: Citizen,
    spell_start: dt.date | None,
    today: dt.date,
    prospects: Prospects = NO_PROSPECTS,
) -> Candidate:
    """The citizen as the engine's candidate; ``prospects`` (from ``prospects_for`` their
    municipality) apply only when the citizen's purpose is retraining (goal "education")."""
    weeks = (today - spell_start).days // 7 if spell_start else 0
    good, weight = prospects
    retraining = (
        {"prospects": list(good), "prospects_weight": weight}
        if weight and good and citizen.goal == "education"
        else {}
    )
    return candidate_from_dict(
        {
            "id": str(citizen.pk),
            "lat": citizen.lat,
            "lon": citizen.lon,
            "max_commute_km": citizen.max_commute_km,
            "remote_ok": citizen.remote_ok,
            "hours_min": float(citizen.hours_min),
            "hours_max": float(max(citizen.hours_capacity, citizen.hours_min)),
            "needs": list(citizen.needs),
            "occupations": list(citizen.occupations),
            "skills_text": citizen.skills_text,
            "wishes_sectors": list(citizen.wishes_sectors),
            "weeks_waiting": max(0, weeks),
            "goal": citizen.goal,
            "competences": list(citizen.competences),
            **retraining,
        }
    )


def data_version(municipality_code: str) -> tuple:
    """What the municipality's position index is built from, summed up in three aggregate
    queries (one scan of each table): changes whenever an open position, an employer or a
    fleksjob hire there is committed (or added, removed, opened or closed). Id sums tell apart
    two sets of the same size."""
    positions = Position.objects.filter(
        employer__municipality_id=municipality_code, status=PositionStatus.OPEN
    ).aggregate(n=Count("pk"), ids=Sum("pk"), at=Max("updated_at"))
    employers = Employer.objects.filter(municipality_id=municipality_code).aggregate(
        n=Count("pk"), ids=Sum("pk"), at=Max("updated_at")
    )
    hires = Employment.objects.filter(
        employer__municipality_id=municipality_code, kind="fleksjob"
    ).aggregate(n=Count("pk"), last=Max("pk"))
    return (*positions.values(), *employers.values(), *hires.values())


def position_index(municipality_code: str) -> tuple[PositionIndex, dict[str, Position]] | None:
    """The municipality's open positions, indexed once per version of the data they come from
    (None when there are none)."""
    version = data_version(municipality_code)
    with _LOCK:
        cached = _CACHE.get(municipality_code)
        if cached and cached[0] == version:
            return cached[1], cached[2]
    rows = list(open_positions(municipality_code))
    if not rows:
        return None
    index = PositionIndex([position_from_dict(position_record(p)) for p in rows])
    by_id = {str(p.pk): p for p in rows}
    with _LOCK:
        _CACHE[municipality_code] = (version, index, by_id)
    return index, by_id


@dataclass(frozen=True)
class Recommendation:
    position: Position
    match: Match
    # Job crafting: the best set of the position's tasks within the citizen's hours (their
    # descriptions and hours together), when the position is described as tasks and one fits.
    tasks: tuple[str, ...] = ()
    task_hours: Decimal | None = None


def _shaped(index: PositionIndex, candidate: Candidate, position: Position, match: Match):
    """The recommendation with the best subset of the position's tasks for the citizen (the
    tasks come with the index's positions, prefetched: no query)."""
    core = index.table.records[index.row_of[match.position]]
    fit = best_subset(core.tasks, candidate.competences, candidate.hours_min, candidate.hours_max)
    if fit is None:
        return Recommendation(position, match)
    described = {str(t.pk): t.description for t in position.tasks.all()}
    return Recommendation(position, match, tuple(described[t.id] for t in fit.tasks), fit.hours)


def _spell_start(citizen: Citizen) -> dt.date | None:
    spell = (
        BenefitSpell.objects.filter(citizen=citizen, end__isnull=True).order_by("-start").first()
    )
    return spell.start if spell else None


def recommendations_for(citizen: Citizen, today: dt.date, k: int = 10) -> list[Recommendation]:
    built = position_index(citizen.municipality_id)
    if built is None:
        return []
    index, by_id = built
    prospects = prospects_for(citizen.municipality_id)
    candidate = candidate_record(citizen, _spell_start(citizen), today, prospects)
    return [
        _shaped(index, candidate, by_id[m.position], m) for m in recommend(candidate, index, k=k)
    ]


def match_for(citizen: Citizen, position: Position, today: dt.date) -> Match | None:
    """The pair's score and reasons against the municipality's cached index (so they equal what
    the citizen and position pages show), or None when the pair is not feasible or the position
    is not open."""
    built = position_index(position.employer.municipality_id)
    if built is None or str(position.pk) not in built[1]:
        return None
    index = built[0]
    prospects = prospects_for(citizen.municipality_id)
    prepared = index.prepare([candidate_record(citizen, _spell_start(citizen), today, prospects)])
    found = candidates_for(str(position.pk), index, prepared, k=1)
    return found[0] if found else None


def waiting_citizens(municipality_code: str):
    """Citizens with an active case and no fleksjob: the candidates."""
    open_spell = BenefitSpell.objects.filter(citizen=OuterRef("pk"), end__isnull=True).values(
        "start"
    )[:1]
    return (
        Citizen.objects.filter(municipality_id=municipality_code)
        .filter(Q(approvals__status=Status.APPROVED_UNEMPLOYED))
        .annotate(spell_start=Subquery(open_spell))
        .order_by("pk")
    )


def _prepared(code: str, index: PositionIndex, today: dt.date):
    """The waiting citizens prepared against the municipality's index, cached until a citizen
    or the index changes (preparing thousands of citizens is the expensive part)."""
    waiting = waiting_citizens(code)
    prospects = prospects_for(code)
    version = (
        id(index),  # the index object this process built for the current data version
        today,
        prospects,
        *waiting.aggregate(n=Count("pk"), edited=Max("updated_at")).values(),
    )
    with _LOCK:
        cached = _CANDIDATES.get(code)
        if cached and cached[0] == version:
            return cached[1]
    citizens = {str(c.pk): c for c in waiting}
    records = [candidate_record(c, c.spell_start, today, prospects) for c in citizens.values()]
    prepared = index.prepare(records) if records else None
    with _LOCK:
        _CANDIDATES[code] = (version, (citizens, prepared))
    return citizens, prepared


def candidates_for_position(
    position: Position, today: dt.date, k: int = 10
) -> list[tuple[Citizen, Match]]:
    """The open position's best candidates among the municipality's waiting citizens."""
    code = position.employer.municipality_id
    built = position_index(code)
    if built is None or str(position.pk) not in built[1]:
        return []
    index = built[0]
    citizens, prepared = _prepared(code, index, today)
    if not citizens:
        return []
    return [
        (citizens[m.candidate], m) for m in candidates_for(str(position.pk), index, prepared, k=k)
    ]


def wished_sectors(user) -> list[list[str]]:
    """The wished sectors of each approved, unemployed citizen the user may see (the demand in
    the employers' outreach ranking)."""
    wishes = Citizen.objects.visible_to(user).filter(approvals__status=Status.APPROVED_UNEMPLOYED)
    return list(wishes.values_list("wishes_sectors", flat=True))
