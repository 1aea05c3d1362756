"""Outreach from people, mounted under the employers' prefix ``virksomheder/`` (the pages are
about employers; the view is here, where citizens meet positions: docs/floors.md)."""

from django.urls import path

from fleksjob.placements import outreach_views

app_name = "outreach"
urlpatterns = [
    path("opsoegning/kandidater/", outreach_views.ranked, name="ranked"),
    path("<int:pk>/besoeg/", outreach_views.visit, name="visit"),
]
