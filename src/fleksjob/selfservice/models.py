"""Who a citizen's or an employer's login is: the link from a user of the portal roles to the
record they may see. A citizen's login is found by the keyed CPR hash at OpenID Connect login
(``oidc``), never by name; an employer's login is a contact person of one company as the
jobcentre registered it; demo personas are linked by the demo."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CitizenAccount(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="citizen_account"
    )
    citizen = models.OneToOneField(
        "citizens.Citizen", on_delete=models.CASCADE, related_name="account"
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    class Meta:
        verbose_name = _("borgerlogin")
        verbose_name_plural = _("borgerlogins")

    def __str__(self) -> str:
        return f"borgerlogin {self.pk}"


class EmployerAccount(models.Model):
    """An employer's login: one contact person of one company (an employer record of the
    municipality that works with it); they see that company's positions and nothing else."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employer_account"
    )
    contact_person = models.OneToOneField(
        "employers.ContactPerson", on_delete=models.CASCADE, related_name="account"
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    class Meta:
        verbose_name = _("arbejdsgiverlogin")
        verbose_name_plural = _("arbejdsgiverlogins")

    def __str__(self) -> str:
        return f"arbejdsgiverlogin {self.pk}"
