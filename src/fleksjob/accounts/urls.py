from django.urls import path

from fleksjob.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sikkerhed/", views.security, name="security"),
    path("adgangsaendringer/", views.access_changes, name="access_changes"),
]
