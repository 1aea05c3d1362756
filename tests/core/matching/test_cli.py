"""``fleksjob match`` end to end: files in, file out; bad lines exit 2 and write nothing."""

from __future__ import annotations

import csv
import json

import pytest

from fleksjob.cli import main

from .conftest import random_instance


def _files(tmp_path, n_c=40, n_p=120, seed=3):
    cands, poss = random_instance(n_c, n_p, seed=seed, spread_deg=0.5)
    c_path, p_path = tmp_path / "c.jsonl", tmp_path / "p.jsonl"
    c_path.write_text(
        "".join(json.dumps(_plain(c), ensure_ascii=False) + "\n" for c in cands), encoding="utf-8"
    )
    p_path.write_text(
        "".join(json.dumps(_plain(p), ensure_ascii=False) + "\n" for p in poss), encoding="utf-8"
    )
    return c_path, p_path, cands, poss


def _plain(record):
    out = {k: list(v) if isinstance(v, tuple) else v for k, v in record.__dict__.items()}
    if "tasks" in out:  # job crafting: the tasks as the file format writes them
        out["tasks"] = [
            {"id": t.id, "hours": float(t.hours), "skills": sorted(t.skills)} for t in out["tasks"]
        ]
    return out


def _inputs(c_path, p_path) -> list[str]:
    return ["match", "--candidates", str(c_path), "--positions", str(p_path)]


@pytest.mark.slow
def test_round_trip_with_assignment(tmp_path):
    c_path, p_path, cands, poss = _files(tmp_path)
    out, edges = tmp_path / "out.json", tmp_path / "edges.csv"
    code = main(
        [
            *_inputs(c_path, p_path),
            "--top",
            "3",
            "--assign",
            "--per-position",
            "2",
            "--out",
            str(out),
            "--edges",
            str(edges),
        ]
    )
    assert code == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert set(result) == {"recommendations", "candidates_for", "assignment", "objective", "stats"}
    assert set(result["recommendations"]) == {c.id for c in cands}
    assert set(result["candidates_for"]) == {p.id for p in poss}
    for recs in result["recommendations"].values():
        assert len(recs) <= 3
        for r in recs:
            assert set(r) == {"position", "score", "reasons"} and isinstance(r["position"], str)
            assert all(isinstance(x, str) for x in r["reasons"])
    for a in result["assignment"]:
        assert set(a) == {"candidate", "position", "score", "weight"}
    with edges.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and list(rows[0]) == ["candidate", "position", "score", "weight"]
    assert result["objective"] == pytest.approx(sum(a["weight"] for a in result["assignment"]))
    assert "by_waiting_time" in result["stats"]["assignment"]
    assert "gini" in result["stats"]["exposure"]


@pytest.mark.slow
def test_defaults_top_10_and_no_assignment(tmp_path):
    c_path, p_path, _, _ = _files(tmp_path, n_c=20, n_p=400)
    out = tmp_path / "out.json"
    assert main([*_inputs(c_path, p_path), "--out", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert set(result) == {"recommendations", "stats"}
    assert max(len(v) for v in result["recommendations"].values()) == 10


@pytest.mark.parametrize(
    ("which", "line", "bad", "field"),
    [
        ("candidates", 3, "{not json", None),
        ("candidates", 2, {"needs": ["teleportation"]}, "needs"),
        ("positions", 5, {"hours_min": 30, "hours_max": 2}, "hours_min"),
        ("positions", 1, {"lat": 123.0}, "lat"),
        ("candidates", 4, {"weeks_waiting": None}, "weeks_waiting"),
    ],
)
def test_bad_line_exits_2_and_writes_nothing(tmp_path, capsys, which, line, bad, field):
    c_path, p_path, _, _ = _files(tmp_path)
    path = c_path if which == "candidates" else p_path
    lines = path.read_text(encoding="utf-8").splitlines()
    if isinstance(bad, dict):
        lines[line - 1] = json.dumps({**json.loads(lines[line - 1]), **bad})
    else:
        lines[line - 1] = bad
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, edges = tmp_path / "out.json", tmp_path / "edges.csv"
    code = main(
        [
            *_inputs(c_path, p_path),
            "--assign",
            "--out",
            str(out),
            "--edges",
            str(edges),
        ]
    )
    assert code == 2
    message = capsys.readouterr().err
    assert str(path) in message and f"line {line}" in message
    if field:
        assert f"'{field}'" in message
    assert not out.exists() and not edges.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_missing_output_directory(tmp_path, capsys):
    c_path, p_path, _, _ = _files(tmp_path)
    code = main(
        [
            *_inputs(c_path, p_path),
            "--out",
            str(tmp_path / "nowhere" / "out.json"),
        ]
    )
    assert code == 2 and "does not exist" in capsys.readouterr().err


def test_unreadable_input_exits_2(tmp_path, capsys):
    _, p_path, _, _ = _files(tmp_path)
    bad = tmp_path / "latin1.jsonl"
    bad.write_bytes('{"id": "c1", "skills_text": "rengøring"}\n'.encode("latin-1"))
    for c_path in (tmp_path / "missing.jsonl", bad):
        out = tmp_path / "out.json"
        code = main([*_inputs(c_path, p_path), "--out", str(out)])
        assert code == 2 and str(c_path) in capsys.readouterr().err and not out.exists()
