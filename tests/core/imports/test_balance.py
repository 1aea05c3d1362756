"""STAR's Arbejdsmarkedsbalancen: the constructed layouts parse alike; every error names the row
and the column."""

from pathlib import Path

import pytest

from fleksjob.core.imports.balance import BalanceFormatError, parse_bytes
from fleksjob.reference import RAR_AREAS, municipalities, rar_areas

DATA = Path(__file__).resolve().parents[2] / "data" / "balance"
HEAD = "Stillingsbetegnelse;DISCO-08;Område;Jobmuligheder;Mangel"


def _csv(*lines: str, head: str = HEAD) -> bytes:
    return "\n".join((head, *lines)).encode("utf-8")


@pytest.mark.parametrize(
    "name", ["balance_semikolon.csv", "balance_komma_cp1252.csv", "balance.xlsx"]
)
def test_the_published_layouts_parse_alike(name):
    rows = parse_bytes((DATA / name).read_bytes(), name)
    assert len(rows) == 10
    first = rows[0]
    assert (first.occupation, first.title, first.area) == (
        "5321",
        "Social- og sundhedsassistent",
        "Hovedstaden",
    )
    assert first.category == "shortage" and first.shortage and first.row == 2
    assert [r.category for r in rows[2:6]] == ["extensive_shortage", "less_good", "good", "paradox"]
    assert {r.area for r in rows} == {"Hovedstaden", "Sjælland", "Østjylland"}
    assert [r.good for r in rows].count(False) == 2


def test_the_three_files_hold_the_same_facts():
    def facts(name):
        return [
            (r.occupation, r.title, r.area, r.category, r.shortage)
            for r in parse_bytes((DATA / name).read_bytes(), name)
        ]

    assert facts("balance_semikolon.csv") == facts("balance.xlsx")
    assert facts("balance_semikolon.csv") == facts("balance_komma_cp1252.csv")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            _csv("Kok;5120;Fyn;Gode jobmuligheder;nej", head="Titel;Nummer;Område;Jobmuligheder"),
            "række 1: mangler kolonnen for DISCO-08",
        ),
        (
            _csv("Kok;5120;Fyn", head="Stillingsbetegnelse;DISCO;Område"),
            "mangler kolonnen for Jobmuligheder",
        ),
        (
            _csv("Kok;5120;Fyn;Gode;Fyn", head="Job;DISCO;Område;Jobmuligheder;RAR"),
            "række 1, kolonne 5 ('RAR'): kolonnen for Område findes to gange",
        ),
        (
            _csv("Kok;5120;Fyn;Gode jobmuligheder;nej", "Kok;51x0;Fyn;Gode;nej"),
            "række 3, kolonne 'DISCO-08': ikke en DISCO-08-kode",
        ),
        (_csv("Kok;0000;Fyn;Gode;nej"), "række 2, kolonne 'DISCO-08'"),
        (_csv("Kok;5120;Lolland;Gode;nej"), "række 2, kolonne 'Område': ikke et af de otte"),
        (
            _csv("Kok;5120;Fyn;Fine jobmuligheder;nej"),
            "række 2, kolonne 'Jobmuligheder': ikke en af kategorierne",
        ),
        (_csv("Kok;5120;Fyn;Jobmuligheder;nej"), "række 2, kolonne 'Jobmuligheder'"),
        (_csv("Kok;5120;Fyn;Gode;måske"), "række 2, kolonne 'Mangel': skal være ja eller nej"),
        (
            _csv("Kok;5120;Fyn;Gode;nej", "", "Kok;512000;RAR Fyn;Mangel;ja"),
            "række 4: samme stilling og område som række 2",
        ),
        (_csv(), "ingen rækker"),
        (b"", "filen er tom"),
        (b"\xd0\xcf\x11\xe0rest", "det gamle Excel-format"),
        (b"PK\x03\x04broken", "kan ikke læses som Excel"),
    ],
)
def test_each_error_names_where(data, message):
    with pytest.raises(BalanceFormatError) as caught:
        parse_bytes(data, "fil.csv")
    assert message in str(caught.value)
    assert str(caught.value).startswith("fil.csv")


def test_headers_are_matched_case_and_letter_insensitively():
    data = _csv(
        "5120;rar-område østjylland;GODE JOBMULIGHEDER",
        head="disco-08-KODE;Rar-Omraade;Beskæftigelsesmuligheder",
    )
    (row,) = parse_bytes(data, "x.csv")
    assert (row.occupation, row.area, row.category, row.shortage) == (
        "5120",
        "Østjylland",
        "good",
        False,
    )


def test_every_municipality_has_one_rar_area():
    areas = rar_areas()
    assert set(areas) == {m.code for m in municipalities()}
    assert set(areas.values()) == set(RAR_AREAS)
    assert areas["400"] == "Bornholm" and areas["461"] == "Fyn" and areas["751"] == "Østjylland"
    # Outside Bornholm, an area lies inside one region.
    region = {m.code: m.region for m in municipalities()}
    for area in RAR_AREAS:
        assert len({region[c] for c, a in areas.items() if a == area}) == 1
