from django.urls import path

from fleksjob.citizens import views

app_name = "citizens"
urlpatterns = [
    path("", views.caseload, name="list"),
    path("opslag/", views.lookup_by_cpr, name="lookup"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/rediger/", views.edit, name="edit"),
]
