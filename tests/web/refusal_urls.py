"""The project's URLs plus one page whose view calls a write function and lets its domain error
escape, as a view without a form to show it on does (used by test_domain_errors)."""

import datetime as dt

from django.urls import path

from fleksjob.citizens.actions import change_case_status
from fleksjob.citizens.models import Approval
from fleksjob.web.urls import urlpatterns as project_urls


def reopen_case(request, pk: int):
    approval = Approval.objects.get(pk=pk)
    change_case_status(request.user, approval, "in_fleksjob", on=dt.date(2024, 6, 1))


urlpatterns = [*project_urls, path("test/genaabn/<int:pk>/", reopen_case)]
