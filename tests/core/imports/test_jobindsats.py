"""Jobindsats parsing on the documented example files (FORMAT.md §6), downloads and a real HTTP
server on loopback standing in for the API (the real API is not reachable from CI)."""

from __future__ import annotations

import http.server
import json
import threading
from pathlib import Path

import pytest
from openpyxl import Workbook

from fleksjob.core.imports.jobindsats import (
    JobindsatsFormatError,
    parse_csv,
    parse_file,
    parse_number,
)
from fleksjob.core.imports.jobindsats_client import JobindsatsClient, JobindsatsError

FIXTURES = Path(__file__).resolve().parents[2] / "data" / "jobindsats"


def _fixture(name: str) -> Path:
    return FIXTURES / name


def _index(figures):
    return {(f.area, f.period, f.label, f.dimensions): f for f in figures}


def test_v2_data_maps_columns_by_name_and_parses_decimal_commas():
    figures = parse_file("Y08A02", _fixture("v2_data_Y08A02.json"))
    assert len(figures) == 4 * 4  # four rows, four measurements each
    by = _index(figures)
    women = (("Køn", "Kvinder"),)
    randers = by[("Randers", "2024M05", "Antal personer", women)]
    assert (randers.value, randers.level, randers.municipality_code) == (
        1012.0,
        "municipality",
        "730",
    )
    assert randers.measure == "memba02_x1" and randers.table == "y08a02"
    pct = by[("Randers", "2024M05", "Fuldtidspersoner i pct. af arbejdsstyrken 16-66 år", women)]
    assert pct.value == pytest.approx(2.9) and pct.measure == "memba02_4b"
    country = by[("Hele landet", "2024M05", "Antal personer", (("Køn", "Mænd"),))]
    assert (country.level, country.municipality_code, country.value) == ("country", None, 42160.0)


def test_suppressed_cells_are_missing_never_zero():
    figures = parse_file("Y09A02", _fixture("v2_data_Y09A02.json"))
    suppressed = [
        f for f in figures if f.dimensions == (("Herkomst", "Efterkommere fra vestlige lande"),)
    ]
    assert len(suppressed) == 8 and all(f.value is None for f in suppressed)
    shown = [
        f for f in figures if f.period == "2024M04" and f.label == "Antal personer" and f.value
    ]
    assert [f.value for f in shown] == [301.0]


def test_durations_table_and_v3_rows():
    durations = _index(parse_file("Y09A27", _fixture("v2_data_Y09A27_HYPOTHETICAL.json")))
    assert (
        durations[("Randers", "2024Q1", "Gnsn. varighed af afsluttede forløb (uger)", ())].value
        == 31.4
    )
    v3 = parse_file("y08a02", _fixture("v3_data_y08a02.json"))
    assert len(v3) == 4 * 2
    by = _index(v3)
    assert by[("Randers", "2024M04", "Antal fuldtidspersoner", (("Køn", "Mænd"),))].value == 811.0


def test_csv_download_with_bom_thousands_separator_and_suppression(tmp_path):
    text = "Område;Periode;Antal personer;Andel\nAarhus;2025M01;1.234;12,5\nLejre;2025M01;..;-\n"
    figures = parse_csv("y08a02", ("\ufeff" + text).encode(), source="y08a02.csv")
    by = _index(figures)
    assert by[("Aarhus", "2025M01", "Antal personer", ())].value == 1234.0
    assert by[("Aarhus", "2025M01", "Andel", ())].value == 12.5
    assert by[("Lejre", "2025M01", "Andel", ())].value is None
    path = tmp_path / "y08a02.csv"
    path.write_bytes(text.encode())
    assert len(parse_file("y08a02", path)) == 4


