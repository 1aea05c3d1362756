"""Municipal batch matching runs: requested from the UI or the CLI, executed by a worker.

Bounded (one municipality per run, ``limit`` runs per worker pass), idempotent (one waiting or
running run per municipality, a database constraint) and safe to interrupt: results are written
in one transaction with the run's completion. A run is executed by its background job, whose
claim (``fleksjob.jobs``) is the only ownership: one process at a time, a killed process's job
claimed again and the run started over (nothing of the first attempt was committed), and results
committed only while the process still holds the claim, so one that was taken over writes nothing.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone

from fleksjob.audit.writes import batch
from fleksjob.core.matching import position_from_dict, run
from fleksjob.jobs.runner import LostClaim, hold_claim
from fleksjob.operations.faults import pause_at
from fleksjob.placements.matching import (
    candidate_record,
    open_positions,
    position_record,
    prospects_for,
    waiting_citizens,
)
from fleksjob.placements.models import MatchResult, MatchRun, MatchRunStatus

Progress = Callable[[str], None]


def request_run(municipality_code: str, user=None) -> MatchRun:
    """A pending run for the municipality, or the one already waiting or running."""
    active = MatchRun.objects.filter(
        municipality_id=municipality_code,
        status__in=[MatchRunStatus.PENDING, MatchRunStatus.RUNNING],
    ).first()
    if active:
        return active
    try:
        with transaction.atomic():
            return MatchRun.objects.create(municipality_id=municipality_code, requested_by=user)
    except IntegrityError:  # requested at the same moment by someone else
        return MatchRun.objects.get(
            municipality_id=municipality_code,
            status__in=[MatchRunStatus.PENDING, MatchRunStatus.RUNNING],
        )


def _stage(match_run: MatchRun, stage: str, progress: Progress | None) -> None:
    MatchRun.objects.filter(pk=match_run.pk).update(stage=stage)
    if progress:
        progress(stage)


def execute(match_run: MatchRun, today: dt.date, progress: Progress | None = None) -> MatchRun:
    """Run a requested run to the end (or mark it failed). A run an earlier attempt of the same
    job finished is left as it is; one a killed attempt left "running" starts over."""
    match_run.refresh_from_db()
    if match_run.status in (MatchRunStatus.DONE, MatchRunStatus.FAILED):
        return match_run
    mine = MatchRun.objects.filter(pk=match_run.pk)
    mine.update(status=MatchRunStatus.RUNNING, started_at=timezone.now(), stage="indlæser")
    started = time.perf_counter()
    code = match_run.municipality_id
    try:
        citizens = {str(c.pk): c for c in waiting_citizens(code)}
        positions = {str(p.pk): p for p in open_positions(code)}
        prospects = prospects_for(code)  # the retraining prospects option (off by default)
        _stage(
            match_run, f"matcher {len(citizens)} borgere × {len(positions)} stillinger", progress
        )
        result = run(
            [candidate_record(c, c.spell_start, today, prospects) for c in citizens.values()],
            [position_from_dict(position_record(p)) for p in positions.values()],
            top=10,
            do_assign=True,
            workers=1,
        )
        _stage(match_run, "gemmer", progress)
        output = result.output
        with batch():
            hold_claim()  # raises LostClaim if another process has taken the job over
            if not mine.select_for_update().filter(status=MatchRunStatus.RUNNING).exists():
                return MatchRun.objects.get(pk=match_run.pk)  # another job's run finished it
            rows: dict[tuple[str, str], MatchResult] = {}
            for cid, recs in output["recommendations"].items():
                for rank, rec in enumerate(recs, start=1):
                    rows[(cid, rec["position"])] = MatchResult(
                        run=match_run,
                        citizen_id=int(cid),
                        position_id=int(rec["position"]),
                        rank=rank,
                        score=rec["score"],
                        reasons=rec["reasons"],
                    )
            for pair in output.get("assignment", []):
                key = (pair["candidate"], pair["position"])
                row = rows.get(key) or MatchResult(
                    run=match_run,
                    citizen_id=int(key[0]),
                    position_id=int(key[1]),
                    rank=0,
                    score=pair["score"],
                    reasons=[],
                )
                row.assigned, row.weight = True, pair["weight"]
                rows[key] = row
            MatchResult.objects.bulk_create(rows.values(), batch_size=2000)
            pause_at("match_run.saving")
            mine.update(
                status=MatchRunStatus.DONE,
                stage="",
                finished_at=timezone.now(),
                seconds=round(time.perf_counter() - started, 2),
                candidates=len(citizens),
                positions=len(positions),
                placements=len(output.get("assignment", [])),
                objective=output.get("objective"),
                stats=output["stats"],
            )
            # Only the newest finished run per municipality is kept.
            MatchRun.objects.filter(municipality_id=code, status=MatchRunStatus.DONE).exclude(
                pk=match_run.pk
            ).delete()
    except LostClaim:
        raise
    except Exception as exc:
        mine.filter(status=MatchRunStatus.RUNNING).update(
            status=MatchRunStatus.FAILED,
            stage="",
            finished_at=timezone.now(),
            error=type(exc).__name__,  # never the message: it could hold record data
        )
        raise
    return MatchRun.objects.get(pk=match_run.pk)
