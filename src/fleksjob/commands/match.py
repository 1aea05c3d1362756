"""``fleksjob match``: recommendations, candidates per position and the optimal assignment, from
JSONL files of candidates and positions (issue 4; formats in DESIGN.md's settled details)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "match",
        help="recommend positions to citizens and assign them optimally (files in, file out)",
        description=__doc__,
    )
    parser.add_argument("--candidates", required=True, type=Path, help="candidates, JSON lines")
    parser.add_argument("--positions", required=True, type=Path, help="positions, JSON lines")
    parser.add_argument("--top", type=_positive, default=10, help="recommendations per citizen")
    parser.add_argument("--assign", action="store_true", help="add the optimal assignment")
    parser.add_argument(
        "--per-position", type=_positive, metavar="K", help="add the top K citizens per position"
    )
    parser.add_argument("--out", required=True, type=Path, help="result, JSON")
    parser.add_argument("--edges", type=Path, help="the assignment's edges, CSV")
    parser.add_argument(
        "--workers",
        type=_positive,
        default=min(2, os.cpu_count() or 1),
        help="processes for the batch scoring (default: up to 2)",
    )
    parser.set_defaults(handler=handle)


def _fail(message: str) -> int:
    print(f"fleksjob match: error: {message}", file=sys.stderr)
    return 2


def handle(args: argparse.Namespace) -> int:
    from fleksjob.core.errors import InputError
    from fleksjob.core.matching import engine
    from fleksjob.core.matching.records import read_candidates, read_positions

    for target in (args.out, args.edges):
        if target is not None and not target.parent.resolve().is_dir():
            return _fail(f"{target}: the directory does not exist")
    try:
        candidates = read_candidates(args.candidates)
        positions = read_positions(args.positions)
    except InputError as exc:
        return _fail(str(exc))
    result = engine.run(
        candidates,
        positions,
        top=args.top,
        do_assign=args.assign,
        per_position=args.per_position,
        workers=args.workers,
    )
    try:
        engine.write(result, args.out, args.edges)
    except OSError as exc:
        return _fail(f"cannot write the output ({exc.strerror})")
    return 0
