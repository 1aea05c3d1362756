from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransfersConfig(AppConfig):
    name = "fleksjob.transfers"
    verbose_name = _("Overflytning af sager")
