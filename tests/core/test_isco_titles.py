"""Occupation titles: every ISCO-08 unit group a record may hold has a title in both languages'
pages, and the Danish titles we hold are Danmarks Statistik's DISCO-08 titles.

DISCO-08's four-digit titles were found for few groups only (src/fleksjob/reference/data/
README.md); a Danish page shows the ILO English title, marked ``lang="en"``, for the rest.
"""

from __future__ import annotations

import pytest

from fleksjob.reference import is_unit_group, isco_groups, isco_title_in

UNITS = sorted(code for code, group in isco_groups().items() if group.level == 4)

# DST's DISCO-08 classification file (dst.dk, klassifikationsbilag of "Danmarks Statistiks
# Fagklassifikation (DISCO-08), v1:2010", columns KODE;NIVEAU;TITEL) and the value list of
# StatBank table LIGELI2 (arbfunk), as published.
DST = {
    "1": "Ledelsesarbejde",
    "11": "Øverste ledelse i lovgivende myndigheder, virksomheder og organisationer",
    "111": "Øverste ledelse i lovgivende myndigheder, offentlige virksomheder og organisationer",
    "1111": "Øverste ledelse i lovgivende myndigheder",
    "1112": "Øverste ledelse i offentlige virksomheder",
    "1114": "Øverste ledelse i interesseorganisationer",
    "0110": "Militært arbejde på officersniveau",
    "9621": "Kurérarbejde og transport af bagage",
    "9622": "Forefaldende arbejde",
    "9623": "Måleraflæsning og tømning af salgsautomater",
    "9629": "Andet manuelt arbejde",
}


def test_there_are_the_436_unit_groups_of_isco_08():
    assert len(UNITS) == 436 and all(is_unit_group(code) for code in UNITS)


@pytest.mark.parametrize("code", UNITS)
def test_every_unit_group_has_a_title_in_both_languages(code):
    group = isco_groups()[code]
    assert group.title_en.strip()
    assert isco_title_in(code, "en") == (group.title_en, "en")
    title, language = isco_title_in(code, "da")
    assert title.strip()
    # Danish only where DST's title is held; otherwise the English title, marked as English.
    expected = (group.title_da, "da") if group.title_da else (group.title_en, "en")
    assert (title, language) == expected


@pytest.mark.parametrize(("code", "title"), sorted(DST.items()))
def test_the_danish_titles_are_dst_s(code, title):
    assert isco_groups()[code].title_da == title
