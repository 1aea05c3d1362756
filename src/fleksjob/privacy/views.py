"""The access request page: everything held about a citizen, printable or as a JSON file."""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fleksjob.accounts.permissions import may_answer_access_requests, municipal_role_required
from fleksjob.citizens.models import Citizen
from fleksjob.privacy.access_request import export_for_access_request, file_name
from fleksjob.selfservice.access import citizen_required


@require_POST
@municipal_role_required
def access_request(request, pk: int):
    """Everything held about the citizen, for an access request: a printable page or JSON.

    POST only (the export is audited, and nothing personal goes in a URL); not cached."""
    if not may_answer_access_requests(request.user):
        raise PermissionDenied
    citizen = get_object_or_404(
        Citizen.objects.visible_to(request.user).select_related("municipality"), pk=pk
    )
    return _export(request, citizen)


def _export(request, citizen, *, own: bool = False):
    fmt = request.POST.get("format", "html")
    if fmt not in ("html", "json"):
        return HttpResponseBadRequest()
    data = export_for_access_request(request.user, citizen, fmt)
    if fmt == "json":
        body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        name = file_name(citizen, timezone.localdate())
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    else:
        context = {
            "citizen": citizen,
            "sections": data,
            "generated_at": timezone.now(),
            "own": own,
        }
        response = render(request, "privacy/access_request.html", context)
    return response  # Cache-Control: no-store comes from NoStoreMiddleware, as on every page


@citizen_required
def my_data(request):
    """The citizen's own access request as self-service: a page offering the export (GET), the
    printable page or the JSON file (POST), exactly what a caseworker would hand them."""
    if request.method == "POST":
        return _export(request, request.citizen, own=True)
    return render(request, "privacy/my_data.html", {"citizen": request.citizen})
