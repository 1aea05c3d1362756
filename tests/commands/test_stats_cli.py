"""``fleksjob stats funnel|shrink|survival`` on files: columns, defaults and bad input."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest

from fleksjob.cli import main


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def _rows(path):
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


UNITS = "unit,numerator,denominator\nA,10,100\nB,30,120\nC,5,20\nD,60,200\nE,2.5,9\n"


def test_funnel_outputs(tmp_path):
    src = _write(tmp_path / "units.csv", UNITS)
    out, lim, summ = tmp_path / "out.csv", tmp_path / "l.csv", tmp_path / "s.json"
    code = main(
        [
            "stats",
            "funnel",
            "--input",
            str(src),
            "--output",
            str(out),
            "--overdispersion",
            "none",
            "--limits-at",
            "20,100,1000",
            "--limits-output",
            str(lim),
            "--summary",
            str(summ),
        ]
    )
    assert code == 0
    rows = _rows(out)
    assert list(rows[0]) == [
        "unit",
        "numerator",
        "denominator",
        "rate",
        "lower95",
        "upper95",
        "lower998",
        "upper998",
        "z",
        "flag",
    ]
    assert [r["unit"] for r in rows] == list("ABCDE")
    p0 = 107.5 / 449
    assert float(rows[0]["lower95"]) == pytest.approx(
        p0 - 1.959964 * np.sqrt(p0 * (1 - p0) / 100), abs=1e-6
    )
    assert rows[0]["flag"] == "low998"  # 0.1 < 0.2394 − 3.09 · 0.0427
    limits = _rows(lim)
    assert [float(r["denominator"]) for r in limits] == [20, 100, 1000]
    assert list(limits[0]) == ["denominator", "lower95", "upper95", "lower998", "upper998"]
    assert limits[1]["upper95"] == rows[0]["upper95"]  # same denominator, same limit
    s = json.loads(summ.read_text())
    assert set(s) >= {"target", "phi", "tau2", "n_units"}
    assert s["n_units"] == 5 and s["target"] == pytest.approx(p0)


def test_funnel_default_is_additive(tmp_path):
    src = _write(tmp_path / "units.csv", UNITS)
    out, summ = tmp_path / "out.csv", tmp_path / "s.json"
    assert (
        main(["stats", "funnel", "--input", str(src), "--output", str(out), "--summary", str(summ)])
        == 0
    )
    s = json.loads(summ.read_text())
    assert s["overdispersion"] == "additive" and s["trim"] == 0.1


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ("unit,numerator,denominator\nA,1,10\nB,11,10\n", "line 3, field numerator"),
        ("unit,numerator,denominator\nA,-1,10\n", "line 2, field numerator"),
        ("unit,numerator,denominator\nA,1,0\n", "line 2, field denominator"),
        ("unit,numerator,denominator\nA,x,10\n", "line 2, field numerator"),
        ("unit,numerator,denominator\nA,1,10\nA,2,10\n", "line 3, field unit"),
        ("unit,numerator\nA,1\n", "line 1"),
        ("unit,numerator,denominator\nA,1,nan\n", "line 2, field denominator"),
    ],
)
def test_bad_rows_exit_2_and_write_nothing(tmp_path, capsys, body, where):
    src = _write(tmp_path / "units.csv", body)
    out = _write(tmp_path / "out.csv", "untouched")
    summ = tmp_path / "s.json"
    for command in ("funnel", "shrink"):
        code = main(
            ["stats", command, "--input", str(src), "--output", str(out), "--summary", str(summ)]
        )
        assert code == 2
        err = capsys.readouterr().err
        assert where in err and "units.csv" in err
        assert out.read_text() == "untouched" and not summ.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "units.csv"]


def test_shrink_outputs_and_summary(tmp_path):
    src = _write(tmp_path / "units.csv", UNITS)
    out, summ = tmp_path / "out.csv", tmp_path / "s.json"
    assert (
        main(["stats", "shrink", "--input", str(src), "--output", str(out), "--summary", str(summ)])
        == 0
    )
    rows = _rows(out)
    assert list(rows[0])[-3:] == ["shrunk_rate", "shrunk_lower95", "shrunk_upper95"]
    s = json.loads(summ.read_text())
    a, b = s["alpha"], s["beta"]
    # Posterior mean from the reported α, β.
    assert float(rows[0]["shrunk_rate"]) == pytest.approx((a + 10) / (a + b + 100))


def test_shrink_without_spread_says_so(tmp_path, capsys):
    src = _write(tmp_path / "u.csv", "unit,numerator,denominator\nA,10,100\nB,20,200\nC,5,50\n")
    out, summ = tmp_path / "out.csv", tmp_path / "s.json"
    assert (
        main(["stats", "shrink", "--input", str(src), "--output", str(out), "--summary", str(summ)])
        == 0
    )
    assert "pooled" in capsys.readouterr().err
    assert {r["shrunk_rate"] for r in _rows(out)} == {"0.1"}
    assert json.loads(summ.read_text())["alpha"] is None


def test_survival_outputs(tmp_path):
    src = _write(
        tmp_path / "spells.csv",
        "unit,time,event\nA,1,1\nA,2,0\nA,3,1\nB,5,0\nB,30,1\nB,40,0\nB,50,0\n",
    )
    out = tmp_path / "out.csv"
    assert main(["stats", "survival", "--input", str(src), "--output", str(out)]) == 0
    rows = {r["unit"]: r for r in _rows(out)}
    assert list(next(iter(rows.values()))) == [
        "unit",
        "n",
        "events",
        "km_median",
        "rmst",
        "share_within",
    ]
    a, b = rows["A"], rows["B"]
    assert (a["n"], a["events"], a["km_median"]) == ("3", "2", "3.0")
    # tau defaults to the largest time in the input (50): A is 1 to t=1, 2/3 to t=3, then 0.
    assert float(a["rmst"]) == pytest.approx(1 + 2 * 2 / 3)
    assert b["km_median"] == ""  # S(t) for B only falls to 2/3
    assert float(b["share_within"]) == 0.0  # within 12 by default
    assert float(b["rmst"]) == pytest.approx(30 + 20 * 2 / 3)


def test_survival_bad_event(tmp_path, capsys):
    src = _write(tmp_path / "spells.csv", "unit,time,event\nA,1,1\nA,2,yes\n")
    out = tmp_path / "out.csv"
    assert main(["stats", "survival", "--input", str(src), "--output", str(out)]) == 2
    assert "line 3, field event" in capsys.readouterr().err
    assert not out.exists()


def test_funnel_cli_reproduces_phe_labels(tmp_path):
    from pathlib import Path

    phe = Path(__file__).resolve().parents[1] / "data" / "peer" / "phe-funnel"
    src = phe / "testdata_funnel_prop_inputs.csv"
    with src.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    units = tmp_path / "units.csv"
    with units.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["unit", "numerator", "denominator"])
        w.writerows([r["Area"], r["numerator"], r["denominator"]] for r in rows)
    out = tmp_path / "out.csv"
    assert (
        main(
            [
                "stats",
                "funnel",
                "--input",
                str(units),
                "--output",
                str(out),
                "--overdispersion",
                "none",
            ]
        )
        == 0
    )
    labels = {
        "High (0.001)": "high998",
        "High (0.025)": "high95",
        "Not significant": "within",
        "Low (0.025)": "low95",
        "Low (0.001)": "low998",
    }
    assert [r["flag"] for r in _rows(out)] == [labels[r["significance"]] for r in rows]


def test_missing_output_directory_writes_nothing(tmp_path, capsys):
    src = _write(tmp_path / "units.csv", UNITS)
    out = tmp_path / "out.csv"
    summ = tmp_path / "nowhere" / "s.json"
    code = main(
        ["stats", "funnel", "--input", str(src), "--output", str(out), "--summary", str(summ)]
    )
    assert code == 2
    assert "does not exist" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["units.csv"]
