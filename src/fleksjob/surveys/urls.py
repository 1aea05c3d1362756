from django.urls import path

from fleksjob.surveys import views

app_name = "surveys"
urlpatterns = [path("svarfordeling/", views.spread_page, name="spread")]
