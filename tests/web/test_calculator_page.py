"""The hours calculator page: the engine's table, the 55 % kink, and clear errors."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_calculator_shows_every_hour_and_the_kink(login):
    client = login("konsulent.aarhus")
    response = client.get(
        "/beregner/",
        {"on": "2024-05-01", "hourly_wage": "180", "pension_pct": "0", "fulltime_hours": "37"},
    )
    assert response.status_code == 200
    table = response.context["table"]
    assert [r["hours_per_week"] for r in table.rows] == list(range(1, 38))
    # Hand check, 2024 (T = 16,323 kr/month): wage per weekly hour = 180 × 52/12 = 780 kr/month,
    # so the first whole hour above T is ceil(16,323 / 780) = 21 (20.93 hours).
    assert table.kink_hours == 21
    assert 'data-testid="kink"' in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"on": "2019-01-01", "hourly_wage": "180", "pension_pct": "0", "fulltime_hours": "37"},
            "ingen satser før 2022",
        ),
        (
            {"on": "2025-01-01", "hourly_wage": "-3", "pension_pct": "0", "fulltime_hours": "37"},
            "Timeløn",
        ),
        (
            {"on": "9999-06-01", "hourly_wage": "180", "pension_pct": "0", "fulltime_hours": "37"},
            "Datoen skal ligge mellem 1900-01-01 og 2100-12-31",
        ),
    ],
)
def test_bad_input_is_422_with_the_reason(login, params, message):
    response = login("sagsbehandler.lejre").get("/beregner/", params)
    assert response.status_code == 422
    assert message in response.content.decode()


def test_default_opens_with_today_s_rates(login):
    response = login("leder.rudersdal").get("/beregner/")
    assert response.status_code == 200 and response.context["table"].rows
