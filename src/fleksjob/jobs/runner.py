"""One claim scheme for every background job.

A job is a django-tasks task (database backend) whose only argument is its ``JobRun``'s id. A
process runs a job after claiming its task row: under an exclusive lock it marks the task
running and writes itself ("host:pid") into the run, so no two processes run the same job. A
claim is lost only when its process is gone: on the same host when the pid no longer exists,
from another host when the run's heartbeat is older than the lease. Such a run goes back to the
queue and is claimed again; every job is idempotent, so the second attempt finishes what the
first began and nothing is done twice (each job commits its writes in its own transactions).
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import (
    DatabaseError,
    IntegrityError,
    OperationalError,
    close_old_connections,
    connection,
    transaction,
)
from django.db.models import F
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from fleksjob.jobs.models import ACTIVE, JobRun, JobStatus

# Progress listener of a command waiting in the foreground: (stage, done, total).
Listener = Callable[[str, int, int | None], None]
Counts = dict[str, Any]

HOST = socket.gethostname()[:60]
# Danish labels of the registered jobs and of the counts they report, for the managers' page.
LABELS: dict[str, Any] = {}
COUNT_LABELS: dict[str, dict[str, Any]] = {}
# A stored progress line at most this often (seconds), unless the stage changes.
PROGRESS_EVERY = 1.0


class JobRefused(Exception):
    """The job refused its input. The message, written by us, holds no personal data and is
    shown to whoever asked; ``exit_code`` 2 is bad input (as for bad arguments)."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class JobFailed(Exception):
    """Stands in for a job's own exception, whose message could hold record data."""


class LostClaim(Exception):
    """Another process took this job over (this one's lease ran out): it must write nothing."""


def worker_name() -> str:
    return f"{HOST}:{os.getpid()}"


def lease_seconds() -> int:
    return settings.FLEKSJOB["JOB_LEASE_SECONDS"]


# --- declaring and running a job -----------------------------------------------------------------


@dataclass
class _Running:
    run_id: int
    listener: Listener | None
    depth: int  # transaction depth when the job began
    stage: str = ""
    written: float = 0.0


_state = threading.local()
_listeners: dict[int, Listener] = {}


def background_job(label: Any, counts: dict[str, Any] | None = None):
    """Make ``func(**params) -> counts`` a background job named after the function; ``counts``
    labels the counts the managers' page shows."""

    def decorate(func: Callable[..., Counts | None]):
        kind = func.__name__
        LABELS[kind] = label
        COUNT_LABELS[kind] = counts or {}

        @wraps(func)
        def run(run_id: int) -> Counts:
            return _execute(kind, run_id, func)

        return task()(run)

    return decorate


def _depth() -> int:
    return int(connection.in_atomic_block) + len(connection.savepoint_ids)


def _execute(kind: str, run_id: int, func: Callable[..., Counts | None]) -> Counts:
    run = JobRun.objects.get(pk=run_id)
    _state.current = _Running(run_id, _listeners.get(run_id), _depth())
    heartbeat = _Heartbeat(run_id) if connection.vendor != "sqlite" else None
    try:
        counts = func(**run.params) or {}
    except JobRefused as exc:
        _finish(run_id, JobStatus.FAILED, error=str(exc)[:500], exit_code=exc.exit_code)
        raise
    except LostClaim:
        raise  # the run is the other process's now: nothing of it is touched here
    except Exception as exc:
        error = f"jobbet fejlede ({type(exc).__name__})"  # never the message: record data
        _finish(run_id, JobStatus.FAILED, error=error, exit_code=1)
        raise JobFailed(f"{kind}: {type(exc).__name__}") from None
    finally:
        _state.current = None
        if heartbeat:
            heartbeat.stop()
    _finish(run_id, JobStatus.DONE, counts=counts, exit_code=0)
    return counts


def _finish(run_id: int, status: str, **fields: Any) -> None:
    JobRun.objects.filter(pk=run_id).update(
        status=status, finished_at=timezone.now(), stage="", **fields
    )


def hold_claim() -> None:
    """In the transaction that commits a job's results: lock the job's run and make sure this
    process still holds its claim, else raise ``LostClaim`` (the transaction rolls back). A
    process that took the job over waits for the lock, so it finds the results committed. Outside
    a job it does nothing."""
    current = getattr(_state, "current", None)
    if current is None:
        return
    mine = JobRun.objects.select_for_update().filter(
        pk=current.run_id, status=JobStatus.RUNNING, worker=worker_name()
    )
    if not mine.exists():
        raise LostClaim


def progress(stage: str = "", done: int | None = None, total: int | None = None) -> None:
    """Report how far the current job has come (no-op outside a job).

    Stored on the run (at most once a second per stage) unless the job is inside a transaction
    of its own, where the write would only show after the commit; a foreground command's
    listener hears every call.
    """
    current: _Running | None = getattr(_state, "current", None)
    if current is None:
        return
    if current.listener:
        current.listener(stage, done or 0, total)
    now = time.monotonic()
    if stage == current.stage and now - current.written < PROGRESS_EVERY:
        return
    if _depth() > current.depth:
        return
    current.stage, current.written = stage, now
    JobRun.objects.filter(pk=current.run_id).update(
        stage=stage[:80], done=done or 0, total=total, heartbeat_at=timezone.now()
    )


