from django.urls import path

from fleksjob.offers import views

app_name = "offers"
# Mounted at the root: the citizen's offers sit under the citizen's address (like the follow-up
# plan, which the follow-up app routes), the municipality's lists under tilbud/.
urlpatterns = [
    path("borgere/<int:pk>/tilbud/", views.citizen_offers, name="citizen"),
    path("tilbud/", views.running, name="list"),
    path("tilbud/<int:pk>/", views.offer_detail, name="detail"),
    path("tilbud/praktikker-til-fleksjob/", views.conversions, name="conversions"),
    path("tilbud/kapacitet/", views.capacity, name="capacity"),
]
