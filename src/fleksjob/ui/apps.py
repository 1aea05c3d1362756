from django.apps import AppConfig
from django.conf import settings


class UiConfig(AppConfig):
    name = "fleksjob.ui"

    def ready(self) -> None:
        if getattr(settings, "TESTING", False):
            from fleksjob.ui import strict_templates

            strict_templates.install()
