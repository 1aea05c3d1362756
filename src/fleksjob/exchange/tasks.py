"""Background jobs of exchange: the bulk import of records from a file."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from fleksjob.exchange.imports import ImportRefused, check, write
from fleksjob.jobs.runner import JobRefused, background_job, progress
from fleksjob.operations.faults import pause_at


@background_job(_("Masseimport"), {"rows": _("rækker")})
def import_records(kind: str, username: str, path: str, channel: str = "cli") -> dict:
    """Check the file again (it may have met new records since it was queued), then write every
    row in one transaction: all or nothing."""
    importer = get_user_model().objects.get(username=username, is_active=True)
    file = Path(path)
    validation = check(importer, kind, file.read_bytes(), file.name, channel=channel)
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
