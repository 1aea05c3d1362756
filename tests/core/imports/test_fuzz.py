"""Fuzzing the parsers with Hypothesis: hostile input gets a clear, documented error, never a crash.

Parsers covered: the bulk-import table reader and record validation, CPR parsing, the matching
JSONL reader behind ``fleksjob match``, and the Jobindsats parsers (JSON v2/v3, CSV, Excel).
Examples are bounded so the module runs in seconds; no deadline (tests never depend on timing).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import string

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fleksjob.core.imports import jobindsats
from fleksjob.core.imports.jobindsats import JobindsatsFormatError
from fleksjob.core.imports.records import COLUMNS, KINDS, Validation, validate
from fleksjob.core.imports.table import XLSX_MAGIC, TableError, read_table
from fleksjob.core.matching.records import (
    InputError,
    candidate_from_dict,
    position_from_dict,
    read_candidates,
    read_positions,
)
from fleksjob.core.rules import cpr

FUZZ = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
TODAY = dt.date(2026, 6, 1)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=20,
)


def _check_validation(result: Validation) -> None:
    assert result.ok == (result.report.total == 0)
    assert len(result.report.problems) <= result.report.limit
    for problem in result.report.problems:
        assert problem.row >= 1 and problem.reason
    if not result.ok:
        assert result.rows == []


def _read_and_validate(data: bytes, kind: str, name: str = "fil.csv") -> None:
    try:
        table = read_table(data, name, max_rows=50)
    except TableError as exc:
        assert str(exc)
        return
    _check_validation(validate(kind, table, today=TODAY, employer_cvrs={"12345678"}))


@FUZZ
@given(data=st.binary(max_size=400), kind=st.sampled_from(KINDS))
def test_import_of_arbitrary_bytes(data, kind):
    _read_and_validate(data, kind)


@FUZZ
@given(data=st.binary(max_size=300), kind=st.sampled_from(KINDS))
def test_import_of_arbitrary_bytes_that_look_like_a_workbook(data, kind):
    _read_and_validate(XLSX_MAGIC + data, kind, "fil.xlsx")


cells = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=15)
likely_cells = st.one_of(
    cells,
    st.sampled_from(
        ["", "ja", "nej", "12,5", "5", "37", "55,6", "11,9", "01-02-2025", "2025-02-30", "4110"]
    ),
    st.from_regex(r"[0-9]{6}-?[0-9]{4}", fullmatch=True),
    st.from_regex(r"[0-9]{1,2}[-./][0-9]{1,2}[-./][0-9]{4}", fullmatch=True),
    st.from_regex(r"-?[0-9]{1,4}[.,][0-9]{1,4}", fullmatch=True),
)


@st.composite
def tables(draw):
    """A kind, a header of its documented names (some missing, some unknown) and rows."""
    kind = draw(st.sampled_from(KINDS))
    names = [c.name for c in COLUMNS[kind]]
    header = draw(st.permutations(names))[: draw(st.integers(1, len(names)))]
    header += draw(st.lists(cells, max_size=2))
    rows = draw(st.lists(st.lists(likely_cells, max_size=len(header) + 2), max_size=6))
    return kind, header, rows


@st.composite
def csv_files(draw):
    kind, header, rows = draw(tables())
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=draw(st.sampled_from([";", ",", "\t"])))
    writer.writerow(header)
    writer.writerows(rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    return kind, buffer.getvalue().encode(encoding, errors="replace")


@FUZZ
@given(case=csv_files())
def test_import_of_arbitrary_csv_cells(case):
    kind, data = case
    _read_and_validate(data, kind)


@settings(FUZZ, max_examples=50)  # a workbook per example: fewer, to stay within seconds
@given(case=tables())
def test_import_of_arbitrary_excel_cells(case):
    from openpyxl import Workbook

    kind, header, rows = case
    book = Workbook()
    sheet = book.active
    for row in [header, *rows]:
        sheet.append([_excel_value(cell) for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    _read_and_validate(buffer.getvalue(), kind, "fil.xlsx")


def _excel_value(cell: str):
    # Excel cells are typed: numbers and dates arrive as such, not as text.
    if cell.isascii() and cell.isdigit() and len(cell) < 15:
        return int(cell)
    try:
        number = float(cell.replace(",", "."))
    except ValueError:
        pass
    else:
        if math.isfinite(number):
            return number
    try:
        return dt.date.fromisoformat(cell)
    except ValueError:
        # openpyxl refuses control characters in cells; Excel cannot hold them either.
        return "".join(ch for ch in cell if ch.isprintable())


unicode_digits = st.text(
    alphabet=st.characters(categories=["Nd"]) | st.just("-"), min_size=10, max_size=11
)


@FUZZ
@given(value=st.one_of(st.text(max_size=20), unicode_digits))
@example(value="٠١٠٢٠٣١٢٣٤")  # Arabic-Indic digits are digits to Python, not to CPR
def test_cpr_parse_gives_a_cpr_or_a_reason(value):
    try:
        parsed = cpr.parse(value)
    except cpr.InvalidCPR as exc:
        digits = "".join(ch for ch in value if ch in string.digits)
        reason = str(exc)
        assert reason and (len(digits) < 6 or digits not in reason)
        assert cpr.reason(value) == reason and not cpr.is_valid(value)
        return
    assert len(parsed.digits) == 10 and parsed.digits.isascii() and parsed.digits.isdigit()
    assert parsed.sex in ("F", "M")
    assert cpr.parse(str(parsed)) == parsed


@FUZZ
@given(
    birth=st.dates(dt.date(1858, 1, 1), dt.date(2057, 12, 31)),
    serial=st.integers(0, 499),
    sex=st.sampled_from("FM"),
    choice=st.integers(0, 10),
)
def test_cpr_build_and_parse_round_trip(birth, serial, sex, choice):
    digits = cpr.build(birth, serial, sex, choice)
    parsed = cpr.parse(digits)
    assert (parsed.birth_date, parsed.sex, parsed.replacement) == (birth, sex, False)


@FUZZ
@given(row=json_values, kind=st.sampled_from([candidate_from_dict, position_from_dict]))
@example(row={"lat": 10**400, "lon": 1}, kind=candidate_from_dict)
@example(row={"lat": 55, "lon": 11, "hours_min": 0, "hours_max": 10**400}, kind=position_from_dict)
def test_matching_records_from_arbitrary_json(row, kind):
    try:
        kind(row)
    except InputError as exc:
        assert str(exc)


HOSTILE_JSON = [
    b"1" * 5000,  # more digits than Python converts to int
    b"[" * 100_000,  # nesting deeper than the decoder's recursion
    b'{"lat": 1' + b"0" * 400 + b"}",  # an integer too large for a float
]


@FUZZ
@given(data=st.binary(max_size=300), positions=st.booleans())
@example(data=HOSTILE_JSON[0], positions=False)
@example(data=HOSTILE_JSON[1], positions=True)
@example(data=HOSTILE_JSON[2], positions=False)
@example(data=b'{"id": "x", "lat": 1e400}', positions=True)
def test_matching_jsonl_reader_on_arbitrary_bytes(tmp_path_factory, data, positions):
    path = tmp_path_factory.mktemp("jsonl") / "records.jsonl"
    path.write_bytes(data)
    try:
        (read_positions if positions else read_candidates)(path)
    except InputError as exc:
        assert str(exc).startswith(str(path))


@FUZZ
@given(lines=st.lists(json_values, max_size=4))
def test_matching_jsonl_reader_on_arbitrary_json_lines(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("jsonl") / "records.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    try:
        read_candidates(path)
    except InputError as exc:
        assert exc.line >= 1 or exc.source == str(path)


@FUZZ
@given(payload=json_values, v3=st.booleans())
def test_jobindsats_json_of_any_shape(payload, v3):
    parse = jobindsats.parse_v3 if v3 else jobindsats.parse_v2
    try:
        parse("y08a02", payload)
    except JobindsatsFormatError as exc:
        assert str(exc)


@st.composite
def jobindsats_payloads(draw):
    """Near-valid v2 and v3 responses: the documented keys with cells of any kind."""
    labels = draw(
        st.lists(st.sampled_from(["Område", "Periode", "Antal", "_kon", "Andel", "x"]), max_size=4)
    )
    cell = st.one_of(json_values, st.sampled_from(["Hele landet", "Lejre", "2024M05", "1.234,5"]))
    rows = draw(st.lists(st.lists(cell, max_size=len(labels) + 1), max_size=4))
    # Sometimes one part has the wrong shape altogether.
    rows = draw(st.one_of(st.just(rows), json_values))
    if draw(st.booleans()):
        return {"columns": draw(st.one_of(st.just(labels), json_values)), "rows": rows}
    variables = [{"Name": label, "Label": label} for label in labels]
    variables = draw(st.one_of(st.just(variables), json_values))
    return [{"Variables": variables, "Data": rows}]


@FUZZ
@given(payload=jobindsats_payloads())
def test_jobindsats_near_valid_json(payload):
    parse = jobindsats.parse_v3 if isinstance(payload, dict) else jobindsats.parse_v2
    try:
        parse("y08a02", payload)
    except JobindsatsFormatError as exc:
        assert str(exc)


@FUZZ
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".json", ".csv", ".xlsx"]))
@example(data=HOSTILE_JSON[0], suffix=".json")
@example(data=HOSTILE_JSON[1], suffix=".json")
@example(
    data=b'{"columns": ["Omr\xc3\xa5de", "Periode", "Antal"], "rows": [["Lejre", "2024M01", 1'
    + b"0" * 400
    + b"]]}",
    suffix=".json",
)
def test_jobindsats_files_of_arbitrary_bytes(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("ji") / f"tabel{suffix}"
    path.write_bytes((XLSX_MAGIC if suffix == ".xlsx" else b"") + data)
    try:
        jobindsats.parse_file("y08a02", path)
    except JobindsatsFormatError as exc:
        assert str(exc)


@FUZZ
@given(cell=st.one_of(json_values, st.text(max_size=20)))
def test_jobindsats_numbers(cell):
    try:
        value = jobindsats.parse_number(cell, where="celle")
    except JobindsatsFormatError:
        return
    assert value is None or isinstance(value, float)
