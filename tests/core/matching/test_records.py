"""Bad input is rejected with file, line and field; values are never echoed."""

from __future__ import annotations

import json

import pytest

from fleksjob.core.matching.records import InputError, read_candidates, read_positions

GOOD_C = {
    "id": "c1",
    "lat": 55.7,
    "lon": 12.5,
    "max_commute_km": 20,
    "remote_ok": False,
    "hours_min": 5,
    "hours_max": 12,
    "needs": ["short_days"],
    "occupations": ["4110"],
    "skills_text": "Hemmelig tekst om helbred",
    "wishes_sectors": ["retail"],
    "weeks_waiting": 30,
    "goal": "progression",
}
GOOD_P = {
    "id": "p1",
    "employer_id": "e1",
    "lat": 55.7,
    "lon": 12.5,
    "remote": False,
    "hours_min": 5,
    "hours_max": 12,
    "provides": ["short_days"],
    "occupation": "4110",
    "text": "Kontorarbejde",
    "sector": "retail",
    "openings": 1,
}


def _write(tmp_path, name, rows):
    path = tmp_path / name
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows)
        + "\n",
        encoding="utf-8",
    )
    return path


def test_good_files_read(tmp_path):
    c = read_candidates(_write(tmp_path, "c.jsonl", [GOOD_C, "", {**GOOD_C, "id": "c2"}]))
    p = read_positions(_write(tmp_path, "p.jsonl", [GOOD_P]))
    assert [x.id for x in c] == ["c1", "c2"]
    assert p[0].employer_fleksjob_hires == 0 and p[0].openings == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"needs": ["short_days", "not_a_key"]}, "needs"),
        ({"hours_min": 20, "hours_max": 10}, "hours_min"),
        ({"lat": 91}, "lat"),
        ({"lon": -181}, "lon"),
        ({"lat": True}, "lat"),
        ({"id": 7}, "id"),
        ({"remote_ok": "yes"}, "remote_ok"),
        ({"occupations": ["41x0"]}, "occupations"),
        ({"occupations": "4110"}, "occupations"),
        ({"wishes_sectors": ["nowhere"]}, "wishes_sectors"),
        ({"goal": "fame"}, "goal"),
        ({"max_commute_km": -1}, "max_commute_km"),
        ({"weeks_waiting": "long"}, "weeks_waiting"),
        ({"skills_text": None}, "skills_text"),
    ],
)
def test_bad_candidate_field(tmp_path, change, field):
    path = _write(tmp_path, "c.jsonl", [GOOD_C, {**GOOD_C, "id": "c2", **change}])
    with pytest.raises(InputError) as err:
        read_candidates(path)
    assert err.value.line == 2 and err.value.field == field
    assert str(path) in str(err.value) and "line 2" in str(err.value) and field in str(err.value)


@pytest.mark.parametrize(
    "missing", ["id", "lat", "hours_max", "needs", "skills_text", "goal", "remote_ok"]
)
def test_missing_candidate_field(tmp_path, missing):
    row = {k: v for k, v in GOOD_C.items() if k != missing}
    with pytest.raises(InputError) as err:
        read_candidates(_write(tmp_path, "c.jsonl", [row]))
    assert (err.value.line, err.value.field) == (1, missing)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"provides": ["wheelchair_access", "jetpack"]}, "provides"),
        ({"hours_min": 13}, "hours_min"),
        ({"openings": 0}, "openings"),
        ({"openings": 1.5}, "openings"),
        ({"sector": "space"}, "sector"),
        ({"employer_fleksjob_hires": -2}, "employer_fleksjob_hires"),
        ({"remote": 1}, "remote"),
        ({"occupation": ""}, "occupation"),
    ],
)
def test_bad_position_field(tmp_path, change, field):
    path = _write(tmp_path, "p.jsonl", [GOOD_P, GOOD_P | {"id": "p2"}, {**GOOD_P, **change}])
    with pytest.raises(InputError) as err:
        read_positions(path)
    assert (err.value.line, err.value.field) == (3, field)


def test_bad_json_and_duplicates(tmp_path):
    with pytest.raises(InputError) as err:
        read_positions(_write(tmp_path, "p.jsonl", [GOOD_P, '{"id": "p2",']))
    assert err.value.line == 2 and "JSON" in str(err.value)
    with pytest.raises(InputError) as err:
        read_positions(_write(tmp_path, "p.jsonl", [GOOD_P, GOOD_P]))
    assert (err.value.line, err.value.field) == (2, "id")
    with pytest.raises(InputError) as err:
        read_candidates(_write(tmp_path, "c.jsonl", ["[1, 2]"]))
    assert err.value.line == 1


def test_values_are_not_echoed(tmp_path):
    row = {**GOOD_C, "needs": ["Hemmelig diagnose"], "skills_text": "Hemmelig tekst"}
    with pytest.raises(InputError) as err:
        read_candidates(_write(tmp_path, "c.jsonl", [row]))
    assert "Hemmelig" not in str(err.value)
