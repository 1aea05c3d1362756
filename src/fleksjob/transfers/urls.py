from django.urls import path

from fleksjob.transfers import views

app_name = "transfers"
urlpatterns = [
    path("", views.transfer_list, name="list"),
    path("anmod/", views.request_case, name="request"),
    path("<int:pk>/", views.transfer_detail, name="detail"),
    path("<int:pk>/frigiv/", views.release, name="release"),
    path("<int:pk>/afvis/", views.refuse, name="refuse"),
]
