"""The municipalities' own kommuneskat and kirkeskat (``tax/kommuneskat.csv``) against figures
published elsewhere than the table they were read from (Statistics Denmark's PSKAT for 2025).

The national weighted average (skm.dk: 25,068 % in 2025) cannot be recomputed without each
municipality's tax base, so the checks are the facts other pages state about single
municipalities and about the range.
"""

from __future__ import annotations

import csv
import io
from importlib import resources

import pytest

from fleksjob.core.rules.income_tax import TaxTableError, municipal_rates, parse_municipal_rates

CODES = {"København": "101", "Rødovre": "175", "Langeland": "482", "Lolland": "360"}
CODES |= {"Nyborg": "450", "Svendborg": "479", "Vejle": "630"}


def _pct(year: int, code: str) -> float:
    return round(municipal_rates()[year, code].kommuneskat * 100, 2)


def test_2025_range_agrees_with_cepos():
    """CEPOS, "Hvad er din kommuneskat i 2025?" (16 January 2025, cepos.dk/artikler/
    0242-hvad-er-din-kommuneskat-i-2025): the rates run from 23,4 % (Vejle) to 26,3 % in 11
    municipalities, among them Langeland, Lolland, Nyborg and Svendborg; Rødovre has 25,7 %."""
    rates = {code: _pct(year, code) for year, code in municipal_rates() if year == 2025}
    for name in ("Langeland", "Lolland", "Nyborg", "Svendborg"):
        assert rates[CODES[name]] == 26.30, name
    assert rates[CODES["Rødovre"]] == 25.70
    assert all(23.40 <= r <= 26.30 for r in rates.values())
    assert sum(r == 26.30 for r in rates.values()) <= 11
    if CODES["Vejle"] in rates:
        assert rates[CODES["Vejle"]] == 23.40


def test_copenhagen_2025_is_the_2026_rate_plus_the_published_cut():
    """dknyt.dk, "Kommuner sænker samlet skatten med 400 mio. kr." (14 October 2025): the
    budget for 2026 lowers København's income tax by 0,11 percentage points to 23,39 %."""
    assert _pct(2025, CODES["København"]) == pytest.approx(23.39 + 0.11)
    assert _pct(2026, CODES["København"]) == 23.39


def test_2025_church_rates_bracket_the_published_average():
    """Kirkeskat is a small share (0,39–1,30 % in skm.dk's top-20 lists); the average for
    members is 0,870 % in 2025 (skm.dk), which lies between the lowest and highest own rate."""
    church = [r.kirkeskat * 100 for (y, _), r in municipal_rates().items() if y == 2025]
    assert all(0.3 <= c <= 1.4 for c in church)
    assert min(church) < 0.870 < max(church)


HEAD = "year,code,name,kommuneskat_pct,kirkeskat_pct,source,source_url,source_date,verified\n"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("2025,350,Lejre,25.31,1.05,PSKAT,http://x.dk,2024-12-17,true", "source_url"),
        ("2025,350,Lejre,25.31,1.05,PSKAT,,2024-12-17,true", "source_url"),
        ("2025,350,Lejre,25.31,1.05,PSKAT,https://x.dk,17-12-2024,true", "source_date"),
        ("2025,350,Lejre,25.31,1.05,PSKAT,https://x.dk,,true", "source_date"),
    ],
)
def test_a_rate_without_its_source_address_and_date_is_refused(row, message):
    with pytest.raises(TaxTableError, match=message):
        parse_municipal_rates(HEAD + row + "\n")
    assert parse_municipal_rates(
        HEAD + "2025,350,Lejre,25.31,1.05,PSKAT,https://x.dk,2024-12-17,true"
    )


def test_the_file_has_one_source_address_and_date_per_row():
    text = (resources.files("fleksjob.core.rules") / "tax" / "kommuneskat.csv").read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(municipal_rates())
    assert all(r["source_url"] and r["source_date"] for r in rows)


def test_a_row_without_kirkeskat_takes_the_year_s_average_and_needs_tax_rules_for_the_year():
    rates = parse_municipal_rates(HEAD + "2026,350,Lejre,25.31,,X,https://x.dk,2025-10-14,false\n")
    lejre = rates[2026, "350"]
    assert lejre.own_rate and not lejre.own_church_rate and lejre.kirkeskat == 0.00867
    with pytest.raises(TaxTableError, match="kirkeskat"):
        parse_municipal_rates(HEAD + "2027,350,Lejre,25.31,,X,https://x.dk,2025-10-14,false\n")
