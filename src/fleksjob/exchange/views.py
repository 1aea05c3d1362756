from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from fleksjob.accounts.permissions import import_kinds, manager_required, municipal_role_required
from fleksjob.benchmarking.imports import own_figures, parse_upload
from fleksjob.benchmarking.tasks import import_jobindsats as import_jobindsats_job
from fleksjob.benchmarking.tasks import queue_jobindsats
from fleksjob.core.imports.jobindsats import JobindsatsFormatError
from fleksjob.core.imports.records import COLUMNS, KIND_LABELS
from fleksjob.core.imports.templates import template_csv, template_xlsx
from fleksjob.exchange import tasks
from fleksjob.exchange.forms import ImportForm, JobindsatsForm
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


@manager_required
def import_jobindsats(request):
    """A manager imports Jobindsats figures for their own municipality from a file: checked
    here, written by the background job (figures of other areas in the file are left out)."""
    max_bytes = limits()[1]
    form = JobindsatsForm(request.POST or None, request.FILES or None, max_bytes=max_bytes)
    context = {"form": form, "problem": None}
    if request.method != "POST":
        return render(request, "exchange/jobindsats.html", context)
    if form.is_valid():
        table, upload = form.cleaned_data["table"].upper(), form.cleaned_data["file"]
        data = upload.read()
        try:
            own = own_figures(parse_upload(table, upload.name, data), request.user.municipality_id)
        except JobindsatsFormatError as exc:
            context["problem"] = str(exc)
        else:
            if own:
                run = queue_jobindsats(request.user, table, upload.name, data)
                return redirect("exchange:run", run.pk)
            context["problem"] = _("Filen har ingen tal for din kommune; intet er importeret.")
    return render(request, "exchange/jobindsats.html", context, status=422)


@municipal_role_required
def import_run(request, pk: int):
    """The writing of an import the user asked for: progress (polled while it waits or runs),
    then how much was written or why nothing was. Only the user's own imports: 404 else."""
    run = get_object_or_404(
        JobRun.objects.visible_to(request.user),
        pk=pk,
        kind__in=(tasks.import_records.name, import_jobindsats_job.name),
        requested_by=request.user,
    )
    kind = run.params.get("kind", "jobindsats")
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
