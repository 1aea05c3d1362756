import json

import pytest

from fleksjob.cli import main


def run(capsys, *argv):
    try:
        code = main(["calc", *argv])
    except SystemExit as exc:  # argparse errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def test_subsidy_json_keys(capsys):
    code, out, _ = run(capsys, "subsidy", "--year", "2024", "--wage-income", "20000", "--json")
    assert code == 0
    data = json.loads(out)
    for key in ("max_subsidy", "threshold", "subsidy", "reduction", "capped_by_ceiling"):
        assert key in data
    assert data["subsidy"] == pytest.approx(13032.75)
    assert data["total_income"] == pytest.approx(33032.75)


def test_subsidy_table_is_danish(capsys):
    code, out, _ = run(capsys, "subsidy", "--date", "2024-06-01", "--wage-income", "20000")
    assert code == 0
    assert "Fleksløntilskud" in out and "13.032,75 kr." in out


def test_hours_contract(capsys):
    code, out, _ = run(
        capsys, "hours", "--year", "2025", "--hourly-wage", "200", "--pension-pct", "12", "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert len(data["rows"]) == 37 and data["rows"][0]["marginal_gain"] is None
    assert data["kink_hours"] == 18


def test_rates_lists_sources(capsys):
    code, out, _ = run(capsys, "rates", "--year", "2023", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["rates"]["hoejeste_dagpengesats"]["value"] == 19728
    assert all("source" in v for v in data["rates"].values())


def test_ledighedsydelse_and_employer(capsys):
    code, out, _ = run(capsys, "ledighedsydelse", "--year", "2024", "--income", "5000", "--json")
    assert code == 0 and json.loads(out)["ledighedsydelse"] == pytest.approx(16620)
    code, out, _ = run(
        capsys,
        "employer",
        "--year",
        "2024",
        "--hourly-wage",
        "200",
        "--hours-per-week",
        "10",
        "--json",
    )
    assert code == 0 and json.loads(out)["wage"] == pytest.approx(8666.67, abs=0.01)


def test_deadlines(capsys):
    code, out, _ = run(capsys, "deadlines", "--first-fleksjob-start", "2021-06-05", "--json")
    assert code == 0
    due = {d["key"]: d["due"] for d in json.loads(out)["deadlines"]}
    assert due["temporary_until"] == "2026-06-08"


def test_refusion_history(capsys, tmp_path):
    history = tmp_path / "h.csv"
    history.write_text("start,end,kind,monthly_amount\n2024-01-01,2024-01-31,ydelse,18000\n")
    code, out, _ = run(capsys, "refusion", "--history", str(history), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["total"]["refusion"] == pytest.approx(13703.23, abs=0.01)
    assert data["current_week_number"] == 5


def test_refusion_week(capsys):
    code, out, _ = run(capsys, "refusion", "--week", "27", "--year", "2024", "--json")
    assert code == 0 and json.loads(out)["pct"] == 0.3


@pytest.mark.parametrize(
    "argv",
    [
        ["subsidy", "--year", "2021", "--wage-income", "1000"],  # before the earliest table
        ["subsidy", "--date", "2027-01-01", "--wage-income", "1000"],
        ["subsidy", "--year", "2024", "--wage-income", "-1"],
        ["subsidy", "--year", "2024", "--wage-income", "tyve"],
        ["subsidy", "--wage-income", "1000"],  # no year or date
        ["hours", "--year", "2024", "--hourly-wage", "0"],
        ["hours", "--date", "2024-02-30", "--hourly-wage", "200"],
        ["deadlines"],
        ["refusion", "--week", "0"],
    ],
)
def test_bad_input_exits_2(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert err.strip() and not out


def test_bad_history_names_file_line_and_field(capsys, tmp_path):
    history = tmp_path / "h.csv"
    history.write_text(
        "start,end,kind,monthly_amount\n2024-01-01,2024-01-31,ydelse,18000\n"
        "2024-02-01,2024-02-29,pension,1\n"
    )
    code, _, err = run(capsys, "refusion", "--history", str(history))
    assert code == 2
    assert "h.csv, linje 3, felt kind" in err
    code, _, err = run(capsys, "refusion", "--history", str(tmp_path / "missing.csv"))
    assert code == 2 and "missing.csv" in err


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["deadlines", "--first-fleksjob-start", "9999-06-01"], "--first-fleksjob-start"),
        (["deadlines", "--ledighedsydelse-start", "9999-12-01"], "--ledighedsydelse-start"),
        (["hours", "--year", "2025", "--hourly-wage", "1e308"], "--hourly-wage"),
        (["subsidy", "--year", "2025", "--wage-income", "1e308"], "--wage-income"),
        (
            ["employer", "--year", "2025", "--hourly-wage", "200", "--hours-per-week", "1e308"],
            "--hours-per-week",
        ),
        (["rates", "--year", "99999999999999999999"], "--year"),
        (["refusion", "--week", "99999999999999999999999", "--year", "2025"], "--week"),
    ],
)
def test_out_of_bounds_input_exits_2_naming_the_option(capsys, argv, option):
    """Far dates and huge numbers are refused where they enter, never printed as "nan kr."."""
    code, out, err = run(capsys, *argv)
    assert code == 2 and not out
    assert f"argument {option}:" in err and "nan" not in err


def test_history_dates_outside_the_window_name_line_and_field(capsys, tmp_path):
    history = tmp_path / "h.csv"
    history.write_text("start,end,kind,monthly_amount\n1066-10-14,2024-01-31,ydelse,18000\n")
    code, _, err = run(capsys, "refusion", "--history", str(history))
    assert code == 2
    assert "h.csv, linje 2, felt start: datoen skal ligge mellem 1900-01-01" in err


def test_hours_with_municipality_adds_net_income(capsys):
    """Worked by hand in tests/core/rules/test_income_tax.py: 200 kr./time, 20 timer, Lejre 2025,
    member: net 249.267,3308 / 12 = 20.772,28 kr. a month."""
    args = ("hours", "--year", "2025", "--hourly-wage", "200", "--municipality", "350")
    code, out, _ = run(capsys, *args, "--church", "--json")
    assert code == 0
    data = json.loads(out)
    row = data["rows"][19]
    assert row["net_income"] == pytest.approx(20772.28, abs=0.01)
    assert data["rows"][0]["marginal_net_gain"] is None
    assert row["marginal_net_gain"] == pytest.approx(
        row["net_income"] - data["rows"][18]["net_income"], abs=0.011
    )
    assert data["tax"]["municipality"]["code"] == "350" and data["tax"]["church_member"]
    code, out, _ = run(capsys, *args, "--date", "2025-03-01")
    assert code == 2  # --year and --date together
    code, out, _ = run(capsys, *args)
    assert code == 0 and "20.772,28 kr." not in out  # no church: a different (higher) net
    assert "Lejre (350) kommuneskat 25,31 %, ikke kirkeskat" in out
    assert "ledighedsydelse 18.772,00 kr." in out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--municipality", "999"), "ukendt kommunekode"),
        (("--municipality", "Lejre"), "ukendt kommunekode"),
        (("--church",), "--church kræver --municipality"),
    ],
)
def test_hours_bad_municipality_exits_2(capsys, extra, message):
    code, out, err = run(capsys, "hours", "--year", "2025", "--hourly-wage", "200", *extra)
    assert code == 2 and message in err and not out
    assert "999" not in err and "Lejre" not in err


