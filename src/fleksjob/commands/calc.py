"""``fleksjob calc ...``: the rules and economics calculators (no Django).

Every calculator takes ``--year Y`` or ``--date YYYY-MM-DD`` (the rule set in force that day) and
prints a readable Danish table, or JSON with ``--json``. Bad input exits with code 2 and a message
naming the option, file, line and field.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from fleksjob.core import bounds
from fleksjob.core.errors import InputError
from fleksjob.core.records.limits import FULL_TIME_HOURS
from fleksjob.core.rules import deadlines, refusion
from fleksjob.core.rules.fleksloentilskud import employer_cost, income_by_hours, subsidy
from fleksjob.core.rules.income_tax import tax_rates
from fleksjob.core.rules.ledighedsydelse import ledighedsydelse
from fleksjob.core.rules.rates import RatesNotCovered, RuleSet, rules_for
from fleksjob.core.rules.workdays import WorkCalendar


def _date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("skal være en dato på formen ÅÅÅÅ-MM-DD") from None
    return _bounded(bounds.check_date, day)


def _bounded(check, value, **limits):
    try:
        return check(value, **limits)
    except bounds.OutOfBounds as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            "skal være et tal (brug punktum som decimaltegn)"
        ) from None


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("skal være et helt tal") from None


def _amount(text: str) -> float:
    """Kroner: a finite number from 0 to ``bounds.AMOUNT_MAX``."""
    return _bounded(bounds.check_number, _number(text))


def _percent(text: str) -> float:
    return _bounded(bounds.check_number, _number(text), high=bounds.PERCENT_MAX)


def _weekly_hours(text: str) -> float:
    return _bounded(bounds.check_number, _number(text), high=bounds.WEEKLY_HOURS_MAX)


def _year(text: str) -> int:
    return _bounded(bounds.check_year, _whole(text))


def _fulltime(text: str) -> int:
    return _bounded(bounds.check_count, _whole(text), low=1, high=bounds.WEEKLY_HOURS_MAX)


def _weeks(text: str) -> int:
    return _bounded(bounds.check_count, _whole(text), high=bounds.WEEKS_MAX)


def kr(value: float) -> str:
    """Danish money format: 19.952,00 kr."""
    text = f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return f"{text} kr."


def _when_args(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--year", type=_year, help="satsår (regelsættet i kraft 1. januar)")
    group.add_argument("--date", type=_date, help="dato ÅÅÅÅ-MM-DD (regelsættet i kraft den dag)")
    parser.add_argument("--json", action="store_true", help="JSON i stedet for en tabel")


def _rules(args: argparse.Namespace) -> RuleSet:
    return rules_for(args.date if args.date is not None else args.year)


def _when(args: argparse.Namespace) -> dict[str, Any]:
    return {"date": args.date.isoformat()} if args.date else {"year": args.year}


def _table(rows: list[tuple[str, str]]) -> str:
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in rows)


def _emit(args: argparse.Namespace, payload: dict[str, Any], text: str) -> None:
    if args.json:
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(text)


def _rates(args: argparse.Namespace) -> int:
    rules = _rules(args)
    data = rules.as_dict()
    rows = [("Gælder", f"{data['effective_from']} – {data['effective_to']}")]
    if data["notes"]:
        rows.append(("Bemærkning", data["notes"]))
    for key, entry in data["rates"].items():
        mark = "" if entry["verified"] else "  (ikke verificeret)"
        rows.append((key, f"{entry['value']} {entry['unit']}{mark}"))
    steps = ", ".join(
        f"{'til uge ' + str(s['to_week']) if s['to_week'] else 'derefter'}: {s['pct']:.0%}"
        for s in data["refusion"]["steps"]
    )
    rows.append(("refusionstrappe", steps))
    _emit(args, {**_when(args), **data}, _table(rows))
    return 0


def _subsidy(args: argparse.Namespace) -> int:
    result = subsidy(_rules(args), args.wage_income, args.wage_ceiling).as_dict()
    rows = [
        ("Maksimalt fleksløntilskud", kr(result["max_subsidy"])),
        ("Grænsebeløb (T)", kr(result["threshold"])),
        ("Lønindtægt inkl. pension", kr(result["wage_income"])),
        ("Fradrag 30 % op til T", kr(result["reduction_low"])),
        ("Fradrag 55 % over T", kr(result["reduction_high"])),
        ("Fleksløntilskud", kr(result["subsidy"])),
        ("Begrænset af lønloft", "ja" if result["capped_by_ceiling"] else "nej"),
        ("Samlet indtægt", kr(result["total_income"])),
    ]
    _emit(args, {**_when(args), **result}, _table(rows))
    return 0


def _pct(share: float, digits: int = 1) -> str:
    return f"{share * 100:.{digits}f} %".replace(".", ",")


def _hours(args: argparse.Namespace) -> int:
    if args.church and args.municipality is None:
        raise InputError("--church kræver --municipality (kirkeskatten afhænger af kommunen)")
    table = income_by_hours(
        _rules(args),
        args.hourly_wage,
        args.pension_pct,
        args.fulltime_hours,
        municipality=args.municipality,
        church_member=args.church,
    )
    net = table.tax is not None
    header = (
        f"{'timer/uge':>9} {'løn':>14} {'tilskud':>14} {'i alt':>14} {'gevinst ved +1 time':>20}"
    )
    if net:
        header += f" {'netto':>14} {'netto ved +1 time':>18} {'eff. marginalskat':>17}"
    lines = [header]
    for r in table.rows:
        gain = "" if r["marginal_gain"] is None else kr(r["marginal_gain"])
        line = (
            f"{r['hours_per_week']:>9} {kr(r['wage_income']):>14} {kr(r['subsidy']):>14} "
            f"{kr(r['total_income']):>14} {gain:>20}"
        )
        if net:
            net_gain = "" if r["marginal_net_gain"] is None else kr(r["marginal_net_gain"])
            rate = (
                "" if r["effective_marginal_rate"] is None else _pct(r["effective_marginal_rate"])
            )
            line += f" {kr(r['net_income']):>14} {net_gain:>18} {rate:>17}"
        lines.append(line)
    kink = table.kink_hours
    lines.append(
        f"55 %-fradraget begynder ved {kink} timer/uge"
        if kink
        else "Lønnen når ikke grænsebeløbet T"
    )
    if table.tax is not None:
        tax = table.tax
        place = tax["municipality"]
        church = (
            f", kirkeskat {_pct(place['kirkeskat'], 2)}"
            if tax["church_member"]
            else ", ikke kirkeskat"
        )
        lines.append(
            f"Skat {tax['year']}: {place['name']} ({place['code']}) kommuneskat "
            f"{_pct(place['kommuneskat'], 2)}{church}; kilde: {place['source']}"
        )
        benefit = tax["ledighedsydelse"]
        lines.append(
            f"Til sammenligning: fuld ledighedsydelse {kr(benefit['gross'])}, "
            f"efter skat {kr(benefit['net_income'])} pr. måned"
        )
        lines.extend(f"Bemærk: {note}" for note in tax["notes"])
    _emit(args, {**_when(args), **table.as_dict()}, "\n".join(lines))
    return 0


def _tax_rates(args: argparse.Namespace) -> int:
    data = tax_rates(args.date if args.date is not None else args.year, args.municipality)
    rows = [("Indkomstår", str(data["year"]))]
    if data["notes"]:
        rows.append(("Bemærkning", data["notes"]))

    def entry(name: str, item: dict[str, Any]) -> tuple[str, str]:
        mark = "" if item["verified"] else "  (ikke verificeret)"
        return name, f"{item['value']} {item['unit']}{mark}; kilde: {item['source']}"

    rows.extend(entry(key, item) for key, item in data["rates"].items())
    for bracket in data["state_brackets"]:
        rows.extend(entry(f"{bracket['name']}.{k}", bracket[k]) for k in _BRACKET_PARTS)
    for local in data["municipal_rates"]:
        rows.append(
            (
                f"kommune {local['code']} {local['name']}",
                f"kommuneskat {_pct(local['kommuneskat'], 2)}, kirkeskat "
                f"{_pct(local['kirkeskat'], 2)}"
                f"{'' if local['own_church_rate'] else ' (landsgennemsnit)'}; "
                f"kilde: {local['source']}, "
                f"{local['source_url']} ({local['source_date']})",
            )
        )
    if data["municipality"] is not None:
        local = data["municipality"]
        rows.append(
            (
                "Valgt kommune",
                f"{local['name']} ({local['code']}): kommuneskat {_pct(local['kommuneskat'], 2)}, "
                f"kirkeskat {_pct(local['kirkeskat'], 2)}"
                + (f"; {local['note']}" if local["note"] else ""),
            )
        )
    _emit(args, {**_when(args), **data}, _table(rows))
    return 0


_BRACKET_PARTS = ("rate", "threshold", "skatteloft")


def _ledighedsydelse(args: argparse.Namespace) -> int:
    result = ledighedsydelse(
        _rules(args), args.income, high_rate=not args.low_rate, forsorger=args.forsorger
    ).as_dict()
    rows = [
        ("Niveau", result["level"]),
        ("Fuld sats", kr(result["full_rate"])),
        ("Indtægt", kr(result["income"])),
        ("Fradrag (30/55 %)", kr(result["reduction"])),
        ("Ledighedsydelse", kr(result["ledighedsydelse"])),
        ("Samlet indtægt", kr(result["total_income"])),
    ]
    _emit(args, {**_when(args), **result}, _table(rows))
    return 0


def _employer(args: argparse.Namespace) -> int:
    result = employer_cost(
        _rules(args), args.hourly_wage, args.hours_per_week, args.employer_pension_pct
    )
    rows = [
        ("Timer pr. måned", f"{result['hours_per_month']:.2f}".replace(".", ",")),
        ("Løn", kr(result["wage"])),
        ("Arbejdsgiverpension", kr(result["employer_pension"])),
        ("Arbejdsgivers ATP", kr(result["employer_atp"])),
        ("I alt pr. måned", kr(result["total"])),
    ]
    _emit(args, {**_when(args), **result}, _table(rows))
    return 0


def _deadlines(args: argparse.Namespace) -> int:
    if args.first_fleksjob_start is None and args.ledighedsydelse_start is None:
        raise InputError("angiv --first-fleksjob-start og/eller --ledighedsydelse-start")
    cal = WorkCalendar(() if args.no_extra_days_off else WorkCalendar().extra_days_off)
    items = deadlines.case_deadlines(
        args.first_fleksjob_start, args.ledighedsydelse_start, args.until, cal
    )
    payload: dict[str, Any] = {"deadlines": [d.as_dict() for d in items]}
    if args.ledighedsydelse_start:
        plan = deadlines.jobsamtale_plan(args.ledighedsydelse_start, cal)
        payload["jobsamtale_plan"] = [d.isoformat() for d in plan]
    lines = [f"{'frist':<12} {'efter reglen':<12}  hvad"]
    for d in items:
        lines.append(f"{d.due.isoformat():<12} {d.calendar_date.isoformat():<12}  {d.label}")
    if "jobsamtale_plan" in payload:
        lines.append("Forslag til jobsamtaler: " + ", ".join(payload["jobsamtale_plan"]))
    args.json = args.json_out
    _emit(args, payload, "\n".join(lines))
    return 0


def _history_date(row: dict, name: str, where: str) -> dt.date:
    try:
        return bounds.check_date(dt.date.fromisoformat(row[name] or ""), field=name)
    except bounds.OutOfBounds as exc:
        raise InputError(f"{where}, felt {exc}") from None
    except ValueError:
        raise InputError(f"{where}, felt {name}: ikke en dato ÅÅÅÅ-MM-DD") from None


def read_history(path: Path) -> list[refusion.Spell]:
    """Spells from a CSV with ``start,end,kind,monthly_amount`` (kind: ydelse or stoettet)."""
    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: kan ikke læses ({exc.strerror})") from None
    spells = []
    with handle:
        reader = csv.DictReader(handle)
        missing = {"start", "end", "kind"} - set(reader.fieldnames or [])
        if missing:
            raise InputError(f"{path}, linje 1: kolonne mangler: {', '.join(sorted(missing))}")
        for line, row in enumerate(reader, start=2):
            where = f"{path}, linje {line}"
            start, end = (_history_date(row, name, where) for name in ("start", "end"))
            try:
                kind = refusion.Kind(row["kind"])
            except ValueError:
                raise InputError(f"{where}, felt kind: skal være ydelse eller stoettet") from None
            raw_amount = (row.get("monthly_amount") or "0").strip()
            try:
                amount = bounds.check_number(float(raw_amount), field="monthly_amount")
            except bounds.OutOfBounds as exc:
                raise InputError(f"{where}, felt {exc}") from None
            except ValueError:
                raise InputError(f"{where}, felt monthly_amount: ikke et tal") from None
            if end < start:
                raise InputError(f"{where}, felt end: ligger før start")
            spells.append(refusion.Spell(start, end, kind, amount))
    if not spells:
        raise InputError(f"{path}: ingen perioder i filen")
    return spells


def _refusion(args: argparse.Namespace) -> int:
    if args.week is not None:
        rules = rules_for(args.date if args.date else (args.year or dt.date.today().year))
        pct = rules.refusion.pct_for_week(args.week)
        payload = {"week": args.week, "pct": pct, "source": rules.refusion.source}
        _emit(args, payload, f"Uge {args.week} med ydelser: statsrefusion {pct:.0%}")
        return 0
    spells = read_history(args.history)
    run = refusion.clock(spells, initial_weeks=args.initial_weeks)
    months = refusion.municipal_cost(spells, args.start, args.end, initial_weeks=args.initial_weeks)
    total = {
        "gross": round(sum(m.gross for m in months), 2),
        "refusion": round(sum(m.refusion for m in months), 2),
        "net": round(sum(m.net for m in months), 2),
    }
    payload = {
        "current_week_number": run.current_week_number,
        "resets": [d.isoformat() for d in run.resets],
        "months": [m.__dict__ for m in months],
        "total": total,
    }
    lines = [f"{'måned':<8} {'udgift':>16} {'refusion':>16} {'netto':>16}"]
    for m in months:
        lines.append(f"{m.month:<8} {kr(m.gross):>16} {kr(m.refusion):>16} {kr(m.net):>16}")
    lines.append(
        f"{'i alt':<8} {kr(total['gross']):>16} {kr(total['refusion']):>16} {kr(total['net']):>16}"
    )
    lines.append(f"Uger med ydelser i den aktuelle refusionsperiode: {run.current_week_number}")
    if run.resets:
        lines.append("Refusionsperioden startede forfra: " + ", ".join(payload["resets"]))
    _emit(args, payload, "\n".join(lines))
    return 0


def _run(handler):
    def wrapped(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except (InputError, RatesNotCovered, ValueError) as exc:
            print(f"fleksjob calc {args.calc_command}: {exc}", file=sys.stderr)
            return 2

    return wrapped


def register(sub: argparse._SubParsersAction) -> None:
    calc = sub.add_parser("calc", help="satser, fleksløntilskud, timer, frister og refusion")
    calc_sub = calc.add_subparsers(dest="calc_command", required=True)

    p = calc_sub.add_parser("rates", help="alle satser i regelsættet med kilder")
    _when_args(p)
    p.set_defaults(handler=_run(_rates))

    p = calc_sub.add_parser("subsidy", help="fleksløntilskud for en måneds lønindtægt")
    _when_args(p)
    p.add_argument("--wage-income", type=_amount, required=True, help="kr/md inkl. pension")
    p.add_argument("--wage-ceiling", type=_amount, help="lønloft, kr/md inkl. pension")
    p.set_defaults(handler=_run(_subsidy))

    p = calc_sub.add_parser("hours", help="indtægt for hver ugentlig time")
    _when_args(p)
    p.add_argument("--hourly-wage", type=_amount, required=True, help="timeløn før pension")
    p.add_argument("--pension-pct", type=_percent, default=0.0, help="samlet pension i %%")
    p.add_argument("--fulltime-hours", type=_fulltime, default=FULL_TIME_HOURS)
    p.add_argument(
        "--municipality",
        metavar="KODE",
        help="kommunekode (fx 350): tilføj nettoindkomst efter skat med kommunens skatteprocent",
    )
    p.add_argument(
        "--church", action="store_true", help="medlem af folkekirken (kirkeskat; kræver kommune)"
    )
    p.set_defaults(handler=_run(_hours))

    p = calc_sub.add_parser("tax-rates", help="skattesatser for et indkomstår med kilder")
    _when_args(p)
    p.add_argument("--municipality", metavar="KODE", help="vis de satser, kommunen regnes med")
    p.set_defaults(handler=_run(_tax_rates))

    p = calc_sub.add_parser("ledighedsydelse", help="ledighedsydelse efter indtægt")
    _when_args(p)
    p.add_argument("--income", type=_amount, default=0.0, help="indtægt kr/md")
    p.add_argument("--low-rate", action="store_true", help="kontanthjælpsniveau i stedet for 89 %%")
    p.add_argument("--forsorger", action="store_true", help="forsørgersats (med --low-rate)")
    p.set_defaults(handler=_run(_ledighedsydelse))

    p = calc_sub.add_parser("employer", help="arbejdsgiverens udgift (kun de arbejdede timer)")
    _when_args(p)
    p.add_argument("--hourly-wage", type=_amount, required=True)
    p.add_argument("--hours-per-week", type=_weekly_hours, required=True)
    p.add_argument("--employer-pension-pct", type=_percent, default=0.0)
    p.set_defaults(handler=_run(_employer))

    p = calc_sub.add_parser("deadlines", help="sagens frister, flyttet til næste arbejdsdag")
    p.add_argument("--first-fleksjob-start", type=_date)
    p.add_argument("--ledighedsydelse-start", type=_date)
    p.add_argument("--until", type=_date, help="vis opfølgningssamtaler til og med denne dato")
    p.add_argument(
        "--no-extra-days-off",
        action="store_true",
        help="24/12, 31/12 og grundlovsdag er arbejdsdage",
    )
    p.add_argument("--json", dest="json_out", action="store_true")
    p.set_defaults(handler=_run(_deadlines))

    p = calc_sub.add_parser("refusion", help="refusionstrappen og kommunens nettoudgift")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--history", type=Path, help="CSV: start,end,kind,monthly_amount")
    group.add_argument(
        "--week", type=_weeks, help="refusionsprocenten for den n'te uge med ydelser"
    )
    when = p.add_mutually_exclusive_group()
    when.add_argument("--year", type=_year)
    when.add_argument("--date", type=_date)
    p.add_argument("--from", dest="start", type=_date, help="udgifter fra denne dato")
    p.add_argument("--to", dest="end", type=_date, help="udgifter til og med denne dato")
    p.add_argument("--initial-weeks", type=_weeks, default=0, help="uger talt før historikken")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_run(_refusion))
