from django.urls import path

from fleksjob.citizens import views
from fleksjob.followup import views as followup_views

app_name = "citizens"
urlpatterns = [
    path("", views.caseload, name="list"),
    path("opslag/", views.lookup_by_cpr, name="lookup"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/rediger/", views.edit, name="edit"),
    path("<int:pk>/opfoelgning/", followup_views.followup, name="followup"),
]
