"""Net income after tax, checked against figures worked by hand from the published parameters.

Every expected figure below is computed in the test with its arithmetic written out, from the
sourced parameters (2025: AM-bidrag 8 %, personfradrag 51.600, bundskat 12,01 %, topskat 15 %
over 611.800, beskæftigelsesfradrag 12,30 % højst 55.600, jobfradrag 4,5 % over 224.500 højst
2.900; Lejre 25,31 % + kirkeskat 1,05 %, Rudersdal 23,52 %; fleksløntilskud 2025: max 20.670,
T 16.911; ATP: lønmodtagerens andel 66 kr. ved 78–116 timer/md, 5 % af tilskuddet højst 500 kr.),
never with the module's own helpers.
"""

from __future__ import annotations

import itertools
import json
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fleksjob.core.rules import income_by_hours
from fleksjob.core.rules.income_tax import (
    LocalRates,
    MonthIncome,
    TaxNotCovered,
    UnknownMunicipality,
    effective_bracket_rates,
    local_rates,
    municipal_rates,
    net_month,
    tax_rules_for,
)
from fleksjob.core.rules.rates import RatesNotCovered
from fleksjob.reference import municipalities

T2025, T2026 = tax_rules_for(2025), tax_rules_for(2026)
LEJRE, RUDERSDAL = local_rates(T2025, "350"), local_rates(T2025, "230")


def test_worked_example_fleksjob_20_hours_lejre_2025_church_member():
    """200 kr./time, ingen pension, 20 timer/uge, fuld tid 37, Lejre 2025, medlem af folkekirken.

    Per month: wage 200 × 20 × 52/12 = 17.333,33; subsidy before the ceiling
    20.670 − 0,30 × 16.911 − 0,55 × (17.333,33 − 16.911) = 15.364,42, but the ceiling
    200 × 37 × 52/12 = 32.066,67 leaves 32.066,67 − 17.333,33 = 14.733,33 (= 200 × 17 × 52/12).
    Hours per month 20 × 52/12 = 86,7 → ordinary ATP (employee) 66; ATP on the subsidy
    min(5 % × 14.733,33, 500) = 500.

    Per year: wage 208.000, subsidy 176.800, ATP 792 + 6.000.
    AM-bidrag 8 % × (208.000 − 792) = 16.576,64.
    Personal income (208.000 − 792 − 16.576,64) + (176.800 − 6.000) = 361.431,36.
    Beskæftigelsesfradrag 12,3 % × 207.208 = 25.486,584; jobfradrag 0 (207.208 < 224.500).
    Taxable 361.431,36 − 25.486,584 = 335.944,776.
    Kommuneskat 25,31 % × (335.944,776 − 51.600) = 71.967,6628
    Kirkeskat    1,05 % × 284.344,776           =  2.985,6201
    Bundskat    12,01 % × (361.431,36 − 51.600) = 37.210,7463
    Topskat 0 (under 611.800). Tax 112.164,0292.
    Net 361.431,36 − 112.164,0292 = 249.267,3308 a year = 20.772,28 a month.
    """
    table = income_by_hours(2025, 200, 0, 37, municipality="350", church_member=True)
    row = table.rows[19]
    assert row["hours_per_week"] == 20
    assert row["subsidy"] == pytest.approx(14733.33, abs=0.01)
    assert row["atp"] == pytest.approx(566)
    assert row["am_bidrag"] == pytest.approx(16576.64 / 12, abs=0.01)
    assert row["income_tax"] == pytest.approx(112164.0292 / 12, abs=0.01)
    assert row["net_income"] == pytest.approx(249267.3308 / 12, abs=0.01)
    assert table.tax["municipality"]["own_rate"] is True


