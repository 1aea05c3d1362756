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


def _id(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 2**63 - 1:
        raise argparse.ArgumentTypeError("expected a record id (a whole number from 1)")
    return int(text)


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
    pools = p.add_mutually_exclusive_group()
    pools.add_argument("--pool", type=Path, help="pool file (JSON; see docs/scenarios.md)")
    pools.add_argument(
        "--pool-id",
        type=_id,
        help="one of the municipality's own pool records (its id, as on the pool's page)",
    )
    p.add_argument(
        "--pool-hourly-wage",
        type=_number(1, 2000),
        help="with --pool-id: kr an hour when the pool has no open pool jobs (default 190)",
    )
    p.add_argument(
        "--pool-hours",
        type=_number(1, 37),
        help="with --pool-id: hours a week when the pool has no open pool jobs (default 15)",
    )
    p.add_argument(
        "--pool-months",
        type=_number(1, 120),
        help="with --pool-id: a temporary pool's average stay in months (default 12)",
    )
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
    pool_terms = {
        name: value
        for name, value in (
            ("hourly_wage", args.pool_hourly_wage),
            ("hours", args.pool_hours),
            ("months", args.pool_months),
        )
        if value is not None
    }
    if pool_terms and args.pool_id is None:
        return _fail("--pool-hourly-wage, --pool-hours and --pool-months need --pool-id")
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

    if args.pool_id is not None:
        from fleksjob.pools.reading import municipality_pool, scenario_pool

        record = municipality_pool(args.municipality, args.pool_id)
        if record is None:  # another municipality's pool is not found, as one that is not there
            return _fail(
                f"--pool-id {args.pool_id}: not found (municipality {args.municipality} has no "
                "pool with this id)"
            )
        pool = scenario_pool(record, **pool_terms)

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
