from django.urls import path, re_path

from fleksjob.benchmarking import views

app_name = "benchmarking"
urlpatterns = [
    path("", views.overview, name="overview"),
    re_path(r"^eksport\.(?P<fmt>csv|xlsx)$", views.export, name="export"),
    path("kommune/<str:code>/", views.profile, name="profile"),
]
