from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.urls import include, path, reverse
from django.views.i18n import set_language

from fleksjob.accounts import oidc
from fleksjob.accounts import views as account_views
from fleksjob.api.routes import api

handler500 = "fleksjob.operations.unavailable.server_error"

admin.site.site_header = "fleksjob administration"
admin.site.site_title = "fleksjob"


@login_not_required
def _admin_login(request, extra_context=None):
    # One login for everything: the admin's own login form would skip the two-factor step.
    target = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
    return redirect_to_login(target, login_url=reverse("login"))


admin.site.login = _admin_login

urlpatterns = [
    path("", include("fleksjob.home.urls")),
    path("borgere/", include("fleksjob.citizens.urls")),
    path("borgere/", include("fleksjob.privacy.urls")),
    path("borgere/", include("fleksjob.followup.urls")),
    path("", include("fleksjob.offers.urls")),
    path("virksomheder/", include("fleksjob.employers.urls")),
    path("virksomheder/", include("fleksjob.placements.outreach_urls")),
    path("match-forslag/", include("fleksjob.placements.urls")),
    path("beregner/", include("fleksjob.economics.urls")),
    path("benchmarking/", include("fleksjob.benchmarking.urls")),
    path("offentlig/", include("fleksjob.public.urls")),  # open to all, no login
    path("import/", include("fleksjob.exchange.urls")),
    path("overflytning/", include("fleksjob.transfers.urls")),
    path("puljer/", include("fleksjob.pools.urls")),
    path("konto/", include("fleksjob.accounts.urls")),
    path("baggrundsjob/", include("fleksjob.jobs.urls")),
    path("tilfredshed/", include("fleksjob.benchmarking.survey_urls")),
    path("login/", account_views.LoginView.as_view(), name="login"),
    path("login/kode/", account_views.login_code, name="login_code"),
    # The staff's single sign-on and the page a failed OpenID Connect login lands on.
    path(
        "oidc/medarbejder/login/",
        login_not_required(oidc.StaffLoginView.as_view()),
        name="oidc_staff_login",
    ),
    path(
        "oidc/medarbejder/callback/",
        login_not_required(oidc.StaffCallbackView.as_view()),
        name="oidc_staff_callback",
    ),
    path("oidc/afvist/", oidc.failed, name="oidc_failed"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The language can be chosen before logging in (the login page has the switch too).
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("", include("fleksjob.selfservice.urls")),
    path("mit-fleksjob/", include("fleksjob.privacy.my_urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
