from django.urls import path, re_path

from fleksjob.exchange import views

app_name = "exchange"
urlpatterns = [
    path("", views.import_records, name="import"),
    path("job/<int:pk>/", views.import_run, name="run"),
    path("jobindsats/", views.import_jobindsats, name="jobindsats"),
    re_path(
        r"^skabelon/(?P<kind>citizens|employers|positions)\.(?P<fmt>csv|xlsx)$",
        views.template,
        name="template",
    ),
]
