"""The calculators over the API agree with the CLI (one engine, two shells); bad input is 422."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from fleksjob.accounts.models import ApiToken

pytestmark = pytest.mark.django_db
FLEKSJOB = Path(sys.executable).with_name("fleksjob")


@pytest.fixture
def api(personas):
    token = ApiToken.issue(personas["konsulent.aarhus"])[1]

    def get(path, **params):
        return Client().get(
            f"/api/v1/calc/{path}", params, headers={"Authorization": f"Bearer {token}"}
        )

    return get


def _cli(*args):
    out = subprocess.run(
        [str(FLEKSJOB), "calc", *args, "--json"], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_hours_and_subsidy_match_the_cli(api):
    response = api("hours", year=2025, hourly_wage=200, pension_pct=12)
    assert response.status_code == 200
    cli = _cli("hours", "--year", "2025", "--hourly-wage", "200", "--pension-pct", "12")
    assert (
        response.json()["rows"] == cli["rows"]
        and response.json()["kink_hours"] == cli["kink_hours"]
    )
    sub = api("subsidy", date="2024-06-01", wage_income=10000, wage_ceiling=30000).json()
    cli = _cli(
        "subsidy", "--date", "2024-06-01", "--wage-income", "10000", "--wage-ceiling", "30000"
    )
    assert sub == {k: v for k, v in cli.items() if k not in ("date", "year")}
    # Hand check (2024: max 19,952, T 16,323): 19,952 − 0.30 × 10,000 = 16,952.
    assert sub["subsidy"] == pytest.approx(16952)


def test_hours_after_tax_match_the_cli_and_the_hand_figures(api):
    params = {"year": 2025, "hourly_wage": 200, "municipality": "350", "church_member": "true"}
    body = api("hours", **params).json()
    cli = _cli(
        "hours", "--year", "2025", "--hourly-wage", "200", "--municipality", "350", "--church"
    )
    assert body["rows"] == cli["rows"] and body["tax"] == cli["tax"]
    # Hand-worked in tests/core/rules/test_income_tax.py: 249.267,3308 / 12 at 20 hours.
    assert body["rows"][19]["net_income"] == pytest.approx(20772.28, abs=0.01)
    assert body["tax"]["ledighedsydelse"]["net_income"] == pytest.approx(13219.09, abs=0.01)
    assert "net_income" not in api("hours", year=2025, hourly_wage=200).json()["rows"][0]


@pytest.mark.parametrize(
    ("path", "params", "message"),
    [
        ("hours", {"year": 2025, "hourly_wage": 200, "municipality": "999"}, "kommunekode"),
        ("hours", {"year": 2025, "hourly_wage": 200, "municipality": "12345"}, "kommunekode"),
        ("hours", {"year": 2024, "hourly_wage": 200, "municipality": "350"}, "skattesatser"),
        ("hours", {"year": 2025, "hourly_wage": 200, "church_member": True}, "municipality"),
        ("hours", {"year": 2019, "hourly_wage": 200}, "ingen satser før 2022"),
        ("hours", {"year": 2025, "hourly_wage": -5}, "hourly_wage"),
        ("subsidy", {"wage_income": 1000}, "year eller date"),
        ("deadlines", {}, "first_fleksjob_start"),
    ],
)
def test_bad_input_is_422_with_a_reason(api, path, params, message):
    response = api(path, **params)
    assert response.status_code == 422
    assert message in json.dumps(response.json(), ensure_ascii=False)


def test_tax_rates_match_the_cli(api):
    body = api("tax-rates", year=2026, municipality="101").json()
    cli = _cli("tax-rates", "--year", "2026", "--municipality", "101")
    assert body == {k: v for k, v in cli.items() if k != "year"} | {"year": 2026}
    # København 2026: its own kommuneskat, the average kirkeskat (its own is not in the data).
    assert body["municipality"]["own_rate"] is True
    assert body["municipality"]["own_church_rate"] is False
    assert api("tax-rates", year=2024).status_code == 422
    bad = api("tax-rates", year=2025, municipality="x").json()
    assert [e["field"] for e in bad["errors"]] == ["municipality"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"municipality": "999"}, "municipality"),
        ({"municipality": "Lejre"}, "municipality"),
        ({"church_member": "true"}, "church_member"),
    ],
)
def test_bad_municipality_names_the_field_not_the_value(api, params, field):
    body = api("hours", year=2025, hourly_wage=200, **params).json()
    assert [e["field"] for e in body["errors"]] == [field]
    assert "Lejre" not in json.dumps(body, ensure_ascii=False)


def test_deadlines_move_to_working_days_and_login_is_required(api):
    body = api("deadlines", first_fleksjob_start="2021-04-05").json()
    review = next(d for d in body["deadlines"] if d["key"] == "review")
    # 4½ years after 5 Apr 2021 is Sunday 5 Oct 2025, moved to Monday 6 Oct.
    assert (review["calendar_date"], review["due"]) == ("2025-10-05", "2025-10-06")
    assert Client().get("/api/v1/calc/rates", {"year": 2025}).status_code == 401
