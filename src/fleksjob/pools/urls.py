from django.urls import path

from fleksjob.pools import views

app_name = "pools"
urlpatterns = [
    path("", views.pool_list, name="list"),
    path("ny/", views.pool_new, name="new"),
    path("visitation/", views.queue, name="queue"),
    path("ansoeg/<int:citizen_pk>/", views.apply, name="apply"),
    path("<int:pk>/", views.pool_detail, name="detail"),
    path("<int:pk>/rediger/", views.pool_edit, name="edit"),
    path("ansoegninger/<int:pk>/", views.application_detail, name="application"),
    path("ansoegninger/<int:pk>/afgoer/", views.decide, name="decide"),
    path("ansoegninger/<int:pk>/tildel/", views.grant, name="grant"),
    path("ansoegninger/<int:pk>/traek-tilbage/", views.withdraw, name="withdraw"),
    path("ansoegninger/<int:pk>/puljejob/", views.place, name="place"),
    path("ansoegninger/<int:pk>/puljejob/afslut/", views.end_job, name="end_job"),
]