def test_worked_example_topskat_rudersdal_2025_no_church():
    """Wage 60.000 kr./md (no ATP, no pension), Rudersdal 23,52 %, not a member.
    Year: 720.000; AM 57.600; personal income 662.400.
    Beskæftigelsesfradrag min(12,3 % × 720.000 = 88.560, 55.600) = 55.600;
    jobfradrag min(4,5 % × (720.000 − 224.500) = 22.297,5, 2.900) = 2.900.
    Taxable 662.400 − 58.500 = 603.900.
    Kommuneskat 23,52 % × (603.900 − 51.600) = 129.900,96
    Bundskat    12,01 % × (662.400 − 51.600) =  73.357,08
    Topskat     15 % × (662.400 − 611.800)   =   7.590 (23,52 + 12,01 + 15 = 50,53 % < 52,07 %)
    Tax 210.848,04; net 662.400 − 210.848,04 = 451.551,96 a year."""
    month = net_month(T2025, RUDERSDAL, False, MonthIncome(wage=60000))
    assert month.beskaeftigelsesfradrag * 12 == pytest.approx(55600)
    assert month.jobfradrag * 12 == pytest.approx(2900)
    assert month.state_brackets["topskat"] * 12 == pytest.approx(7590)
    assert month.kirkeskat == 0
    assert month.income_tax * 12 == pytest.approx(210848.04)
    assert month.net_income * 12 == pytest.approx(451551.96)


def test_low_income_pays_no_tax_and_unused_personfradrag_is_lost():
    """Wage 3.000 kr./md: year 36.000, AM 2.880, personal income 33.120 < 51.600: no tax,
    net = 33.120 / 12 = 2.760."""
    month = net_month(T2025, LEJRE, True, MonthIncome(wage=3000))
    assert month.income_tax == 0
    assert month.net_income == pytest.approx(2760)


def test_unused_personfradrag_in_kommuneskat_is_set_off_against_bundskat():
    """Wage 63.000 kr./year (5.250 kr./md), Lejre, not a member:
    AM 5.040; personal income 57.960; beskæftigelsesfradrag 12,3 % × 63.000 = 7.749;
    taxable 50.211 < 51.600: kommuneskat's unused value 25,31 % × (51.600 − 50.211) = 351,5559.
    Bundskat 12,01 % × (57.960 − 51.600) = 763,836, less 351,5559 = 412,2801 (PSL § 10)."""
    month = net_month(T2025, LEJRE, False, MonthIncome(wage=63000 / 12))
    assert month.kommuneskat == 0
    assert month.bundskat * 12 == pytest.approx(412.2801)
    assert month.income_tax * 12 == pytest.approx(412.2801)
    assert month.personfradrag_unused == 0


def test_ledighedsydelse_has_no_am_bidrag_and_no_beskaeftigelsesfradrag():
    """Full ledighedsydelse 2025: 89 % × 21.092 = 18.772 kr./md = 225.264 a year, Lejre, member.
    Personal income = taxable income = 225.264 (no AM-bidrag, no deductions).
    Kommuneskat 25,31 % × (225.264 − 51.600) = 43.954,3584; kirkeskat 1,05 % × 173.664 = 1.823,472;
    bundskat 12,01 % × 173.664 = 20.857,0464. Tax 66.634,8768; net 158.629,1232 a year."""
    table = income_by_hours(2025, 200, 0, 37, municipality="350", church_member=True)
    benefit = table.tax["ledighedsydelse"]
    assert benefit["gross"] == 18772
    assert benefit["income_tax"] == pytest.approx(66634.8768 / 12, abs=0.01)
    assert benefit["net_income"] == pytest.approx(158629.1232 / 12, abs=0.01)
    row = table.rows[19]
    assert row["net_gain_vs_ledighedsydelse"] == pytest.approx(
        (249267.3308 - 158629.1232) / 12, abs=0.01
    )


def test_skatteloft_cuts_the_state_brackets():
    """2025, Lejre 25,31 %: topskat at most 52,07 − 25,31 − 12,01 = 14,75 %.
    2026 with a kommuneskat of 26 %: mellemskat 44,57 − 26 − 12,01 = 6,56 %; topskat
    52,07 − 26 − 12,01 − 6,56 = 7,5 % (full); top-topskat 57,07 − 52,07 = 5 % (full)."""
    assert effective_bracket_rates(T2025, 0.2531) == pytest.approx((0.1475,))
    assert effective_bracket_rates(T2026, 0.26) == pytest.approx((0.0656, 0.075, 0.05))
    assert effective_bracket_rates(T2025, 0.2352) == pytest.approx((0.15,))


