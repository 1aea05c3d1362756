"""Bulk-import parsing and validation in the core: files, cells, columns and cross-field rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fleksjob.core.imports.cells import (
    CellError,
    parse_bool,
    parse_cpr,
    parse_cvr,
    parse_date,
    parse_decimal,
)
from fleksjob.core.imports.records import normalise_header, validate
from fleksjob.core.imports.table import TableError, read_table

TODAY = dt.date(2026, 6, 1)
EMPLOYERS = "cvr;navn;branche;størrelse;breddegrad;længdegrad"


def _check(text: str | bytes, kind: str = "employers", **kwargs):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return validate(kind, read_table(data, max_rows=100), today=TODAY, **kwargs)


@pytest.mark.parametrize(
    ("cell", "value"),
    [("12,5", Decimal("12.5")), ("12.5", Decimal("12.5")), (" 7 ", 7), (3.0, 3), (55.64, 55.64)],
)
def test_decimals_with_comma_or_point(cell, value):
    assert parse_decimal(cell) == Decimal(str(value))


@pytest.mark.parametrize("cell", ["1.234,5", "12,5,1", "tolv", "1e3", "NaN", "٣"])
def test_bad_decimals(cell):
    with pytest.raises(CellError):
        parse_decimal(cell)


@pytest.mark.parametrize(
    "cell",
    ["01-03-2025", "1-3-2025", "01.03.2025", "01/03/2025", "2025-03-01", dt.date(2025, 3, 1)],
)
def test_dates_danish_and_iso(cell):
    assert parse_date(cell) == dt.date(2025, 3, 1)


@pytest.mark.parametrize(("cell", "reason"), [("31-02-2025", "findes ikke"), ("03/01/25", "dd-mm")])
def test_bad_dates(cell, reason):
    with pytest.raises(CellError, match=reason):
        parse_date(cell)


def test_booleans_cvr_and_cpr():
    assert [parse_bool(c) for c in ("Ja", "x", "1", "nej", "", True)] == [1, 1, 1, 0, 0, 1]
    with pytest.raises(CellError):
        parse_bool("måske")
    assert parse_cvr("DK 1234 5678") == "12345678"
    for bad in ("1234567", "02345678", "123456789", "1234567a"):
        with pytest.raises(CellError):
            parse_cvr(bad)
    assert parse_cpr(102031234) == "0102031234"  # Excel dropped the leading zero
    with pytest.raises(CellError) as failure:
        parse_cpr("3102031234")
    assert "310203" not in str(failure.value)


def test_headers_ignore_case_spaces_and_danish_letters():
    assert normalise_header(" Timer Mål ") == normalise_header("timer_maal") == "timer_maal"
    text = (
        "CVR;Navn;Branche;Stoerrelse;Breddegrad;Laengdegrad\n12345678;A ApS;retail;small;55,6;12\n"
    )
    result = _check(text)
    assert result.ok and result.rows[0].values["size_band"] == "small"


def test_header_problems_are_all_reported():
    result = _check("cvr;navn;navn;farve;breddegrad\n12345678;A;B;rød;55,6\n")
    reasons = {(p.column, p.reason) for p in result.report.problems}
    assert ("navn", "kolonnen står der to gange") in reasons
    assert ("nr. 4", "ukendt kolonneoverskrift (se docs/import.md)") in reasons
    assert {c for c, r in reasons if r == "kolonnen mangler"} == {
        "branche",
        "størrelse",
        "længdegrad",
    }
    assert all(p.row == 1 for p in result.report.problems) and not result.rows


def test_rows_keep_their_spreadsheet_numbers_and_every_problem_is_listed():
    text = "\n".join(
        [
            EMPLOYERS,
            "12345678;A ApS;retail;small;55,6;12",
            ";;;;;",
            "1234567;;bank;small;60;12;overskud",
            "12345678;C ApS;retail;small;55,6",
        ]
    )
    result = _check(text)
    problems = [(p.row, p.column, p.reason) for p in result.report.problems]
    assert problems == [
        (4, "", "rækken har flere celler end der er kolonner"),
        (4, "cvr", "CVR-nummeret skal være 8 cifre og kan ikke begynde med 0"),
        (4, "navn", "mangler"),
        (4, "branche", problems[3][2]),
        (4, "breddegrad", "ligger ikke i Danmark (54,5-57,8)"),
        (5, "længdegrad", "mangler"),
        (5, "cvr", "står også i række 2"),
    ]
    assert problems[3][2].startswith("skal være en af: public_admin")
    assert result.rows == []


def test_encodings_and_separators():
    row = "12345678;Søstrene Å ApS;retail;small;55,6;12"
    for data in (
        f"{EMPLOYERS}\r\n{row}\r\n".encode("utf-8-sig"),
        f"{EMPLOYERS}\n{row}\n".encode("cp1252"),
        f"{EMPLOYERS}\n{row}\n".replace(";", "\t").encode(),
        'cvr,navn,branche,størrelse,breddegrad,længdegrad\n12345678,"Søstrene Å ApS",retail,small,'
        '"55,6",12\n'.encode(),
    ):
        result = _check(data)
        assert result.ok, result.report.lines()
        assert result.rows[0].values["name"] == "Søstrene Å ApS"
        assert result.rows[0].values["lat"] == 55.6


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "tom"),
        (b"\n\n  \n", "tom"),
        (b"cvr;navn\x00", "NUL"),
        (b"\x81\x8d\x8f", "hverken UTF-8"),
        (b"\xd0\xcf\x11\xe0rest", ".xls"),
        (b"PK\x03\x04broken", "Excel"),
        (b'cvr;navn\n"uafsluttet', None),
    ],
)
def test_unreadable_files(data, reason):
    if reason is None:  # an unterminated quote is read as a cell to the end of the file
        assert read_table(data, max_rows=5).rows == [(2, ["uafsluttet"])]
        return
    with pytest.raises(TableError, match=reason):
        read_table(data, max_rows=5)


def test_row_limit():
    text = EMPLOYERS + "\n" + "\n".join(["1;2;3;4;5;6"] * 6)
    with pytest.raises(TableError, match="flere end 5 rækker"):
        read_table(text.encode(), max_rows=5)


def test_citizen_rules_across_fields():
    header = (
        "cpr;fornavn;efternavn;visitationsdato;uddannelse;mål;timer_mindst;timer_nu;timer_mål;"
        "breddegrad;længdegrad;maks_transport_km"
    )
    rows = [
        "010203-1234;A;B;01-03-2025;vocational;progression;5;4;3;55,6;11,9;400",
        "010226-4234;A;B;01-03-2025;vocational;progression;5;8;10;55,6;11,9;",
        "010203-1236;A;B;01-03-2027;master;retention;0;0;0;55,6;11,9;",
    ]
    result = _check("\n".join([header, *rows]), "citizens")
    assert [(p.row, p.column) for p in result.report.problems] == [
        (2, "timer_nu"),
        (2, "timer_mål"),
        (2, "maks_transport_km"),
        (3, "visitationsdato"),  # before the birth date in the CPR number (2026)
        (4, "visitationsdato"),  # in the future
    ]


def test_position_rules_and_defaults():
    header = "cvr;titel;erhverv;timer_mindst;timer_højst;antal_pladser;status"
    rows = [
        "12345678;Pedel;9112;8;15;;",
        "12345678;Pedel;9112;0;15;0;lukket",
        "87654321;Pedel;91;16;15;1;open",
    ]
    result = _check("\n".join([header, *rows]), "positions", employer_cvrs={"12345678"})
    assert [(p.row, p.column) for p in result.report.problems] == [
        (3, "status"),
        (3, "timer_mindst"),
        (3, "antal_pladser"),
        (4, "erhverv"),
        (4, "timer_højst"),
        (4, "cvr"),
    ]
    ok = _check("\n".join([header, rows[0]]), "positions", employer_cvrs={"12345678"})
    values = ok.rows[0].values
    assert (values["openings"], values["status"], values["created_on"]) == (1, "open", TODAY)
    assert values["provides"] == [] and values["hours_max"] == Decimal(15)


def test_docs_list_every_column():
    from pathlib import Path

    from fleksjob.core.imports.records import COLUMNS

    docs = (Path(__file__).resolve().parents[3] / "docs" / "import.md").read_text(encoding="utf-8")
    for kind, columns in COLUMNS.items():
        for column in columns:
            assert f"| `{column.name}` |" in docs, (kind, column.name)
