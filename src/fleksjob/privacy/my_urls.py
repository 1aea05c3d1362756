from django.urls import path

from fleksjob.privacy import views

app_name = "my_data"
# Mounted under the citizen's own prefix (mit-fleksjob/).
urlpatterns = [
    path("mine-data/", views.my_data, name="export"),
]
