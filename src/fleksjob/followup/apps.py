from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "fleksjob.followup"
    verbose_name = _("Opfølgning")

    def ready(self) -> None:
        # The citizens' case pages (a floor below) show plans and meetings through this hook.
        from fleksjob.citizens import casepage
        from fleksjob.followup.models import FollowUpMeeting, FollowUpPlan

        casepage.from_followup.provide("plans", FollowUpPlan.objects.all)
        casepage.from_followup.provide("meetings", FollowUpMeeting.objects.all)
