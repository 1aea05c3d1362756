from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmploymentConfig(AppConfig):
    name = "fleksjob.employment"
    verbose_name = _("Ansættelser")

    def ready(self) -> None:
        # The floors below read employments through hooks this app fills in.
        from fleksjob.employers import facts
        from fleksjob.employment.models import Employment

        facts.provide_fleksjobs(Employment.objects.fleksjobs)
