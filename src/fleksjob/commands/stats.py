"""``fleksjob stats``: funnel limits, shrinkage and survival summaries on CSV files.

The sub-command name ``compute`` (indicators from the database) is left to the benchmarking app.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np


def _positive_list(text: str) -> list[float]:
    try:
        values = [float(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError("expected comma-separated numbers") from None
    if not values or any(not np.isfinite(v) or v <= 0 for v in values):
        raise argparse.ArgumentTypeError("expected comma-separated numbers greater than 0")
    return values


def _trim(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("expected a number") from None
    if not 0 <= value < 0.5:
        raise argparse.ArgumentTypeError("must be at least 0 and below 0.5")
    return value


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("expected a number") from None
    if not np.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError("must be greater than 0")
    return value


def _compute(args: argparse.Namespace) -> int:
    """Needs the database: runs the ``compute_indicators`` management command."""
    from fleksjob.commands import setup_django

    setup_django()
    from django.core.management import CommandError, call_command

    options = {k: v for k, v in (("first", args.first), ("last", args.last)) if v}
    try:
        call_command("compute_indicators", **options)
    except CommandError as exc:
        print(f"fejl: {exc}", file=sys.stderr)
        return exc.returncode
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    stats = sub.add_parser("stats", help="benchmarking statistics on CSV files")
    stats_sub = stats.add_subparsers(dest="stats_command", required=True)

    funnel = stats_sub.add_parser(
        "funnel", help="funnel limits for proportions with overdispersion adjustment"
    )
    funnel.add_argument(
        "--input", required=True, type=Path, help="UNITS.csv: unit,numerator,denominator"
    )
    funnel.add_argument("--output", required=True, type=Path)
    funnel.add_argument(
        "--overdispersion", choices=("none", "additive", "multiplicative"), default="additive"
    )
    funnel.add_argument("--trim", type=_trim, default=0.1, help="winsorising fraction (0.1)")
    funnel.add_argument(
        "--limits-at", type=_positive_list, help="denominators for --limits-output, e.g. 20,100"
    )
    funnel.add_argument("--limits-output", type=Path, help="L.csv: limits at chosen denominators")
    funnel.add_argument("--summary", type=Path, help="S.json: target, phi, tau2, n_units")
    funnel.set_defaults(handler=_funnel)

    shrink = stats_sub.add_parser("shrink", help="beta-binomial empirical Bayes shrinkage")
    shrink.add_argument(
        "--input", required=True, type=Path, help="UNITS.csv: unit,numerator,denominator"
    )
    shrink.add_argument("--output", required=True, type=Path)
    shrink.add_argument("--summary", type=Path, help="S.json: alpha, beta")
    shrink.set_defaults(handler=_shrink)

    survival = stats_sub.add_parser("survival", help="Kaplan–Meier median, RMST, share within W")
    survival.add_argument("--input", required=True, type=Path, help="SPELLS.csv: unit,time,event")
    survival.add_argument("--output", required=True, type=Path)
    survival.add_argument("--tau", type=_positive, help="RMST horizon (default: largest time)")
    survival.add_argument("--within", type=_positive, default=12.0, help="W for 1 − S(W) (12)")
    survival.set_defaults(handler=_survival)

    compute = stats_sub.add_parser(
        "compute", help="compute every indicator from the database and store the results"
    )
    compute.add_argument("--from", dest="first", help="first month, YYYY-MM (default: 20 years)")
    compute.add_argument("--to", dest="last", help="last month, YYYY-MM (default: last month)")
    compute.set_defaults(handler=_compute)


def _fail(message: str) -> int:
    print(f"fleksjob stats: error: {message}", file=sys.stderr)
    return 2


def _funnel(args: argparse.Namespace) -> int:
    from fleksjob.core.errors import InputError
    from fleksjob.core.stats.files import read_units, write_all, write_csv
    from fleksjob.core.stats.funnel import funnel

    if args.limits_at and not args.limits_output:
        return _fail("--limits-at needs --limits-output")
    try:
        data = read_units(args.input)
        x = np.array(data.columns["numerator"])
        n = np.array(data.columns["denominator"])
        result = funnel(x, n, args.overdispersion, args.trim)
        cols = result.columns()
        added = list(cols)
        keep = [i for i, h in enumerate(data.header) if h not in added]

        def write_out(handle):
            rows = (
                [*(row[i] for i in keep), *(cols[c][k] for c in added)]
                for k, row in enumerate(data.rows)
            )
            write_csv(handle, [data.header[i] for i in keep] + added, rows)

        outputs = {args.output: write_out}
        if args.limits_output:
            at = np.array(args.limits_at) if args.limits_at else _default_grid(n)
            lim = result.fit.limits(at)
            names = ["lower95", "upper95", "lower998", "upper998"]

            def write_limits(handle):
                rows = ([d, *(lim[c][k] for c in names)] for k, d in enumerate(at.tolist()))
                write_csv(handle, ["denominator", *names], rows)

            outputs[args.limits_output] = write_limits
        if args.summary:
            fit = result.fit
            summary = {
                "target": fit.target,
                "phi": fit.phi,
                "tau2": fit.tau2,
                "n_units": fit.n_units,
                "overdispersion": fit.overdispersion,
                "adjusted": fit.adjusted,
                "trim": fit.trim,
            }
            outputs[args.summary] = lambda h: h.write(json.dumps(summary, indent=2) + "\n")
        write_all(outputs)
    except InputError as exc:
        return _fail(str(exc))
    return 0


def _default_grid(n: np.ndarray) -> np.ndarray:
    """About 100 denominators from 1 to a little above the largest, denser at small ones."""
    return np.unique(np.round(np.geomspace(1, max(2.0, float(n.max()) * 1.05), 100)))


def _shrink(args: argparse.Namespace) -> int:
    from fleksjob.core.errors import InputError
    from fleksjob.core.stats.files import read_units, write_all, write_csv
    from fleksjob.core.stats.shrinkage import shrink

    try:
        data = read_units(args.input)
        res = shrink(np.array(data.columns["numerator"]), np.array(data.columns["denominator"]))
        added = {
            "shrunk_rate": res.rate,
            "shrunk_lower95": res.lower95,
            "shrunk_upper95": res.upper95,
        }
        keep = [i for i, h in enumerate(data.header) if h not in added]

        def write_out(handle):
            rows = (
                [*(row[i] for i in keep), *(v[k] for v in added.values())]
                for k, row in enumerate(data.rows)
            )
            write_csv(handle, [data.header[i] for i in keep] + list(added), rows)

        outputs = {args.output: write_out}
        fit = res.fit
        if args.summary:
            summary = {
                "alpha": fit.alpha,
                "beta": fit.beta,
                "pooled": fit.pooled,
                "converged": fit.converged,
                "message": fit.message,
            }
            outputs[args.summary] = lambda h: h.write(json.dumps(summary, indent=2) + "\n")
        write_all(outputs)
    except InputError as exc:
        return _fail(str(exc))
    if not fit.converged:
        print(f"fleksjob stats shrink: {fit.message}", file=sys.stderr)
    return 0


def _survival(args: argparse.Namespace) -> int:
    from fleksjob.core.errors import InputError
    from fleksjob.core.stats.files import read_spells, write_all, write_csv
    from fleksjob.core.stats.survival import summarise

    try:
        data = read_spells(args.input)
        out = summarise(
            np.array(data.columns["unit"]),
            np.array(data.columns["time"]),
            np.array(data.columns["event"]),
            tau=args.tau,
            within=args.within,
        )
        header = ["unit", "n", "events", "km_median", "rmst", "share_within"]

        def write_out(handle):
            rows = ([s.unit, s.n, s.events, s.km_median, s.rmst, s.share_within] for s in out)
            write_csv(handle, header, rows)

        write_all({args.output: write_out})
    except InputError as exc:
        return _fail(str(exc))
    return 0
