"""``fleksjob backup OUT`` and ``fleksjob restore IN``: the whole database as one archive.

Works on SQLite and PostgreSQL alike (back up from one, restore into the other). See
``fleksjob.operations.backup`` for what is included and docs/operations.md for the procedure.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _progress_bar(desc: str, total: int | None):
    from tqdm import tqdm

    bar = tqdm(total=total, desc=desc, unit=" rækker", unit_scale=True, file=sys.stderr)

    def progress(table: str, rows: int) -> None:
        bar.set_postfix_str(table, refresh=False)
        bar.update(rows)

    return bar, progress


def _backup(args: argparse.Namespace) -> int:
    from fleksjob.commands import setup_django

    setup_django()
    from fleksjob.core.backup import BackupError
    from fleksjob.operations import backup

    if args.out.exists() and not args.overwrite:
        print(f"fleksjob backup: error: {args.out} exists (give --overwrite)", file=sys.stderr)
        return 2
    bar, progress = _progress_bar("backup", sum(backup.row_counts().values()))
    try:
        manifest = backup.backup(args.out, progress)
    except (BackupError, OSError) as exc:
        print(f"fleksjob backup: error: {exc}", file=sys.stderr)
        return 1
    finally:
        bar.close()
    rows = sum(t.rows for t in manifest.tables)
    print(f"{args.out}: {len(manifest.tables)} tables, {rows} rows")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from fleksjob.commands import setup_django

    setup_django()
    from fleksjob.core.backup import BackupError, archive_rows
    from fleksjob.operations import backup

    if not args.archive.is_file():
        print(f"fleksjob restore: error: {args.archive}: no such file", file=sys.stderr)
        return 2
    try:
        total = archive_rows(args.archive)
    except BackupError as exc:
        print(f"fleksjob restore: error: {exc}; nothing was written", file=sys.stderr)
        return 1
    bar, progress = _progress_bar("restore", total)
    try:
        result = backup.restore(args.archive, replace=args.replace, progress=progress)
    except BackupError as exc:
        print(f"fleksjob restore: error: {exc}; nothing was written", file=sys.stderr)
        return 1
    finally:
        bar.close()
    print(
        f"restored {result['tables']} tables, {result['rows']} rows; "
        "counts and checksums match the archive"
    )
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    out = sub.add_parser(
        "backup", help="write every table of the database to one archive (counts, checksums)"
    )
    out.add_argument("out", type=Path, metavar="OUT", help="archive to write (.tar.gz)")
    out.add_argument("--overwrite", action="store_true", help="replace an existing OUT")
    out.set_defaults(handler=_backup)

    back = sub.add_parser(
        "restore", help="restore an archive into an empty, migrated database (all or nothing)"
    )
    back.add_argument("archive", type=Path, metavar="IN")
    back.add_argument(
        "--replace", action="store_true", help="delete the database's current content first"
    )
    back.set_defaults(handler=_restore)
