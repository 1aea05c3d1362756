from django.urls import path

from fleksjob.home import views

urlpatterns = [path("", views.home, name="home")]
