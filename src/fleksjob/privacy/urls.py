from django.urls import path

from fleksjob.privacy import views

app_name = "privacy"
# Mounted under the citizens' prefix (borgere/): the export belongs to the citizen's page.
urlpatterns = [
    path("<int:pk>/indsigt/", views.access_request, name="access_request"),
]
