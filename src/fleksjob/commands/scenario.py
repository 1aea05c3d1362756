"""``fleksjob scenario``: a municipality's forward budget (fleksjobs, ledighedsydelse, gross
cost, refusion and net cost per year, with an interval) from its own history, with levers.

Reads the history from the database (``fleksjob.economics.scenario``); the model is
``fleksjob.core.scenario`` (docs/scenarios.md). Bad input: a clear message and exit 2.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path


def _number(low: float, high: float, *, open_low: bool = False):
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError("expected a number") from None
        if not math.isfinite(value) or value < low or value > high or (open_low and value == low):
            raise argparse.ArgumentTypeError(
                f"must be {'above' if open_low else 'at least'} {low:g} and at most {high:g}"
            )
        return value

    return parse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "scenario",
        help="forward budget of a municipality for N years, with levers (estimates)",
        description=__doc__,
    )
    p.add_argument("--municipality", required=True, help="municipality code, e.g. 751")
    p.add_argument("--from-year", type=int, required=True)
    p.add_argument("--years", type=int, required=True)
    p.add_argument(
        "--consultants-fte", type=_number(0, 10_000, open_low=True), help="consultants (FTE)"
    )
    p.add_argument(
        "--consultant-cost",
        type=_number(0, 10_000_000),
        default=0.0,
        help="kr a year per consultant FTE, counted in the gross cost (default 0: not counted)",
    )
    p.add_argument("--pool", type=Path, help="pool file (JSON; see docs/scenarios.md)")
    p.add_argument(
        "--active-offer-share",
        type=_number(0, 1),
        help="share of ledighedsydelse recipients in an active offer (0-1)",
    )
    p.add_argument("--draws", type=int, default=200, help="parameter draws for the interval")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_run)


def _fail(message: str) -> int:
    print(f"fleksjob scenario: error: {message}", file=sys.stderr)
    return 2


def _run(args: argparse.Namespace) -> int:
    from fleksjob.core.errors import InputError
    from fleksjob.core.scenario import read_pool

    if not 1 <= args.draws <= 5000:
        return _fail("--draws must be between 1 and 5000")
    if args.consultant_cost and args.consultants_fte is None:
        return _fail("--consultant-cost needs --consultants-fte")
    pool = None
    if args.pool:
        try:
            pool = read_pool(args.pool)
        except InputError as exc:
            return _fail(f"pool file: {exc}")
    from fleksjob.commands import setup_django

    setup_django()
    from fleksjob.economics.scenario import (
        Levers,
        RatesNotCovered,
        ScenarioError,
        compute_scenario,
    )

    try:
        result = compute_scenario(
            args.municipality,
            args.from_year,
            args.years,
            Levers(args.consultants_fte, args.active_offer_share, pool, args.consultant_cost),
            draws=args.draws,
            seed=args.seed,
        )
    except (ScenarioError, RatesNotCovered) as exc:
        return _fail(str(exc))
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False))
        return 0
    print(f"Scenarie for kommune {result.municipality} (kr pr. år; interval: 90 %)")
    print(
        f"{'år':>6}{'nye fleksjob':>14}{'ledighedsydelse':>17}{'brutto':>15}{'refusion':>14}"
        f"{'netto':>15}{'interval':>28}"
    )
    for y in result.years:
        print(
            f"{y.year:>6}{y.placements:>14.1f}{y.on_ledighedsydelse:>17.1f}{y.gross_cost:>15,.0f}"
            f"{y.refusion:>14,.0f}{y.net_cost:>15,.0f}{f'{y.low:,.0f}–{y.high:,.0f}':>28}"
        )
    for e in result.effects:
        print(
            f"Skøn: {e['label']}: koefficient {e['coefficient']:.3f} (SE {e['se']:.3f}), "
            f"{e['n_units']} kommuner, justeret for {e['adjusted_for']}"
        )
    return 0
