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


AFTER_TAX = {
    "on": "2025-06-01",
    "hourly_wage": "200",
    "pension_pct": "0",
    "fulltime_hours": "37",
    "municipality": "350",
    "church_member": "on",
}


def test_after_tax_columns_match_the_hand_worked_example(login):
    """tests/core/rules/test_income_tax.py works this case by hand: 20 hours a week in Lejre
    2025, church member: 249.267,3308 / 12 = 20.772,28 kr. a month after tax; the full
    ledighedsydelse after tax 158.629,1232 / 12 = 13.219,09 kr."""
    response = login("konsulent.aarhus").get("/beregner/", AFTER_TAX)
    assert response.status_code == 200
    row = response.context["rows"][19]
    assert row["net_income"] == pytest.approx(20772.28, abs=0.01)
    html = response.content.decode()
    # Danish number formats: thousands with a dot, decimals with a comma.
    assert "<td>20.772</td>" in html
    assert "13.219 kr." in html
    assert "kommuneskat 25,31 %" in html and "kirkeskat 1,05 %" in html
    assert "Danmarks Statistik, tabel PSKAT" in html
    assert 'href="https://www.statistikbanken.dk/PSKAT"' in html and "2024-12-17" in html
    assert 'data-testid="average-rate"' not in html
    assert "Effektiv marginalskat" in html and 'data-testid="tax-notes"' in html
    # One more hour from 1 to 2 keeps 1 − 30 % of the wage before tax; the rate is shown in %.
    assert f"{row['effective_marginal_rate'] * 100:.1f} %".replace(".", ",") in html


def test_default_is_the_user_s_own_municipality(login):
    response = login("sagsbehandler.lejre").get("/beregner/")
    assert response.status_code == 200
    assert response.context["form"]["municipality"].value() == "350"
    assert response.context["tax"]["municipality"]["code"] == "350"
    assert "net_income" in response.context["rows"][0]


def test_municipality_without_its_own_rate_says_the_average_is_used(login):
    response = login("konsulent.aarhus").get("/beregner/", {**AFTER_TAX, "municipality": "751"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="average-rate"' in html and "landsgennemsnittet" in html
    assert "kommuneskat 25,07 %" in html  # 25,068 % shown with two decimals


def test_own_kommuneskat_with_the_average_church_rate_says_so(login):
    params = {**AFTER_TAX, "municipality": "101", "on": "2026-03-01"}
    response = login("konsulent.aarhus").get("/beregner/", params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "kommuneskat 23,39 %" in html and "kirkeskat 0,87 %" in html
    assert 'data-testid="average-church-rate"' in html
    assert 'data-testid="average-rate"' not in html


def test_without_a_municipality_the_page_shows_gross_only(login):
    response = login("konsulent.aarhus").get("/beregner/", {**AFTER_TAX, "municipality": ""})
    assert response.status_code == 422  # church member without a municipality
    assert "kirkeskatten afhænger af kommunen" in response.content.decode()
    params = {k: v for k, v in AFTER_TAX.items() if k != "church_member"}
    response = login("konsulent.aarhus").get("/beregner/", {**params, "municipality": ""})
    assert response.status_code == 200 and response.context["tax"] is None
    assert "Effektiv marginalskat" not in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"municipality": "999"}, "Vælg en af de 98 kommuner"),
        ({"municipality": "<b>x</b>"}, "Vælg en af de 98 kommuner"),
        ({"on": "2024-06-01"}, "ingen skattesatser for indkomståret"),
    ],
)
def test_bad_municipality_or_year_without_tax_is_422(login, params, message):
    response = login("sagsbehandler.lejre").get("/beregner/", {**AFTER_TAX, **params})
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html and "<b>x</b>" not in html and "ikke en af de tilgængelige" not in html


def test_after_tax_page_in_english(login):
    client = login("konsulent.aarhus")
    response = client.get("/beregner/", AFTER_TAX, headers={"accept-language": "en"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Effective marginal rate" in html and "Effektiv marginalskat" not in html
    assert "Member of the Church of Denmark" in html
