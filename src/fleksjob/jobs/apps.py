from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "fleksjob.jobs"
    verbose_name = _("Baggrundsjob")

    def ready(self) -> None:
        # Every app's jobs are registered (labels for the page, tasks for the worker) without
        # this app importing the apps above it.
        autodiscover_modules("tasks")
