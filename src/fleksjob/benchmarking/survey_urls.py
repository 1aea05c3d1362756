from django.urls import path

from fleksjob.benchmarking import survey_spread

# The survey pages' names (``surveys:spread``); the page lives with benchmarking because it
# counts only what benchmarking publishes (docs/surveys.md).
app_name = "surveys"
urlpatterns = [path("svarfordeling/", survey_spread.spread_page, name="spread")]
