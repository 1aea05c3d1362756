from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "fleksjob.api"
    verbose_name = _("API")

    def ready(self) -> None:
        # A body over the upload limit under /api/ answers 413 in the API's error body.
        from fleksjob.api.middleware import API_PREFIX, error_response
        from fleksjob.ui.limits import register_error_response

        register_error_response(API_PREFIX, error_response)
