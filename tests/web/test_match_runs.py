"""Municipal batch matching: requested once, executed by the worker, results stored and shown."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from fleksjob.citizens.models import BenefitSpell
from fleksjob.jobs.models import JobRun
from fleksjob.jobs.runner import claim, run_claimed, wait
from fleksjob.placements import batch
from fleksjob.placements.batch import execute, request_run
from fleksjob.placements.models import MatchResult, MatchRun
from fleksjob.placements.tasks import queue_match_run
from tests.factories import ApprovalFactory, PositionFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def lejre(personas):
    citizens = []
    for i in range(6):
        a = ApprovalFactory(
            citizen__municipality_id="350",
            citizen__needs=["extra_breaks"],
            citizen__hours_min=5,
            citizen__hours_capacity=12,
        )
        BenefitSpell.objects.create(
            citizen=a.citizen,
            approval=a,
            start=dt.date(2024 + i % 2, 1, 1),
            rate_category="dagpenge_89",
        )
        citizens.append(a.citizen)
    positions = [
        PositionFactory(
            employer__municipality_id="350",
            openings=2,
            provides=["extra_breaks"],
            hours_min=8,
            hours_max=15,
        )
        for _ in range(2)
    ]
    PositionFactory(employer__municipality_id="350", provides=[])  # infeasible for everyone
    return citizens, positions


def test_requesting_twice_gives_the_same_run(lejre, personas):
    first = request_run("350", personas["sagsbehandler.lejre"])
    assert request_run("350") == first and MatchRun.objects.count() == 1


def test_a_run_stores_recommendations_and_a_feasible_assignment(lejre):
    _, positions = lejre
    done = execute(request_run("350"), TODAY)
    assert done.status == "done" and done.seconds is not None
    assert (done.candidates, done.positions) == (6, 3)
    assigned = MatchResult.objects.filter(run=done, assigned=True)
    # 2 positions × 2 openings for 6 feasible citizens: exactly 4 placed, each citizen once.
    assert assigned.count() == done.placements == 4
    assert max(Counter(assigned.values_list("citizen", flat=True)).values()) == 1
    assert set(assigned.values_list("position", flat=True)) == {p.pk for p in positions}
    # The infeasible position is never recommended.
    assert not MatchResult.objects.filter(run=done).exclude(position__in=positions).exists()
    again = execute(request_run("350"), TODAY)
    assert list(MatchRun.objects.values_list("pk", flat=True)) == [again.pk]  # older run removed


def test_a_run_a_killed_attempt_left_running_starts_over(lejre):
    match_run = request_run("350")
    MatchRun.objects.filter(pk=match_run.pk).update(status="running", stage="gemmer")
    done = execute(match_run, TODAY)
    assert done.status == "done" and MatchResult.objects.filter(assigned=True).count() == 4
    assert execute(done, TODAY) == done  # a finished run is not run again
    assert MatchResult.objects.filter(assigned=True).count() == 4


def test_worker_command_and_page(lejre, login, capsys):
    client = login("sagsbehandler.lejre")
    assert client.post("/match-forslag/koersler/").status_code == 302
    poll = client.get("/match-forslag/koersler/?poll=1", headers={"HX-Request": "true"})
    assert "run-active" in poll.content.decode()
    call_command("match_run", "--pending")
    assert "350: done" in capsys.readouterr().out
    page = client.get("/match-forslag/koersler/")
    assert page.context["latest"].placements == 4 and len(page.context["page_obj"]) == 4
    other = login("sagsbehandler.rudersdal").get("/match-forslag/koersler/")
    assert other.context["latest"] is None
    with pytest.raises(CommandError, match="ukendt kommunekode"):
        call_command("match_run", "--municipality", "999")


def test_a_process_whose_job_was_taken_over_writes_nothing(lejre, monkeypatch):
    job = queue_match_run(request_run("350"), today=TODAY)
    other = "another-host:4242"
    stage = batch._stage

    def taken_over_while_matching(match_run, name, progress) -> None:
        stage(match_run, name, progress)
        if name == "gemmer":  # its lease ran out: another host's worker has claimed the job
            JobRun.objects.filter(pk=job.pk).update(worker=other, heartbeat_at=timezone.now())

    monkeypatch.setattr(batch, "_stage", taken_over_while_matching)
    assert run_claimed(claim()) is True  # not a failure: the job is in the other's hands
    assert not MatchResult.objects.exists()
    job.refresh_from_db()
    assert (job.status, job.worker) == ("running", other)  # the other's claim is untouched
    assert MatchRun.objects.get().status == "running"

    monkeypatch.setattr(batch, "_stage", stage)
    JobRun.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - dt.timedelta(days=1))
    assert wait(job).status == "done"  # the other died too: the job is claimed and finished
    assert MatchResult.objects.filter(assigned=True).count() == 4


def test_two_jobs_for_one_run_store_its_results_once(lejre):
    match_run = request_run("350")
    first = queue_match_run(match_run, today=TODAY)
    second = queue_match_run(match_run, today=TODAY + dt.timedelta(days=1))
    assert first != second
    assert wait(first).status == wait(second).status == "done"
    assert MatchResult.objects.filter(assigned=True).count() == 4
