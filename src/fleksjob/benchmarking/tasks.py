"""Background jobs of benchmarking: the indicator run and the Jobindsats import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from fleksjob.benchmarking.compute import run_indicators
from fleksjob.benchmarking.imports import (
    import_files,
    own_figures,
    parse_upload,
    store_all,
    store_figures,
)
from fleksjob.core.imports.jobindsats import JobindsatsFormatError
from fleksjob.core.imports.jobindsats_client import JobindsatsClient, JobindsatsError
from fleksjob.core.stats.schemas import SchemaError
from fleksjob.jobs import spool
from fleksjob.jobs.models import JobRun
from fleksjob.jobs.runner import JobRefused, background_job, enqueue, progress


@background_job(_("Indikatorkørsel"), {"rows": _("indikatorværdier")})
def compute_indicators(first_month: str, last_month: str) -> dict:
    try:
        run = run_indicators(
            dt.date.fromisoformat(first_month), dt.date.fromisoformat(last_month), progress
        )
    except SchemaError as exc:
        raise JobRefused(f"data passer ikke til hændelsestabellerne: {exc}") from None
    return {"run": run.pk, "rows": run.rows, "seconds": run.seconds}


@background_job(_("Import fra Jobindsats"), {"rows": _("tal"), "sources": _("kilder")})
def import_jobindsats(
    table: str,
    files: list[str] | None = None,
    fetch: list[str] | None = None,
    api_version: int = 3,
    upload: str = "",
    name: str = "",
    by: str = "cli",
    municipality: str | None = None,
) -> dict:
    """Figures from saved files, fetched from the API, or from a file a manager uploaded on the
    page (``upload``, waiting in the spool under the token, ``name`` its file name; only their
    ``municipality``'s figures are kept); all or nothing."""
    try:
        if fetch:
            client = JobindsatsClient.from_environment(version=api_version)
            figures = client.data(table, periods=fetch)
            batches = [store_figures(figures, table=table, file_name="API", by=by)]
        elif upload:
            figures = own_figures(parse_upload(table, name, spool.read(upload)), municipality)
            batches = store_all(table, [(Path(name), figures)], by)
        else:
            batches = import_files(table, [Path(f) for f in files or []], by=by)
    except (JobindsatsFormatError, JobindsatsError) as exc:
        raise JobRefused(f"{exc} – intet er importeret") from None
    finally:
        if upload:
            spool.discard(upload)
    return {"rows": sum(b.rows for b in batches), "sources": len(batches)}


def queue_jobindsats(user, table: str, name: str, data: bytes) -> JobRun:
    """Queue the import of a Jobindsats file a manager uploaded (checked by the page); only
    their municipality's figures are kept. The file waits in the spool until the job ends."""
    token = spool.keep(data)
    params = {
        "table": table,
        "upload": token,
        "name": f"jobindsats{Path(name).suffix.lower()}",  # the suffix tells the format
        "by": user.username,
        "municipality": user.municipality_id,
    }
    try:
        return enqueue(import_jobindsats, params, municipality=user.municipality_id, user=user)
    except BaseException:
        spool.discard(token)
        raise
