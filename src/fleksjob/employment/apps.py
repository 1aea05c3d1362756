from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmploymentConfig(AppConfig):
    name = "fleksjob.employment"
    verbose_name = _("Ansættelser")

    def ready(self) -> None:
        # The floors below read employments through hooks this app fills in.
        from fleksjob.citizens import actions as case_actions
        from fleksjob.employers import facts
        from fleksjob.employment.actions import end_with_case
        from fleksjob.employment.models import Employment

        facts.provide_fleksjobs(Employment.objects.fleksjobs)
        case_actions.to_employment.provide("end_with_case", end_with_case)
