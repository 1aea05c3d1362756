from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfserviceConfig(AppConfig):
    name = "fleksjob.selfservice"
    verbose_name = _("Selvbetjening")
