"""Municipal batch matching runs: requested from the UI or the CLI, executed by a worker.

Bounded (one municipality per run, ``limit`` runs per worker pass), idempotent (one waiting or
running run per municipality, a database constraint) and safe to interrupt: results are written
in one transaction with the run's completion, and a run left "running" by a killed worker can be
re-queued with ``requeue_stale``.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone

from fleksjob.core.matching import position_from_dict, run
from fleksjob.placements.matching import (
    candidate_record,
    open_positions,
    position_record,
    waiting_citizens,
)
from fleksjob.placements.models import MatchResult, MatchRun, MatchRunStatus

STALE_AFTER = dt.timedelta(hours=2)
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


def _claim(match_run: MatchRun) -> bool:
    claimed = MatchRun.objects.filter(pk=match_run.pk, status=MatchRunStatus.PENDING).update(
        status=MatchRunStatus.RUNNING, started_at=timezone.now(), stage="indlæser"
    )
    return claimed == 1


def _stage(match_run: MatchRun, stage: str, progress: Progress | None) -> None:
    MatchRun.objects.filter(pk=match_run.pk).update(stage=stage)
    if progress:
        progress(stage)


def execute(match_run: MatchRun, today: dt.date, progress: Progress | None = None) -> MatchRun:
    """Run one claimed-or-pending run to the end (or mark it failed)."""
    if match_run.status == MatchRunStatus.PENDING and not _claim(match_run):
        return MatchRun.objects.get(pk=match_run.pk)  # another worker took it
    started = time.perf_counter()
    code = match_run.municipality_id
    try:
        citizens = {str(c.pk): c for c in waiting_citizens(code)}
        positions = {str(p.pk): p for p in open_positions(code)}
        _stage(
            match_run, f"matcher {len(citizens)} borgere × {len(positions)} stillinger", progress
        )
        result = run(
            [candidate_record(c, c.spell_start, today) for c in citizens.values()],
            [position_from_dict(position_record(p)) for p in positions.values()],
            top=10,
            do_assign=True,
            workers=1,
        )
        _stage(match_run, "gemmer", progress)
        output = result.output
        with transaction.atomic():
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
            MatchRun.objects.filter(pk=match_run.pk).update(
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
    except Exception as exc:
        MatchRun.objects.filter(pk=match_run.pk).update(
            status=MatchRunStatus.FAILED,
            stage="",
            finished_at=timezone.now(),
            error=type(exc).__name__,  # never the message: it could hold record data
        )
        raise
    return MatchRun.objects.get(pk=match_run.pk)


def requeue_stale(now: dt.datetime | None = None) -> int:
    """Runs left "running" by a killed worker go back to "pending"."""
    cutoff = (now or timezone.now()) - STALE_AFTER
    return MatchRun.objects.filter(status=MatchRunStatus.RUNNING, started_at__lt=cutoff).update(
        status=MatchRunStatus.PENDING, stage="", started_at=None
    )


def run_pending(today: dt.date, limit: int, progress: Progress | None = None) -> list[MatchRun]:
    done = []
    for match_run in MatchRun.objects.filter(status=MatchRunStatus.PENDING).order_by(
        "requested_at"
    )[:limit]:
        done.append(execute(match_run, today, progress))
    return done
