from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "fleksjob.accounts"
    verbose_name = _("Brugere og adgang")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from fleksjob.accounts.actions import forget_provider_mfa

        user_logged_in.connect(forget_provider_mfa, dispatch_uid="fleksjob-forget-provider-mfa")