class _Heartbeat:
    """Shows another host that this process is alive (its own connection, beside the job's
    transactions). Not used on SQLite, whose database file has one host."""

    def __init__(self, run_id: int) -> None:
        self.run_id, self.me = run_id, worker_name()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, daemon=True)
        self.thread.start()

    def _beat(self) -> None:
        try:
            while not self.stopped.wait(max(1, lease_seconds() // 4)):
                JobRun.objects.filter(
                    pk=self.run_id, worker=self.me, status=JobStatus.RUNNING
                ).update(heartbeat_at=timezone.now())
        except DatabaseError:  # a missed heartbeat only shortens the lease
            return
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join()


def refresh_connections() -> None:
    """Drop a lost or expired database connection between jobs (never inside a transaction,
    e.g. a test's)."""
    if not connection.in_atomic_block:
        close_old_connections()


# --- queueing ------------------------------------------------------------------------------------


def job_key(kind: str, params: dict[str, Any]) -> str:
    digest = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:40]
    return f"{kind}:{digest}"


def enqueue(
    job,
    params: dict[str, Any] | None = None,
    *,
    municipality: str | None = None,
    user=None,
) -> JobRun:
    """Queue the job, or give the run of the same job (kind and params) that waits or runs."""
    params = params or {}
    key = job_key(job.name, params)
    try:
        with transaction.atomic():
            active = JobRun.objects.filter(key=key, status__in=ACTIVE).first()
            if active:
                return active
            run = JobRun.objects.create(
                kind=job.name,
                key=key,
                params=params,
                municipality_id=municipality,
                requested_by=user if getattr(user, "pk", None) else None,
            )
            run.task_id = job.enqueue(run.pk).id
            run.save(update_fields=["task_id"])
            return run
    except IntegrityError:  # queued at the same moment by someone else
        return JobRun.objects.get(key=key, status__in=ACTIVE)


# --- claiming ------------------------------------------------------------------------------------


def _alive(worker: str, heartbeat_at, now) -> bool:
    host, _, pid = worker.rpartition(":")
    if host == HOST:
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False
        except (PermissionError, ValueError):
            return True
        return True
    return heartbeat_at is not None and (now - heartbeat_at).total_seconds() < lease_seconds()


def recover_stale() -> int:
    """Runs whose process is gone go back to the queue; how many."""
    now, recovered = timezone.now(), 0
    for run in JobRun.objects.filter(status=JobStatus.RUNNING).only(
        "pk", "worker", "heartbeat_at", "task_id"
    ):
        if _alive(run.worker, run.heartbeat_at, now):
            continue
        with transaction.atomic():
            if JobRun.objects.filter(pk=run.pk, status=JobStatus.RUNNING, worker=run.worker).update(
                status=JobStatus.QUEUED, stage="", worker=""
            ):
                DBTaskResult.objects.filter(id=run.task_id, status=TaskResultStatus.RUNNING).update(
                    status=TaskResultStatus.READY
                )
                recovered += 1
    return recovered


def claim(tasks=None) -> DBTaskResult | None:
    """Claim the first ready task (of ``tasks``, default: all) for this process, or None."""
    ready = (tasks if tasks is not None else DBTaskResult.objects.all()).ready()
    me, now = worker_name(), timezone.now()
    try:
        with exclusive_transaction(ready.db):
            result = ready.get_locked()
            if result is None:
                return None
            result.claim(me)
            JobRun.objects.filter(task_id=result.id).update(
                status=JobStatus.RUNNING,
                worker=me,
                started_at=now,
                heartbeat_at=now,
                attempts=F("attempts") + 1,
                stage="",
                error="",
            )
            return result
    except OperationalError as exc:
        if is_locked_database_exception(exc):  # another process is claiming: try again later
            return None
        raise


def run_claimed(result: DBTaskResult) -> bool:
    """Run a claimed task to its end; whether it succeeded."""
    try:
        job = result.task
        value = job.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
    except LostClaim:
        return True  # the process that took it over finishes it and records the outcome
    except Exception as exc:
        result.set_failed(exc)
        mine = JobRun.objects.filter(
            task_id=result.id, status=JobStatus.RUNNING, worker=worker_name()
        )
        mine.update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            error=f"jobbet fejlede ({type(exc).__name__})",
            exit_code=1,
        )
        return False
    result.set_successful(value)
    return True


def wait(run: JobRun, listener: Listener | None = None, poll: float = 0.2) -> JobRun:
    """Run the job in this process if it is still queued, else wait for the process that has
    it (passing its stored progress to ``listener``); the finished run."""
    if listener:
        _listeners[run.pk] = listener
    seen: tuple[str, int] | None = None
    try:
        while True:
            recover_stale()
            run.refresh_from_db()
            if run.finished:
                return run
            if run.status == JobStatus.QUEUED and run.task_id:
                result = claim(DBTaskResult.objects.filter(id=run.task_id))
                if result is not None:
                    run_claimed(result)
                    continue
            elif listener and (run.stage, run.done) != seen and run.stage:
                seen = (run.stage, run.done)
                listener(run.stage, run.done, run.total)
            time.sleep(poll)
            refresh_connections()
    finally:
        _listeners.pop(run.pk, None)
