from django.shortcuts import render

from fleksjob.accounts.permissions import manager_required
from fleksjob.jobs.models import JobRun
from fleksjob.jobs.runner import COUNT_LABELS, LABELS
from fleksjob.ui.paging import paginate


def _row(run: JobRun) -> dict:
    labels = COUNT_LABELS.get(run.kind, {})
    return {
        "run": run,
        "label": LABELS.get(run.kind, run.kind),
        "counts": [(label, run.counts[key]) for key, label in labels.items() if key in run.counts],
    }


@manager_required
def job_list(request):
    """The background jobs of the manager's municipality and those that span every
    municipality: status, progress, counts and who asked (numbers only, no personal data)."""
    runs = JobRun.objects.visible_to(request.user).select_related("requested_by")
    context = paginate(request, runs)
    context["rows"] = [_row(run) for run in context["page_obj"]]
    return render(request, "jobs/list.html", context)