def test_marginal_net_gain_and_effective_rate_per_weekly_hour():
    table = income_by_hours(2025, 180, 12, 37, municipality="101", church_member=False)
    rows = table.rows
    assert rows[0]["marginal_net_gain"] is None and rows[0]["effective_marginal_rate"] is None
    hour_pay = 180 * 52 / 12  # one more weekly hour's wage before pension, per month
    for before, row in itertools.pairwise(rows):
        gain = row["net_income"] - before["net_income"]
        assert row["marginal_net_gain"] == pytest.approx(gain, abs=0.011)
        assert row["effective_marginal_rate"] == pytest.approx(1 - gain / hour_pay, abs=1e-4)
        # The subsidy falls by at least 30 % of each extra krone, so no hour keeps more than 70 %.
        assert row["effective_marginal_rate"] > 0.3
    # Without a municipality the table keeps its old shape.
    plain = income_by_hours(2025, 180, 12, 37)
    assert "net_income" not in plain.rows[0] and "tax" not in plain.as_dict()


def test_church_member_pays_the_municipality_s_church_rate():
    """Lejre 2025: kirkeskat 1,05 % of (taxable − personfradrag); the member's net is lower by
    exactly that amount."""
    income = MonthIncome(wage=25000, atp_ordinary=99)
    member = net_month(T2025, LEJRE, True, income)
    other = net_month(T2025, LEJRE, False, income)
    expected = 0.0105 * (member.taxable_income * 12 - 51600) / 12
    assert other.net_income - member.net_income == pytest.approx(expected)


def test_municipality_without_its_own_rate_uses_the_average_and_says_so():
    aarhus = local_rates(T2025, "751")
    assert (aarhus.kommuneskat, aarhus.kirkeskat) == (0.25068, 0.0087)
    assert not aarhus.own_rate and "landsgennemsnittet" in aarhus.note
    assert not local_rates(T2026, "751").own_rate
    assert local_rates(T2025, "101").kommuneskat == 0.235


def test_own_kommuneskat_without_own_kirkeskat_uses_the_average_church_rate_and_says_so():
    """København 2026: its kommuneskat (23,39 %) is in the data, its kirkeskat is not."""
    kbh = local_rates(T2026, "101")
    assert kbh.own_rate and not kbh.own_church_rate
    assert (kbh.kommuneskat, kbh.kirkeskat) == (0.2339, 0.00867)
    assert "kirkeskat" in kbh.note and "landsgennemsnittet" in kbh.note
    assert local_rates(T2025, "101").own_church_rate


@pytest.mark.parametrize("code", ["999", "35", "0350", "abc", "", "411"])
def test_unknown_municipality_is_refused_without_repeating_it(code):
    with pytest.raises(UnknownMunicipality) as exc:
        local_rates(T2025, code)
    assert "98" in str(exc.value) and (not code or code not in str(exc.value).split(" (")[0])


@pytest.mark.parametrize("year", [2022, 2024, 2027])
def test_year_without_tax_data_is_refused(year):
    with pytest.raises(TaxNotCovered, match="2025–2026"):
        tax_rules_for(year)
    with pytest.raises(RatesNotCovered):  # the calculators' existing error handling catches it
        income_by_hours(2024, 200, 0, 37, municipality="350")


def test_negative_income_is_refused():
    with pytest.raises(ValueError, match="wage"):
        MonthIncome(wage=-1)


def _tax_files():
    folder = resources.files("fleksjob.core.rules") / "tax"
    return {
        p.name: json.loads(p.read_text(encoding="utf-8"))
        for p in folder.iterdir()
        if p.name.endswith(".json")
    }


