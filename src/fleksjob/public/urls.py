from django.urls import path

from fleksjob.public import views

app_name = "public"
urlpatterns = [
    path("", views.index, name="index"),
    path("indikator/<slug:slug>/", views.indicator, name="indicator"),
    path("kommune/<str:code>/", views.municipality, name="municipality"),
    path("data.csv", views.data_csv, name="data"),
    path("data/ordbog/", views.dictionary, name="dictionary"),
]
