from django.urls import path

from fleksjob.economics import views

app_name = "economics"
urlpatterns = [
    path("", views.calculator, name="calculator"),
    path("scenarier/", views.scenarios, name="scenarios"),
]
