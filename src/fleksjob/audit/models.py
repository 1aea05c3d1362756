"""Append-only audit log of access to and changes of citizens' personal data.

Rows are never updated or deleted: the model refuses it, and database triggers (see the
migration) refuse it for anyone who bypasses the ORM. Rows hold ids, field names and staff user
names, never a citizen's name, CPR or health data; so the retention job leaves them as they are,
pointing at the anonymised record, and needs no exception to the triggers.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    VIEW = "view", _("Visning")
    SEARCH = "search", _("Søgning")
    CREATE = "create", _("Oprettelse")
    UPDATE = "update", _("Ændring")
    DELETE = "delete", _("Sletning")
    EXPORT = "export", _("Udtræk")
    ANONYMISE = "anonymise", _("Anonymisering")
    AUTH = "auth", _("Log ind og sikkerhed")  # second-factor codes, 2FA enrolment and resets


class AppendOnlyError(RuntimeError):
    pass


class AuditEvent(models.Model):
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    username = models.CharField(_("bruger"), max_length=150)
    action = models.CharField(_("handling"), max_length=10, choices=Action.choices)
    object_type = models.CharField(_("objekttype"), max_length=50)
    object_id = models.CharField(_("objekt-id"), max_length=40, blank=True)
    citizen_id = models.BigIntegerField(_("borger-id"), null=True, blank=True, db_index=True)
    municipality_code = models.CharField(_("kommune"), max_length=3, blank=True)
    channel = models.CharField(_("kanal"), max_length=10, default="web")  # web, api, cli, admin
    detail = models.CharField(_("detalje"), max_length=200, blank=True)  # never CPR or health data

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("revisionshændelse")
        verbose_name_plural = _("revisionslog")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit events cannot be deleted")
