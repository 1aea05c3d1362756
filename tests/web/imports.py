"""The page import's background job, finished as the worker would finish it."""

from __future__ import annotations

from fleksjob.jobs.models import JobRun
from fleksjob.jobs.runner import wait


def finish_import(response) -> JobRun:
    """The import job a clean »Importér« queued (the page redirects to its progress), run to its
    end in this process."""
    assert response.status_code == 302, response
    run = JobRun.objects.get(kind="import_records", status="queued")
    assert response["Location"] == f"/import/job/{run.pk}/"
    return wait(run)
