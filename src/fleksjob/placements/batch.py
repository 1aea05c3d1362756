"""Municipal batch matching runs: requested from the UI or the CLI, executed by a worker.

Bounded (one municipality per run, ``limit`` runs per worker pass), idempotent (one waiting or
running run per municipality, a database constraint) and safe to interrupt: results are written
in one transaction with the run's completion, and a run left "running" by a killed worker can be
re-queued with ``requeue_stale`` or taken over by naming its municipality again. A worker owns a
run by its claim (the ``started_at`` it set); it commits results only while it still owns the
run, so a worker that was taken over from writes nothing.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone

from fleksjob.core.matching import position_from_dict, run
from fleksjob.operations.faults import pause_at
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


class LostClaim(Exception):
    """Another worker took the run over; this one's results are rolled back."""


def _claim(match_run: MatchRun, takeover: bool) -> dt.datetime | None:
    """Claim a pending run (or, with ``takeover``, a running one); the claim's time, or None."""
    statuses = (
        [MatchRunStatus.PENDING, MatchRunStatus.RUNNING] if takeover else [MatchRunStatus.PENDING]
    )
    claim = timezone.now()
    claimed = MatchRun.objects.filter(pk=match_run.pk, status__in=statuses).update(
        status=MatchRunStatus.RUNNING, started_at=claim, stage="indlæser"
    )
    return claim if claimed == 1 else None


def _stage(match_run: MatchRun, stage: str, progress: Progress | None) -> None:
    MatchRun.objects.filter(pk=match_run.pk).update(stage=stage)
    if progress:
        progress(stage)


def execute(
    match_run: MatchRun,
    today: dt.date,
    progress: Progress | None = None,
    *,
    takeover: bool = False,
) -> MatchRun:
    """Claim a pending run and run it to the end (or mark it failed).

    ``takeover`` also claims a run that is "running": after a worker was killed, naming the
    municipality again finishes its run at once instead of waiting for ``requeue_stale``.
    """
    claim = _claim(match_run, takeover)
    if claim is None:
        return MatchRun.objects.get(pk=match_run.pk)  # another worker has it
    mine = MatchRun.objects.filter(pk=match_run.pk, status=MatchRunStatus.RUNNING, started_at=claim)
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
            pause_at("match_run.saving")
            finished = mine.update(
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
            if not finished:
                raise LostClaim
            # Only the newest finished run per municipality is kept.
            MatchRun.objects.filter(municipality_id=code, status=MatchRunStatus.DONE).exclude(
                pk=match_run.pk
            ).delete()
    except LostClaim:
        pass
    except Exception as exc:
        mine.update(
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
