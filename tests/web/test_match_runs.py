"""Municipal batch matching: requested once, executed by the worker, results stored and shown."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from fleksjob.citizens.models import BenefitSpell
from fleksjob.placements.batch import _claim, execute, request_run, requeue_stale
from fleksjob.placements.models import MatchResult, MatchRun
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


def test_a_killed_worker_s_run_is_requeued(lejre):
    match_run = request_run("350")
    MatchRun.objects.filter(pk=match_run.pk).update(
        status="running", started_at=timezone.now() - dt.timedelta(hours=3)
    )
    assert requeue_stale() == 1
    assert execute(MatchRun.objects.get(pk=match_run.pk), TODAY).status == "done"


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


def test_a_worker_whose_run_was_taken_over_writes_nothing(lejre):
    match_run = request_run("350")

    def taken_over_while_matching(stage: str) -> None:
        if stage == "gemmer":  # another worker takes the run over just before this one saves
            assert _claim(match_run, takeover=True) is not None

    result = execute(match_run, TODAY, taken_over_while_matching)
    assert result.status == "running"  # the other worker's claim stands
    assert not MatchResult.objects.exists()
    assert execute(result, TODAY).status == "running"  # without takeover, a running run is left
    assert execute(result, TODAY, takeover=True).status == "done"
    assert MatchResult.objects.filter(run=result, assigned=True).count() == 4
