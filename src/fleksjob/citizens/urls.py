from django.urls import path

from fleksjob.citizens import consent_views, decisionviews, ownership_views, views

app_name = "citizens"
urlpatterns = [
    path("", views.caseload, name="list"),
    path("opslag/", views.lookup_by_cpr, name="lookup"),
    path("ny/", decisionviews.register, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/rediger/", views.edit, name="edit"),
    path("<int:pk>/samtykke/", consent_views.consent, name="consent"),
    path("<int:pk>/afgoerelse/<slug:kind>/", decisionviews.decide, name="decide"),
    path(
        "<int:pk>/afgoerelse/<int:decision_pk>/annuller/",
        decisionviews.cancel,
        name="cancel_decision",
    ),
    path("<int:pk>/ansvarlig/", ownership_views.assign, name="assign"),
    path("fordel/", ownership_views.assign_bulk, name="assign_bulk"),
    path("team/", ownership_views.team, name="team"),
]