def test_excel_download(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Område", "Periode", "Antal personer"])
    sheet.append(["Københavns", "2025Q2", 5321])
    sheet.append(["Hele landet", "2025Q2", "92.031"])
    path = tmp_path / "y08a02.xlsx"
    book.save(path)
    by = _index(parse_file("y08a02", path))
    assert by[("Københavns", "2025Q2", "Antal personer", ())].municipality_code == "101"
    assert by[("Hele landet", "2025Q2", "Antal personer", ())].value == 92031.0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Område;Periode;Antal\nAtlantis;2025M01;3\n", "række 1: ukendt område 'Atlantis'"),
        ("Område;Periode;Antal\nAarhus;2025M13;3\n", "ukendt periode"),
        ("Område;Periode;Antal\nAarhus;2025M01;3\nAarhus;2025M02\n", "række 2: 2 celler"),
        ("Antal\n3\n", "mangler kolonnen"),
    ],
)
def test_bad_downloads_name_the_row(body, message):
    with pytest.raises(JobindsatsFormatError, match=message):
        parse_csv("y08a02", body.encode(), source="fil.csv")


def test_number_cells():
    assert parse_number(" 1\u00a0234 ", where="") == 1234.0
    assert parse_number("1.234,5", where="") == 1234.5
    assert parse_number(7, where="") == 7.0
    for missing in (None, "", "-", ".", ".."):
        assert parse_number(missing, where="") is None
    with pytest.raises(JobindsatsFormatError, match="række 3"):
        parse_number("mange", where="række 3")


class _FakeJobindsats(http.server.BaseHTTPRequestHandler):
    seen: list[tuple[str, str]] = []

    def do_GET(self):
        self.seen.append((self.path, self.headers.get("Authorization", "")))
        if self.headers.get("Authorization") not in ("Bearer hemmelig", "hemmelig"):
            self.send_response(401)
            self.end_headers()
            return
        name = "v3_data_y08a02.json" if self.path.startswith("/v3/") else "v2_data_Y08A02.json"
        body = b"\xef\xbb\xbf" + _fixture(name).read_bytes()  # with the BOM FORMAT.md warns of
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def api():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FakeJobindsats)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _FakeJobindsats.seen = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_client_v3_bearer_and_v2_raw_key(api, monkeypatch):
    monkeypatch.setenv("JOBINDSATS_API_KEY", "hemmelig")
    v3 = JobindsatsClient.from_environment(base_url=api).data(
        "Y08A02", periods=["2024M04", "2024M05"]
    )
    assert len(v3) == 8
    v2 = JobindsatsClient.from_environment(version=2, base_url=api).data(
        "Y08A02", periods=["2024M05"]
    )
    assert len(v2) == 16
    (v3_path, v3_auth), (v2_path, v2_auth) = _FakeJobindsats.seen
    assert v3_auth == "Bearer hemmelig" and v2_auth == "hemmelig"
    assert v3_path.startswith("/v3/data/y08a02?") and "period.M=2024M04%2C2024M05" in v3_path
    assert v2_path.startswith("/v2/data/y08a02/json?")


def test_client_errors_never_show_the_key(api, monkeypatch):
    monkeypatch.setenv("JOBINDSATS_API_KEY", "forkert-key")
    with pytest.raises(JobindsatsError) as error:
        JobindsatsClient.from_environment(base_url=api).data("y08a02", periods=["2024M05"])
    assert "401" in str(error.value) and "forkert" not in str(error.value)
    monkeypatch.delenv("JOBINDSATS_API_KEY")
    with pytest.raises(JobindsatsError, match="JOBINDSATS_API_KEY"):
        JobindsatsClient.from_environment()
    with pytest.raises(JobindsatsError, match="kunne ikke nås"):
        JobindsatsClient(key="k", base_url="http://127.0.0.1:9").data("y08a02", periods=["2024M05"])


def test_file_type_and_json_errors(tmp_path):
    bad = tmp_path / "svar.json"
    bad.write_text("{ikke json")
    with pytest.raises(JobindsatsFormatError, match=r"svar\.json: ugyldig JSON"):
        parse_file("y08a02", bad)
    wrong = tmp_path / "svar2.json"
    wrong.write_text(json.dumps({"foo": 1}))
    with pytest.raises(JobindsatsFormatError, match="Variables og Data"):
        parse_file("y08a02", wrong)
    with pytest.raises(JobindsatsFormatError, match="filtypen"):
        parse_file("y08a02", tmp_path / "svar.txt")
