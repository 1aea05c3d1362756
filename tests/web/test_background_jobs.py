"""Background jobs: one run record and one claim for every job (fleksjob.jobs)."""

from __future__ import annotations

import io
import os

import pytest
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult

from fleksjob.jobs.models import JobRun
from fleksjob.jobs.runner import (
    JobRefused,
    background_job,
    enqueue,
    progress,
    recover_stale,
    wait,
    worker_name,
)
from fleksjob.jobs.worker import Worker
from fleksjob.placements.tasks import request_match_run

pytestmark = pytest.mark.django_db
CALLS: list[int] = []


@background_job("test: tæller", {"n": "antal"})
def count_to(n: int) -> dict:
    for i in range(1, n + 1):
        progress("tæller", i, n)
    CALLS.append(n)
    return {"n": n}


@background_job("test: fejler")
def fails(secret: str) -> dict:
    raise ValueError(f"CPR {secret}")  # a message that must never be stored


@background_job("test: afviser")
def refuses() -> dict:
    raise JobRefused("filen passer ikke")


@pytest.fixture(autouse=True)
def _calls():
    CALLS.clear()


def test_the_same_job_requested_twice_is_one_run_and_runs_once():
    first = enqueue(count_to, {"n": 3})
    assert enqueue(count_to, {"n": 3}) == first
    assert enqueue(count_to, {"n": 4}) != first
    done = wait(first)
    assert done.status == "done" and done.counts == {"n": 3} and done.attempts == 1
    assert done.finished_at and done.worker == worker_name()
    assert DBTaskResult.objects.get(id=done.task_id).status == "SUCCESSFUL"
    assert wait(first).attempts == 1 and CALLS == [3]  # waiting again runs nothing
    assert enqueue(count_to, {"n": 3}) != first  # a finished job may be requested again


def test_progress_reaches_the_listener_and_the_run():
    heard = []
    done = wait(enqueue(count_to, {"n": 2}), lambda *line: heard.append(line))
    assert heard == [("tæller", 1, 2), ("tæller", 2, 2)]
    assert done.total == 2 and done.done in (1, 2)  # stored at most once a second per stage


def test_a_failed_job_stores_the_exception_class_never_its_message():
    done = wait(enqueue(fails, {"secret": "0101701234"}))
    assert done.status == "failed" and done.exit_code == 1
    assert done.error == "jobbet fejlede (ValueError)"
    task = DBTaskResult.objects.get(id=done.task_id)
    assert task.status == "FAILED" and "0101701234" not in task.traceback


def test_a_refusal_is_shown_with_exit_code_2():
    done = wait(enqueue(refuses))
    assert (done.status, done.error, done.exit_code) == ("failed", "filen passer ikke", 2)


def test_a_job_whose_process_is_gone_is_claimed_again_and_finishes_once():
    run = enqueue(count_to, {"n": 5})
    DBTaskResult.objects.filter(id=run.task_id).update(status="RUNNING")
    dead = f"{worker_name().rpartition(':')[0]}:{2**22 + 1}"  # above Linux's largest pid
    JobRun.objects.filter(pk=run.pk).update(status="running", worker=dead, attempts=1)
    alive = enqueue(count_to, {"n": 6})
    DBTaskResult.objects.filter(id=alive.task_id).update(status="RUNNING")
    JobRun.objects.filter(pk=alive.pk).update(status="running", worker=worker_name())
    assert recover_stale() == 1  # this process is alive: its job is left alone
    assert JobRun.objects.get(pk=run.pk).status == "queued"
    done = wait(run)
    assert done.status == "done" and done.attempts == 2 and CALLS == [5]


def test_the_worker_runs_the_queue_once_or_until_empty():
    for n in (1, 2, 3):
        enqueue(count_to, {"n": n})
    once = Worker(once=True)
    assert once.run() == 0 and once.ran == 1
    batch = Worker(batch=True)
    assert batch.run() == 0 and batch.ran == 2
    assert sorted(CALLS) == [1, 2, 3]
    assert set(JobRun.objects.values_list("status", flat=True)) == {"done"}
    enqueue(refuses)
    assert Worker(batch=True).run() == 1  # a failed job: exit status 1


def test_a_worker_started_by_a_process_that_is_gone_stops():
    enqueue(count_to, {"n": 1})
    orphan = Worker(parent=os.getppid() + 1)  # not our parent: as if the demo had exited
    assert orphan.run() == 0 and orphan.ran == 0 and CALLS == []
    assert Worker(parent=os.getppid(), once=True).run() == 0 and CALLS == [1]


def test_commands_queue_without_waiting_and_the_worker_runs_them(personas):
    out = io.StringIO()
    call_command("send_reminders", "--no-wait", stdout=out)
    assert "i kø" in out.getvalue() and "sendt" not in out.getvalue()
    run = JobRun.objects.get()
    assert run.kind == "send_reminders" and run.status == "queued"
    out = io.StringIO()
    call_command("worker", "--batch", stdout=out)
    assert "send_reminders: færdig" in out.getvalue()
    assert JobRun.objects.get().status == "done"
    with pytest.raises(CommandError) as bad:
        call_command("worker", "--interval", "0")
    assert bad.value.returncode == 2


def test_a_refused_job_ends_its_command_with_exit_code_2(tmp_path):
    bad = tmp_path / "y08a02.csv"
    bad.write_text("Område;Periode;Antal\nAtlantis;2025M01;4\n")
    with pytest.raises(CommandError) as error:
        call_command("import_jobindsats", "--table", "Y08A02", str(bad))
    assert error.value.returncode == 2 and "intet er importeret" in str(error.value)
    assert JobRun.objects.get().status == "failed"


def test_managers_see_their_municipality_s_jobs_and_the_national_ones(personas, login):
    request_match_run("350", personas["sagsbehandler.lejre"])
    request_match_run("230", personas["sagsbehandler.rudersdal"])
    wait(enqueue(count_to, {"n": 1}))
    page = login("leder.rudersdal").get("/baggrundsjob/")
    assert page.status_code == 200
    rows = page.context["rows"]
    assert [(r["run"].kind, r["run"].municipality_id) for r in rows] == [
        ("count_to", None),
        ("match_run", "230"),
    ]
    html = page.content.decode()
    assert "Matchkørsel" in html and "sagsbehandler.rudersdal" in html and "antal: 1" in html
    assert "sagsbehandler.lejre" not in html
    assert login("sagsbehandler.rudersdal").get("/baggrundsjob/").status_code == 403
