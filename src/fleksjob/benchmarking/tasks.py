"""Background jobs of benchmarking: the indicator run and the Jobindsats import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from fleksjob.benchmarking.compute import run_indicators
from fleksjob.benchmarking.imports import import_files, store_figures
from fleksjob.core.imports.jobindsats import JobindsatsFormatError
from fleksjob.core.imports.jobindsats_client import JobindsatsClient, JobindsatsError
from fleksjob.core.stats.schemas import SchemaError
from fleksjob.jobs.runner import JobRefused, background_job, progress


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
    table: str, files: list[str] | None = None, fetch: list[str] | None = None, api_version: int = 3
) -> dict:
    """Figures from saved files or fetched from the API; all or nothing."""
    try:
        if fetch:
            client = JobindsatsClient.from_environment(version=api_version)
            figures = client.data(table, periods=fetch)
            batches = [store_figures(figures, table=table, file_name="API", by="cli")]
        else:
            batches = import_files(table, [Path(f) for f in files or []], by="cli")
    except (JobindsatsFormatError, JobindsatsError) as exc:
        raise JobRefused(f"{exc} – intet er importeret") from None
    return {"rows": sum(b.rows for b in batches), "sources": len(batches)}
