from django.contrib.auth.decorators import login_not_required
from django.urls import path

from fleksjob.selfservice import (
    consent_views,
    employer_answers,
    employer_submissions,
    employer_views,
    message_views,
    notice_views,
    oidc,
    survey_views,
    views,
)

app_name = "selfservice"
urlpatterns = [
    path("mit-fleksjob/", views.home, name="home"),
    path("mit-fleksjob/forslag/<int:pk>/svar/", views.answer, name="answer"),
    path("mit-fleksjob/plan/", views.plan, name="plan"),
    path("mit-fleksjob/hvad-synes-du/<str:token>/", survey_views.citizen_survey, name="survey"),
    path("mit-fleksjob/samtykke/", consent_views.consent, name="consent"),
    path("mit-fleksjob/besked-paa-email/", notice_views.notices, name="notices"),
    path("mit-fleksjob/beskeder/", message_views.my_threads, name="messages"),
    path("mit-fleksjob/beskeder/<int:pk>/", message_views.my_thread, name="thread"),
    # The staff's side of the messages (their municipality's threads only).
    path("borgere/<int:pk>/beskeder/", message_views.citizen_threads, name="citizen_threads"),
    path("beskeder/<int:pk>/", message_views.staff_thread, name="staff_thread"),
    path("arbejdsgiver/", employer_views.home, name="employer_home"),
    path("arbejdsgiver/stillinger/<int:pk>/", employer_views.position, name="employer_position"),
    path("arbejdsgiver/kandidater/<int:pk>/svar/", employer_answers.answer, name="employer_answer"),
    path("arbejdsgiver/besoeg/", employer_answers.visit, name="employer_visit"),
    path(
        "arbejdsgiver/hvad-synes-du/<str:token>/",
        survey_views.employer_survey,
        name="employer_survey",
    ),
    path("arbejdsgiver/forslag/ny/", employer_submissions.new, name="employer_submission_new"),
    path(
        "arbejdsgiver/forslag/specialist/",
        employer_submissions.new_specialist,
        name="employer_submission_specialist",
    ),
    path(
        "arbejdsgiver/forslag/<int:pk>/",
        employer_submissions.submission,
        name="employer_submission",
    ),
    path(
        "oidc/borger/login/",
        login_not_required(oidc.CitizenLoginView.as_view()),
        name="oidc_citizen_login",
    ),
    path(
        "oidc/borger/callback/",
        login_not_required(oidc.CitizenCallbackView.as_view()),
        name="oidc_citizen_callback",
    ),
    path(
        "oidc/virksomhed/login/",
        login_not_required(oidc.EmployerLoginView.as_view()),
        name="oidc_employer_login",
    ),
    path(
        "oidc/virksomhed/callback/",
        login_not_required(oidc.EmployerCallbackView.as_view()),
        name="oidc_employer_callback",
    ),
]
