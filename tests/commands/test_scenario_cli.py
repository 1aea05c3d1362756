"""``fleksjob scenario`` run for real on a seeded database (synthetic Denmark, tiny): the JSON it
prints, zero change reproducing the baseline, a pool file, and clear errors with exit 2."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.commands.conftest import FLEKSJOB, seeded_sqlite

pytestmark = pytest.mark.slow  # seeds a database (seconds)

TODAY = "2026-10-15"
BASE = ["scenario", "--municipality", "751", "--from-year", "2024", "--years", "3"]


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    return seeded_sqlite(tmp_path_factory.mktemp("scenario"), seed=3, today=TODAY)[0]


def run(env, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([FLEKSJOB, *args], env=env, capture_output=True, text=True, timeout=300)


def scenario(env, *args: str) -> dict:
    done = run(env, *BASE, "--json", *args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_json_years_and_zero_change(env):
    base = scenario(env)
    assert [y["year"] for y in base["years"]] == [2024, 2025, 2026]
    for y in base["years"]:
        assert set(y) >= {
            "year",
            "placements",
            "on_ledighedsydelse",
            "gross_cost",
            "refusion",
            "net_cost",
            "low",
            "high",
        }
        assert y["low"] <= y["net_cost"] <= y["high"]
        assert y["gross_cost"] - y["refusion"] == y["net_cost"]
        assert 0.2 * y["gross_cost"] - 1 <= y["refusion"] <= 0.8 * y["gross_cost"]
    more = scenario(env, "--consultants-fte", "100")
    [lever] = more["levers"]
    assert lever["estimate"] is True and lever["n_units"] >= 20 and lever["se"] > 0
    same = scenario(env, "--consultants-fte", repr(lever["current"]), "--consultant-cost", "6e5")
    assert same["years"] == base["years"]  # no more consultants: no effect and no cost
    paid = scenario(env, "--consultants-fte", "100", "--consultant-cost", "600000")
    extra = (100 - lever["current"]) * 600_000
    for p, m in zip(paid["years"], more["years"], strict=True):
        assert abs(p["gross_cost"] - m["gross_cost"] - extra) <= 1
        assert p["refusion"] == m["refusion"]


def test_a_pool_file(env, tmp_path):
    pool = tmp_path / "pool.json"
    pool.write_text(
        json.dumps(
            {
                "kind": "midlertidig",
                "places": 5,
                "hourly_wage": 190,
                "hours_per_week": 15,
                "months": 12,
            }
        )
    )
    out = scenario(env, "--pool", str(pool))
    assert out["years"][0]["in_pool"] > 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--municipality", "999"], "ukendt kommunekode"),
        (["--years", "9"], "satstabellerne dækker"),
        (["--from-year", "2021"], "satstabellerne dækker"),
        (["--active-offer-share", "0.4"], "kan ikke skønnes"),
        (["--active-offer-share", "1.5"], "at most 1"),
        (["--consultants-fte", "0"], "above 0"),
        (["--pool", "/nonexistent/pool.json"], "kan ikke læses"),
        (["--consultant-cost", "500000"], "needs --consultants-fte"),
    ],
)
def test_bad_input_is_refused_with_exit_2(env, args, message):
    done = run(env, *BASE, *args, "--json")
    assert done.returncode == 2
    assert message in done.stderr
    assert done.stdout == ""
    assert "Traceback" not in done.stderr


def test_a_malformed_pool_file_names_the_field(env, tmp_path):
    pool = tmp_path / "pool.json"
    pool.write_text(json.dumps({"kind": "fuld_loen", "places": "many"}))
    done = run(env, *BASE, "--pool", str(pool))
    assert done.returncode == 2 and "field 'places'" in done.stderr


def test_the_table_without_json(env):
    done = run(env, *BASE, "--consultants-fte", "40")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Scenarie for kommune 751")
    assert [line.split()[0] for line in lines[2:5]] == ["2024", "2025", "2026"]
    assert lines[-1].startswith("Skøn:")  # the lever's effect, labelled as an estimate


def test_a_pool_record_of_the_municipality(env):
    """``--pool-id``: the municipality's own pool record as the lever, on the seeded database;
    another municipality's pool is "not found" as one that does not exist (exit 2)."""
    made = run(
        env,
        "manage",
        "shell",
        "-c",
        "from fleksjob.pools.models import Pool\n"
        "own = Pool.objects.create(municipality_id='751', name='Midlertidige job',"
        " kind='temporary', annual_cap=5_000_000, places=5)\n"
        "other = Pool.objects.create(municipality_id='101', name='Fuld løn',"
        " kind='full_wage', annual_cap=10**6, places=2)\n"
        "print('ids', own.pk, other.pk)",
    )
    assert made.returncode == 0, made.stderr
    own, other = made.stdout.split("ids")[-1].split()
    out = scenario(env, "--pool-id", own, "--pool-months", "6")
    assert out["years"][0]["in_pool"] > 0
    base = scenario(env)
    assert out["years"][0]["net_cost"] != base["years"][0]["net_cost"]
    for pk in (other, "999999"):
        done = run(env, *BASE, "--pool-id", pk, "--json")
        assert done.returncode == 2 and done.stdout == ""
        assert f"--pool-id {pk}: not found (municipality 751 has no pool with this id)" in (
            done.stderr
        )
