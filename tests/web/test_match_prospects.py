"""Retraining prospects as an option in matching (docs/matching.md): off by default; on, a
retraining citizen's position in an occupation with good prospects in their RAR area (the
imported Arbejdsmarkedsbalance) is lifted by the weight's share of the distance to 1, in the
recommendations and in the municipal batch run; everyone else's scores stay as they were."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command

from fleksjob.citizens.models import BenefitSpell
from fleksjob.placements.batch import execute, request_run
from fleksjob.placements.matching import candidate_record, prospects_for, recommendations_for
from fleksjob.placements.models import MatchResult
from tests.factories import ApprovalFactory, PositionFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)
DATA = Path(__file__).resolve().parents[1] / "data" / "balance"


@pytest.fixture
def lejre(personas):
    """Lejre (350, RAR Sjælland, where the fixture balance has 5321 good and 5120 shortage):
    two citizens alike but for their purpose, positions in 5321, 5120 and 9112."""
    citizens = {}
    for goal in ("education", "progression"):
        case = ApprovalFactory(
            citizen__municipality_id="350",
            citizen__goal=goal,
            citizen__needs=[],
            citizen__occupations=["5322"],
            citizen__hours_min=5,
            citizen__hours_capacity=12,
            citizen__max_commute_km=200,
        )
        BenefitSpell.objects.create(
            citizen=case.citizen,
            approval=case,
            start=dt.date(2025, 1, 1),
            rate_category="dagpenge_89",
        )
        citizens[goal] = case.citizen
    positions = {
        code: PositionFactory(
            employer__municipality_id="350",
            occupation=code,
            provides=[],
            hours_min=5,
            hours_max=12,
            openings=1,
        )
        for code in ("5321", "5120", "9112")
    }
    call_command("import_prospects", str(DATA / "balance_semikolon.csv"))
    return citizens, positions


def _scores(citizen) -> dict[str, float]:
    return {str(r.position.occupation): r.match.score for r in recommendations_for(citizen, TODAY)}


def _on(settings, percent: int) -> None:
    settings.FLEKSJOB = {**settings.FLEKSJOB, "MATCH_PROSPECTS_PERCENT": percent}


def test_off_by_default(lejre, settings):
    citizens, _ = lejre
    assert settings.FLEKSJOB["MATCH_PROSPECTS_PERCENT"] == 0
    assert prospects_for("350") == ((), 0.0)
    record = candidate_record(citizens["education"], None, TODAY, prospects_for("350"))
    assert (record.prospects, record.prospects_weight) == ((), 0.0)
    assert not any(
        r.startswith("Omskoling")
        for rec in recommendations_for(citizens["education"], TODAY)
        for r in rec.match.reasons
    )


def test_recommendations_lift_only_the_retraining_citizen_s_good_occupations(lejre, settings):
    citizens, _ = lejre
    before = {goal: _scores(c) for goal, c in citizens.items()}
    _on(settings, 20)
    assert prospects_for("350") == (("5120", "5321"), 0.2)
    after = {goal: _scores(c) for goal, c in citizens.items()}
    assert after["progression"] == before["progression"]  # not retraining: unchanged
    for code, s in before["education"].items():
        lifted = s + 0.2 * (1 - s) if code in ("5321", "5120") else s
        assert after["education"][code] == pytest.approx(lifted, abs=2e-6)
    good = next(
        r
        for r in recommendations_for(citizens["education"], TODAY)
        if r.position.occupation == "5321"
    )
    assert any(r.startswith("Omskoling: faget har gode jobmuligheder") for r in good.match.reasons)


def test_the_batch_run_uses_the_option(lejre, settings):
    citizens, _ = lejre

    def scores(run):
        rows = MatchResult.objects.select_related("position").filter(run=run, rank__gt=0)
        return {(r.citizen_id, r.position.occupation): r.score for r in rows}

    first = execute(request_run("350"), TODAY)
    off = scores(first)
    _on(settings, 20)
    second = execute(request_run("350"), TODAY)
    assert first.pk != second.pk
    on = scores(second)
    assert set(on) == set(off) and (citizens["education"].pk, "5321") in off
    for (citizen, code), s in off.items():
        retraining = citizen == citizens["education"].pk and code in ("5321", "5120")
        assert on[(citizen, code)] == pytest.approx(
            s + 0.2 * (1 - s) if retraining else s, abs=2e-6
        )
