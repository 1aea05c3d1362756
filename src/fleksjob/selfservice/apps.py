from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfserviceConfig(AppConfig):
    name = "fleksjob.selfservice"
    verbose_name = _("Selvbetjening")

    def ready(self):
        from fleksjob.citizens import notices
        from fleksjob.selfservice.notices import send_notice

        notices.hooks.provide("send", send_notice)
