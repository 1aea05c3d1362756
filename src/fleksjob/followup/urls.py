from django.urls import path

from fleksjob.followup import views

app_name = "followup"
# Mounted under the citizens' prefix (borgere/): the plan belongs to the citizen's page, but the
# follow-up app sits a floor above citizens (docs/floors.md), so it routes its own view.
urlpatterns = [
    path("<int:pk>/opfoelgning/", views.followup, name="plan"),
    path("opfoelgning/uden-modtager/", views.without_recipient, name="without_recipient"),
]
