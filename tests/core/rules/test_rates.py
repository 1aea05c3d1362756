import datetime as dt
import itertools
import json
from importlib import resources

import pytest

from fleksjob.core.rules.rates import RatesNotCovered, all_rule_sets, rules_for

YEARS = range(2022, 2027)


def _files():
    folder = resources.files("fleksjob.core.rules") / "rates"
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in folder.iterdir()}


def test_one_file_per_year_2022_to_2026():
    assert sorted(_files()) == [f"{y}.json" for y in YEARS]


def test_every_rate_has_source_and_verified_flag_and_derived_ones_explain():
    for name, doc in _files().items():
        for rule_set in doc["rule_sets"]:
            for key, entry in rule_set["rates"].items():
                assert entry["source"], (name, key)
                assert isinstance(entry["verified"], bool), (name, key)
                if entry["source"] == "derived":
                    assert entry["verified"] is False and entry["derivation"], (name, key)


@pytest.mark.parametrize(
    ("year", "max_subsidy", "threshold", "dagpenge"),
    [
        # Issue 3 and slagelse.dk (2022), detfagligehus.dk (2024), bm.dk satser 2025.
        (2022, 18964, 15401, 19351),
        (2024, 19952, 16323, 20359),
        (2025, None, None, 21092),
    ],
)
def test_published_figures(year, max_subsidy, threshold, dagpenge):
    rules = rules_for(year)
    assert rules.hoejeste_dagpengesats == dagpenge
    if max_subsidy:
        assert rules.fleksloentilskud_max == max_subsidy
        assert rules.reduction_threshold == threshold


@pytest.mark.parametrize("year", YEARS)
def test_max_subsidy_is_98_and_ledighedsydelse_89_percent_of_dagpenge(year):
    rules = rules_for(year)
    assert abs(rules.fleksloentilskud_max - 0.98 * rules.hoejeste_dagpengesats) <= 0.5
    assert abs(rules.ledighedsydelse_high - 0.89 * rules.hoejeste_dagpengesats) <= 0.5


def test_threshold_rises_every_year():
    values = [rules_for(y).reduction_threshold for y in YEARS]
    assert values == sorted(values) and len(set(values)) == len(values)


def test_date_picks_rule_set_in_force():
    assert rules_for(dt.date(2024, 12, 31)).hoejeste_dagpengesats == 20359
    assert rules_for(dt.date(2025, 1, 1)).hoejeste_dagpengesats == 21092


@pytest.mark.parametrize("when", [2021, dt.date(2021, 12, 31), 2027, dt.date(2027, 1, 1)])
def test_uncovered_dates_are_errors(when):
    with pytest.raises(RatesNotCovered):
        rules_for(when)


def test_rule_sets_do_not_overlap_and_are_contiguous():
    sets = all_rule_sets()
    for a, b in itertools.pairwise(sets):
        assert b.effective_from == a.effective_to + dt.timedelta(days=1)


def test_refusion_staircase_from_finansieringsloven_5():
    steps = rules_for(2024).refusion
    expected = {1: 0.8, 4: 0.8, 5: 0.4, 26: 0.4, 27: 0.3, 52: 0.3, 53: 0.2, 500: 0.2}
    assert {w: steps.pct_for_week(w) for w in expected} == expected


def test_2026_has_two_rule_sets_split_by_the_reform():
    """lov nr. 1750 af 29/12/2025: second step in force 1 July 2026."""
    first, second = rules_for(dt.date(2026, 6, 30)), rules_for(dt.date(2026, 7, 1))
    assert first.effective_to == dt.date(2026, 6, 30)
    assert second.effective_from == dt.date(2026, 7, 1)
    assert "1750" in second.notes
    assert rules_for(2026) is first


@pytest.mark.parametrize(("year", "full"), [(2022, 284.0), (2023, 284.0), (2024, 297.0)])
def test_atp_a_sats(year, full):
    """borger.dk, historiske ATP-satser: A-bidrag 284,00 kr/md 2016-2023, 297,00 from 2024."""
    assert rules_for(year).atp_full == full
