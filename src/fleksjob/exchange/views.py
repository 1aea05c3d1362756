from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from fleksjob.accounts.permissions import import_kinds, municipal_role_required
from fleksjob.core.imports.records import COLUMNS, KIND_LABELS
from fleksjob.core.imports.templates import template_csv, template_xlsx
from fleksjob.exchange import tasks
from fleksjob.exchange.forms import ImportForm
from fleksjob.exchange.imports import MOVED_CITIZENS, check, limits
from fleksjob.jobs.models import JobRun

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@municipal_role_required
def import_records(request):
    """Upload a file, check it (»Kontrollér«) and import it all or nothing (»Importér«)."""
    kinds = import_kinds(request.user)
    if not kinds:
        raise PermissionDenied
    max_rows, max_bytes = limits()
    form = ImportForm(request.POST or None, request.FILES or None, kinds=kinds, max_bytes=max_bytes)
    context = {"form": form, "kinds": kinds, "max_rows": max_rows, "report": None, "rows": None}
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "exchange/import.html", context, status=422)
        kind, upload = form.cleaned_data["kind"], form.cleaned_data["file"]
        validation = check(request.user, kind, upload.read(), upload.name)
        context |= {"report": validation.report, "rows": len(validation.rows), "kind": kind}
        if not validation.ok:
            status = 422
        elif request.POST.get("action") == "import":
            upload.seek(0)
            run = tasks.queue_import(request.user, kind, upload.read())
            return redirect("exchange:run", run.pk)
    return render(request, "exchange/import.html", context, status=status)


@municipal_role_required
def import_run(request, pk: int):
    """The writing of an import the user asked for: progress (polled while it waits or runs),
    then how many rows were written or why nothing was. Only the user's own imports: 404 else."""
    run = get_object_or_404(
        JobRun.objects.visible_to(request.user),
        pk=pk,
        kind=tasks.import_records.name,
        requested_by=request.user,
    )
    kind = run.params["kind"]
    context = {
        "run": run,
        "kind": kind,
        "moved_citizens": MOVED_CITIZENS if kind == "citizens" else None,
    }
    if request.htmx:
        return render(request, "exchange/_run.html", context)
    return render(request, "exchange/run.html", context)


@municipal_role_required
def template(request, kind: str, fmt: str):
    """The documented header and an example row, as CSV or Excel."""
    if kind not in COLUMNS:
        raise Http404
    if fmt == "csv":
        response = HttpResponse(template_csv(kind), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(template_xlsx(kind), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="skabelon-{KIND_LABELS[kind]}.{fmt}"'
    return response
