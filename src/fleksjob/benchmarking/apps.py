from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchmarkingConfig(AppConfig):
    name = "fleksjob.benchmarking"
    verbose_name = _("Benchmarking")
