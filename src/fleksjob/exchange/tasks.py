"""Background jobs of exchange: the bulk import of records from a file."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from fleksjob.exchange.imports import ImportRefused, check, write
from fleksjob.jobs import spool
from fleksjob.jobs.models import JobRun
from fleksjob.jobs.runner import JobRefused, background_job, enqueue, progress
from fleksjob.operations.faults import pause_at


@background_job(_("Masseimport"), {"rows": _("rækker")})
def import_records(
    kind: str, username: str, path: str = "", upload: str = "", channel: str = "cli"
) -> dict:
    """Check the file again (it may have met new records since it was queued), then write every
    row in one transaction: all or nothing. The file is the command's ``path``, or the page's
    ``upload`` (encrypted in the spool, removed when the job ends)."""
    try:
        return _import(kind, username, path, upload, channel)
    finally:
        if upload:
            spool.discard(upload)


def _import(kind: str, username: str, path: str, upload: str, channel: str) -> dict:
    importer = get_user_model().objects.get(username=username, is_active=True)
    if upload:
        data, name = spool.read(upload), ""  # the kind of file is read from its content
    else:
        data, name = Path(path).read_bytes(), Path(path).name
    validation = check(importer, kind, data, name, channel=channel)
    if not validation.ok:
        raise JobRefused(f"{validation.report.total} fejl – intet er importeret", 1)
    rows = len(validation.rows)

    halfway = [False]

    def written(done: int) -> None:
        progress("importerer", done, rows)
        # Rows are written a chunk at a time: pause once, at the first chunk past half.
        if done >= rows // 2 and not halfway[0]:
            halfway[0] = True
            pause_at("import_records.half")  # tests only: a kill mid-transaction

    try:
        count = write(importer, validation, channel=channel, progress=written)
    except ImportRefused as exc:
        raise JobRefused(f"{exc.report.total} fejl – intet er importeret", 1) from None
    return {"kind": kind, "rows": count}


def queue_import(user, kind: str, data: bytes) -> JobRun:
    """Queue the import of an uploaded file the page has checked: the file waits encrypted in the
    spool until the worker has written it (or refused it)."""
    token = spool.keep(data)
    params = {"kind": kind, "username": user.username, "upload": token, "channel": "web"}
    try:
        return enqueue(import_records, params, municipality=user.municipality_id, user=user)
    except BaseException:
        spool.discard(token)
        raise
