from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from fleksjob.api.routes import api

admin.site.site_header = "fleksjob administration"
admin.site.site_title = "fleksjob"

urlpatterns = [
    path("", include("fleksjob.home.urls")),
    path("borgere/", include("fleksjob.citizens.urls")),
    path("virksomheder/", include("fleksjob.employers.urls")),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
