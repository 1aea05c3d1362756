from django.urls import path

from fleksjob.placements import views

app_name = "placements"
urlpatterns = [
    path("", views.placement_list, name="list"),
    path("ny/", views.placement_create, name="create"),
    path("koersler/", views.match_runs, name="runs"),
    path("<int:pk>/", views.placement_detail, name="detail"),
    path("<int:pk>/trin/", views.placement_move, name="move"),
]