def test_every_tax_figure_has_source_and_verified_flag():
    files = _tax_files()
    assert sorted(files) == ["2025.json", "2026.json"]
    for name, doc in files.items():
        for rule_set in doc["rule_sets"]:
            entries = list(rule_set["rates"].items())
            for bracket in rule_set["state_brackets"]:
                entries += [(f"{bracket['name']}.{k}", bracket[k]) for k in bracket if k != "name"]
            for key, entry in entries:
                assert entry["source"] and isinstance(entry["verified"], bool), (name, key)
                if entry["source"] == "derived":
                    assert not entry["verified"] and entry["derivation"], (name, key)


def test_unconfirmed_points_of_the_reference_stay_unverified():
    """The reference marks the part-time ATP amounts and the 2026 top-topskat threshold [U]."""
    for tax in (T2025, T2026):
        assert not tax.sources["atp_employee_two_thirds"]["verified"]
        assert not tax.sources["atp_employee_one_third"]["verified"]
    top_top = next(b for b in T2026.sources["state_brackets"] if b["name"] == "top-topskat")
    assert not top_top["threshold"]["verified"] and "2.592.500" in top_top["threshold"]["note"]


def test_published_2025_and_2026_figures():
    assert (T2025.personfradrag, T2026.personfradrag) == (51600, 54100)
    assert (T2025.beskaeftigelsesfradrag_max, T2026.beskaeftigelsesfradrag_max) == (55600, 63300)
    assert [(b.name, b.threshold) for b in T2026.brackets] == [
        ("mellemskat", 641200),
        ("topskat", 777900),
        ("top-topskat", 2592700),
    ]


def test_municipal_rates_name_a_real_municipality_and_a_source():
    names = {m.code: m.name for m in municipalities()}
    rates = municipal_rates()
    assert {(2025, "101"), (2025, "230"), (2025, "350")} <= set(rates)
    for (_, code), local in rates.items():
        assert isinstance(local, LocalRates) and local.name == names[code] and local.source
        assert local.source_url.startswith("https://") and len(local.source_date) == 10


incomes = st.floats(0, 250_000, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(
    wage=incomes,
    pension=st.floats(0, 30_000, allow_nan=False),
    subsidy=st.floats(0, 25_000, allow_nan=False),
    transfer=st.floats(0, 25_000, allow_nan=False),
    year=st.sampled_from([2025, 2026]),
    code=st.sampled_from(["101", "230", "350", "751", "851"]),
    church=st.booleans(),
)
def test_net_income_is_between_zero_and_what_is_paid(
    wage, pension, subsidy, transfer, year, code, church
):
    tax = tax_rules_for(year)
    income = MonthIncome(
        wage=wage,
        pension=pension,
        subsidy=subsidy,
        transfer=transfer,
        atp_ordinary=99 if wage > 0 else 0,
        atp_subsidy=min(0.05 * subsidy, 500),
    )
    month = net_month(tax, local_rates(tax, code), church, income)
    assert month.income_tax >= 0 and month.am_bidrag >= 0
    assert 0 <= month.net_income <= wage + subsidy + transfer + 1e-6
    parts = (
        month.kommuneskat + month.kirkeskat + month.bundskat + sum(month.state_brackets.values())
    )
    assert parts == pytest.approx(month.income_tax, abs=1e-6)


@settings(max_examples=200, deadline=None)
@given(wage=incomes, year=st.sampled_from([2025, 2026]), code=st.sampled_from(["350", "230"]))
def test_a_pay_rise_is_never_taxed_away_entirely(wage, year, code):
    """Without the subsidy, 100 kr. more wage a month leaves more than 100 × (1 − 8 %) ×
    (1 − the top marginal rate incl. church) and never more than 100 kr."""
    tax = tax_rules_for(year)
    local = local_rates(tax, code)
    low = net_month(tax, local, True, MonthIncome(wage=wage)).net_income
    high = net_month(tax, local, True, MonthIncome(wage=wage + 100)).net_income
    assert 0 < high - low <= 100 + 1e-6
    top = max(b.skatteloft for b in tax.brackets) + local.kirkeskat
    assert high - low >= 100 * 0.92 * (1 - top) - 1e-6
