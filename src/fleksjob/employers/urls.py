from django.urls import path

from fleksjob.employers import followups, submission_views, views

app_name = "employers"
urlpatterns = [
    path("", views.employer_list, name="list"),
    path("opsoegning/", views.outreach, name="outreach"),
    path("opfoelgninger/", followups.follow_ups, name="follow_ups"),
    path("opfoelgninger/<int:pk>/udfoert/", followups.follow_up_done, name="follow_up_done"),
    path("til-gennemsyn/", submission_views.submissions, name="submissions"),
    path("til-gennemsyn/<int:pk>/", submission_views.submission, name="submission"),
    path("ny/", views.employer_new, name="new"),
    path("<int:pk>/", views.employer_detail, name="detail"),
    path("<int:employer_pk>/stillinger/ny/", views.position_edit, name="position_new"),
    path("<int:employer_pk>/stillinger/<int:pk>/", views.position_detail, name="position_detail"),
    path(
        "<int:employer_pk>/stillinger/<int:pk>/rediger/", views.position_edit, name="position_edit"
    ),
    # Job crafting: a position's tasks, and a flex position assembled from tasks.
    path("<int:employer_pk>/stillinger/sammensaet/", views.assemble, name="assemble"),
    path("<int:employer_pk>/stillinger/<int:pk>/opgaver/ny/", views.task_edit, name="task_new"),
    path(
        "<int:employer_pk>/stillinger/<int:pk>/opgaver/<int:task_pk>/rediger/",
        views.task_edit,
        name="task_edit",
    ),
    path(
        "<int:employer_pk>/stillinger/<int:pk>/opgaver/<int:task_pk>/fjern/",
        views.task_remove,
        name="task_remove",
    ),
]
