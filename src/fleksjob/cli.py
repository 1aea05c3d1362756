"""The ``fleksjob`` command: demo, seed, token, Django management commands and the core's
commands (``fleksjob.commands``: calculators, matching, statistics)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys

from fleksjob.commands import setup_django


def _database_lost(command: str, exc: Exception) -> int:
    # Work is written in transactions, so what was under way is rolled back; a re-run resumes.
    print(
        f"fleksjob {command}: error: the database connection was lost "
        f"({type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc) else ''}); "
        "unfinished work was rolled back: run the command again when the database is back",
        file=sys.stderr,
    )
    return 1


def _parser() -> argparse.ArgumentParser:
    from fleksjob.commands import register_all
    from fleksjob.core.synth import SCALES

    parser = argparse.ArgumentParser(
        prog="fleksjob", description="fleksjob: the fleksjob scheme's casework system"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser(
        "demo", help="migrate, seed synthetic Denmark if empty, create personas, serve"
    )
    demo.add_argument("--scale", choices=sorted(SCALES), default="national")
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--no-serve", action="store_true", help="set everything up, then exit")

    seed = sub.add_parser("seed", help="seed synthetic Denmark into an empty database")
    seed.add_argument("--scale", choices=sorted(SCALES), default="national")
    seed.add_argument("--seed", type=int, default=1)
    seed.add_argument("--replace", action="store_true", help="delete existing case data first")
    seed.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        help="history ends on this date, YYYY-MM-DD (default: today)",
    )

    token = sub.add_parser("token", help="API tokens")
    token_sub = token.add_subparsers(dest="token_command", required=True)
    create = token_sub.add_parser(
        "create", help="create a token for a user; printed once, last line"
    )
    create.add_argument("username")
    create.add_argument("--name", default="")
    listing = token_sub.add_parser("list", help="a user's tokens (prefix, use, revocation)")
    listing.add_argument("username")
    revoke = token_sub.add_parser("revoke", help="revoke a token named by its first 8 characters")
    revoke.add_argument("username")
    revoke.add_argument("prefix")

    worker = sub.add_parser(
        "worker", help="run background jobs from the queue (SIGTERM: finish the job, then stop)"
    )
    worker.add_argument("--batch", action="store_true", help="exit when the queue is empty")
    worker.add_argument("--once", action="store_true", help="run at most one job, then exit")
    worker.add_argument("--interval", type=float, default=1.0, help="seconds between looks")

    sub.add_parser("manage", help="run a Django management command", add_help=False)
    register_all(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "manage":
        if "FLEKSJOB_MODE" not in os.environ and "SECRET_KEY" not in os.environ:
            os.environ["FLEKSJOB_MODE"] = "demo"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fleksjob.web.settings")
        from django.core.management import execute_from_command_line
        from django.db import InterfaceError, OperationalError

        try:
            execute_from_command_line(["fleksjob manage", *argv[1:]])
        except (OperationalError, InterfaceError) as exc:
            return _database_lost(argv[1] if len(argv) > 1 else "manage", exc)
        return 0
    args = _parser().parse_args(argv)
    if handler := getattr(args, "handler", None):
        from django.db import InterfaceError, OperationalError

        try:
            return handler(args)
        except (OperationalError, InterfaceError) as exc:
            return _database_lost(args.command, exc)
    if args.command == "demo":
        os.environ.setdefault("FLEKSJOB_MODE", "demo")
    setup_django()
    from django.core.management import CommandError, call_command

    try:
        _run_builtin(args, call_command)
    except CommandError as exc:  # a clear message and the command's exit status, no traceback
        print(f"fleksjob {args.command}: {exc}", file=sys.stderr)
        return exc.returncode
    return 0


def _run_builtin(args: argparse.Namespace, call_command) -> None:
    if args.command == "demo":
        call_command(
            "demo", scale=args.scale, seed=args.seed, port=args.port, no_serve=args.no_serve
        )
    elif args.command == "seed":
        call_command(
            "seed", scale=args.scale, seed=args.seed, replace=args.replace, today=args.today
        )
    elif args.command == "worker":
        call_command("worker", batch=args.batch, once=args.once, interval=args.interval)
    elif args.command == "token":
        positional = [args.username] + ([args.prefix] if hasattr(args, "prefix") else [])
        options = {"name": args.name} if hasattr(args, "name") else {}
        call_command(f"token_{args.token_command}", *positional, **options)
