"""Benchmark: bulk import of citizens, employers and positions (``fleksjob.exchange.imports``).

Makes CSV files like a municipality's (distinct CPR and CVR numbers, the template's other cells),
then times, in this process, the check (parse, validate, look up duplicates) and the write (all
rows in one transaction with their audit events) of each file, as the import command's job does.
Prints rows per second of wall time and per CPU-second of this process (the machine is shared,
so wall time varies with the neighbours' load; the database server's own CPU is not counted on
PostgreSQL) beside the recorded baseline (bench/baselines/imports.json) with the ratio.
``--record`` stores this run as the baseline of its database ("sqlite" or "postgresql").

Embedded SQLite in a fresh temporary data dir by default; with ``DATABASE_URL`` set, that
database is migrated and used (each run imports new CPR and CVR numbers, so it may be re-run).

    .venv/bin/python bench/imports.py --citizens 10000 --employers 2000 --positions 2000
    DATABASE_URL=postgres://... .venv/bin/python bench/imports.py
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import baseline

FLEKSJOB = Path(sys.executable).with_name("fleksjob")
USER = "leder.rudersdal"  # a manager imports all three kinds


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def files(citizens: int, employers: int, positions: int, start: int) -> dict[str, bytes]:
    """One CSV per kind; ``start`` offsets the CPR and CVR numbers so a re-run meets no
    duplicates in a kept database."""
    from fleksjob.core.imports.templates import template_rows
    from fleksjob.core.rules import cpr as cpr_rules

    made: dict[str, bytes] = {}
    header, example = template_rows("citizens")
    at = {name: i for i, name in enumerate(header)}
    needs = ["extra_breaks", "no_heavy_lifting", "short_days", "quiet_environment"]
    rows = []
    for n in range(start, start + citizens):
        row = list(example)
        # 500 numbers per birth date: a day each for every 500 citizens from 1960 on.
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=n // 500)
        row[at["cpr"]] = cpr_rules.build(birth, n % 500, "F" if n % 2 else "M")
        row[at["fornavn"]] = f"Borger{n}"
        row[at["skånehensyn"]] = ",".join(needs[: n % 5])
        rows.append(row)
    made["citizens"] = _csv(header, rows)
    header, example = template_rows("employers")
    at = {name: i for i, name in enumerate(header)}
    cvrs = [str(10_000_000 + (start + n) % 89_999_999) for n in range(employers)]
    rows = []
    for n, cvr in enumerate(cvrs):
        row = list(example)
        row[at["cvr"]], row[at["navn"]] = cvr, f"Virksomhed {n} ApS"
        rows.append(row)
    made["employers"] = _csv(header, rows)
    header, example = template_rows("positions")
    at = {name: i for i, name in enumerate(header)}
    rows = []
    for n in range(positions):
        row = list(example)
        row[at["cvr"]] = cvrs[n % len(cvrs)]
        rows.append(row)
    made["positions"] = _csv(header, rows)
    return made


def timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return value, time.perf_counter() - wall, time.process_time() - cpu


def run(kind: str, data: bytes, user) -> dict[str, float]:
    from fleksjob.exchange.imports import check, write

    validation, check_wall, check_cpu = timed(lambda: check(user, kind, data, f"{kind}.csv"))
    assert validation.ok, validation.report.lines()[:5]
    rows = len(validation.rows)
    written, write_wall, write_cpu = timed(lambda: write(user, validation, channel="cli"))
    assert written == rows
    wall, cpu = check_wall + write_wall, check_cpu + write_cpu
    return {
        "rows": rows,
        "check_s": round(check_wall, 2),
        "write_s": round(write_wall, 2),
        "rows_per_s": round(rows / wall, 1),
        "rows_per_cpu_s": round(rows / cpu, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--citizens", type=int, default=10_000)
    parser.add_argument("--employers", type=int, default=2_000)
    parser.add_argument("--positions", type=int, default=2_000)
    parser.add_argument("--record", action="store_true", help="store this run as the baseline")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the citizens' import")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        env = {"FLEKSJOB_MODE": "demo", "FLEKSJOB_DATA_DIR": data_dir}
        os.environ.update(env)
        os.environ.setdefault("FLEKSJOB_IMPORT_MAX_ROWS", str(max(10_000, args.citizens)))
        subprocess.run([str(FLEKSJOB), "manage", "migrate", "-v0"], check=True)
        os.environ["DJANGO_SETTINGS_MODULE"] = "fleksjob.web.settings"
        import django

        django.setup()
        from django.db import connection

        from fleksjob.accounts.models import User
        from fleksjob.demo.personas import ensure_personas

        ensure_personas()
        user = User.objects.get(username=USER)
        database = connection.vendor
        # A kept database (PostgreSQL) meets new numbers on each run.
        start = time.time_ns() // 1000 % 5_000_000 if os.environ.get("DATABASE_URL") else 0
        made = files(args.citizens, args.employers, args.positions, start)
        recorded = baseline.load("imports").get(database, {})
        results: dict[str, dict[str, float]] = {}
        table = baseline.Table(group=11, group_title="kind", metric=16, value=10, spec="")
        print(f"database: {database}")
        print(table.header())
        for kind in ("citizens", "employers", "positions"):
            if kind == "citizens" and args.profile:
                import cProfile

                with cProfile.Profile() as profile:
                    results[kind] = run(kind, made[kind], user)
                profile.dump_stats(args.profile)
            else:
                results[kind] = run(kind, made[kind], user)
            table.print_rows(results[kind], recorded.get(kind, {}), group=kind)
    if args.record:
        baseline.record("imports", {**baseline.load("imports"), database: results})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
