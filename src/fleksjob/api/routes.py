"""REST API v1 (django-ninja). Every route is scoped to the caller's municipality: another
municipality's record answers 404, exactly like a record that does not exist."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI
from ninja.pagination import PageNumberPagination, paginate

from fleksjob import __version__
from fleksjob.api.auth import AUTH
from fleksjob.api.calc import router as calc_router
from fleksjob.api.casework import router as casework_router
from fleksjob.api.indicators import router as indicators_router
from fleksjob.api.schemas import CitizenOut, ErrorOut
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.citizens.models import Approval, Citizen

api = NinjaAPI(
    title="fleksjob API",
    version=__version__,
    description="Casework, employers, matching, economics and benchmarking for fleksjob.",
    auth=AUTH,
    urls_namespace="api-v1",
)
api.add_router("/calc", calc_router)
api.add_router("", casework_router)
api.add_router("/indicators", indicators_router)


def _citizens(request):
    current = (
        Approval.objects.filter(citizen=OuterRef("pk"))
        .order_by("-visitation_date")
        .values("status")[:1]
    )
    return (
        Citizen.objects.visible_to(request.auth)
        .annotate(case_status=Subquery(current))
        .order_by("last_name", "first_name", "id")
    )


@api.get(
    "/citizens/",
    response=list[CitizenOut],
    tags=["citizens"],
    summary="Citizens of your municipality",
)
@paginate(PageNumberPagination, page_size=50, max_page_size=500)
def list_citizens(request):
    record(request.auth, Action.SEARCH, channel="api", detail="citizens list")
    return _citizens(request)


@api.get("/citizens/{citizen_id}", response={200: CitizenOut, 404: ErrorOut}, tags=["citizens"])
def get_citizen(request, citizen_id: int):
    citizen = get_object_or_404(_citizens(request), pk=citizen_id)
    record(request.auth, Action.VIEW, citizen, citizen=citizen, channel="api")
    return citizen