def test_hours_net_for_a_year_without_tax_data_exits_2(capsys):
    args = ("hours", "--year", "2024", "--hourly-wage", "200")
    code, _, err = run(capsys, *args, "--municipality", "350")
    assert code == 2 and "ingen skattesatser" in err and "2025–2026" in err
    assert run(capsys, *args)[0] == 0  # gross only still works for 2024


def test_tax_rates_list_every_figure_with_its_source(capsys):
    code, out, _ = run(capsys, "tax-rates", "--year", "2025", "--municipality", "350", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["rates"]["personfradrag"]["value"] == 51600
    assert all(item["source"] for item in data["rates"].values())
    assert [b["name"] for b in data["state_brackets"]] == ["topskat"]
    codes = [m["code"] for m in data["municipal_rates"]]
    assert codes == sorted(codes) and {"101", "230", "350"} <= set(codes)
    assert all(m["source_url"] and m["source_date"] for m in data["municipal_rates"])
    assert data["municipality"]["kommuneskat"] == pytest.approx(0.2531)
    code, out, _ = run(capsys, "tax-rates", "--year", "2026")
    assert code == 0 and "top-topskat.threshold" in out and "(ikke verificeret)" in out
    code, _, err = run(capsys, "tax-rates", "--year", "2023")
    assert code == 2 and "ingen skattesatser" in err
    code, _, err = run(capsys, "tax-rates", "--year", "2025", "--municipality", "12")
    assert code == 2 and "ukendt kommunekode" in err
