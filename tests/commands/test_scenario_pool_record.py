"""``fleksjob scenario --pool-id N``: one of the municipality's own pool records as the pool
lever, read by the same function as the page *Scenarier* (``pools.reading.scenario_pool``); a
pool of another municipality is "not found" exactly like one that does not exist (exit 2).

The scenario itself is replaced by a stand-in that keeps the levers it was given: what is tested
here is which pool reaches the engine (the engine's own tests are in tests/core/scenario/)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from django.utils import timezone

from fleksjob.accounts.models import Role, User
from fleksjob.cli import main
from fleksjob.core.scenario.pool import Pool as ScenarioPool
from fleksjob.core.versions import version_of
from fleksjob.pools.actions import apply_for_place, decide_application, place_in_pool_job, save_pool
from fleksjob.pools.reading import scenario_pool
from tests.factories import ApprovalFactory

pytestmark = pytest.mark.django_db

BASE = ["scenario", "--municipality", "350", "--from-year", "2024", "--years", "2", "--json"]


@pytest.fixture
def engine(monkeypatch):
    """Stands in for the scenario: records the levers and answers a fixed result."""
    seen: list = []

    def compute(code, from_year, years, levers, **kw):
        seen.append((code, levers))
        return SimpleNamespace(as_dict=lambda: {"municipality": code, "years": []})

    monkeypatch.setattr("fleksjob.economics.scenario.compute_scenario", compute)
    return seen


def _manager(code: str) -> User:
    return User.objects.create_user(f"leder.{code}", role=Role.MANAGER, municipality_id=code)


@pytest.fixture
def pools(personas):
    lejre = save_pool(
        _manager("350"), name="Lejres pulje", kind="temporary", annual_cap=2_000_000, places=4
    )
    other = save_pool(
        _manager("230"), name="Rudersdals pulje", kind="full_wage", annual_cap=10**6, places=2
    )
    return lejre, other


def _job(personas, pool, *, monthly_cost: int, hours: int) -> None:
    caseworker = personas["sagsbehandler.lejre"]
    citizen = ApprovalFactory(citizen__municipality_id="350").citizen
    applied = apply_for_place(caseworker, pool, citizen, motivation="Puljejob")
    granted = decide_application(
        personas["visitation.lejre"], applied, approve=True, expected_version=version_of(applied)
    )
    place_in_pool_job(
        caseworker,
        granted,
        workplace="Lejre Kommune",
        weekly_hours=hours,
        monthly_cost=monthly_cost,
        start=timezone.localdate(),
    )


def test_a_pool_record_is_the_lever_the_page_reads(engine, pools, personas, capsys):
    lejre, _other = pools
    # Two open pool jobs: 20,000 kr at 10 hours and 26,000 kr at 20 hours a week.
    _job(personas, lejre, monthly_cost=20_000, hours=10)
    _job(personas, lejre, monthly_cost=26_000, hours=20)
    assert main([*BASE, "--pool-id", str(lejre.pk), "--pool-months", "9"]) == 0
    assert json.loads(capsys.readouterr().out)["municipality"] == "350"
    [(code, levers)] = engine
    # By hand: 46,000 kr a month for 30 hours a week (× 52/12 weeks a month); 15 hours on average.
    pool = levers.pool
    assert code == "350"
    assert (pool.kind, pool.places, pool.hours_per_week, pool.months, pool.annual_cap) == (
        "midlertidig",
        4,
        15.0,
        9.0,
        2_000_000.0,
    )
    assert pool.hourly_wage == pytest.approx(46_000 / (30 * 52 / 12))
    # The page's reading of the same record with the same terms gives the same lever.
    assert levers.pool == scenario_pool(lejre, months=9)


def test_a_pool_without_jobs_takes_the_given_wage_and_hours(engine, pools):
    lejre, _other = pools
    args = ["--pool-id", str(lejre.pk), "--pool-hourly-wage", "200", "--pool-hours", "12"]
    assert main([*BASE, *args]) == 0
    [(_code, levers)] = engine
    assert levers.pool == ScenarioPool("midlertidig", 4, 200.0, 12.0, 12.0, 2_000_000.0)
    engine.clear()
    assert main([*BASE, "--pool-id", str(lejre.pk)]) == 0  # the page's defaults
    assert engine[0][1].pool == ScenarioPool("midlertidig", 4, 190.0, 15.0, 12.0, 2_000_000.0)


def test_another_municipalitys_pool_is_not_found_like_none(engine, pools, capsys):
    _lejre, other = pools
    missing = other.pk + 1000
    messages = []
    for pk in (other.pk, missing):
        assert main([*BASE, "--pool-id", str(pk)]) == 2
        out, err = capsys.readouterr()
        assert out == "" and "Traceback" not in err
        assert f"--pool-id {pk}: not found (municipality 350 has no pool with this id)" in err
        messages.append(err.replace(str(pk), "N"))
    assert messages[0] == messages[1]  # nothing tells the other municipality's pool apart
    assert "Rudersdal" not in "".join(messages)
    assert engine == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--pool-id", "abc"], "expected a record id"),
        (["--pool-id", "0"], "expected a record id"),
        (["--pool-id", str(2**63)], "expected a record id"),
        (["--pool-id", "1", "--pool", "pulje.json"], "not allowed with argument"),
        (["--pool-id", "1", "--pool-hours", "40"], "at most 37"),
    ],
)
def test_malformed_pool_ids_exit_2(engine, args, message, capsys):
    with pytest.raises(SystemExit) as stopped:
        main([*BASE, *args])
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err
    assert engine == []


def test_pool_terms_need_a_pool_id(engine, capsys):
    assert main([*BASE, "--pool-hours", "12"]) == 2
    assert "need --pool-id" in capsys.readouterr().err
    assert engine == []
