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


class Channel(models.TextChoices):
    """Where a logged action came from (the ``channel`` column holds the code; the column has
    no choices, so adding a channel needs no migration)."""

    WEB = "web", _("webside")
    API = "api", _("API")
    CLI = "cli", _("kommandolinje")
    ADMIN = "admin", _("administration")
    SYSTEM = "system", _("systemet")


def channel_label(code: str) -> str:
    """The channel's label in the page's language (an unknown code as it is)."""
    try:
        return str(Channel(code).label)
    except ValueError:
        return code


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


class AppendOnly(models.Model):
    """Rows are written once: the model refuses changes and deletes."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError(f"{self._meta.verbose_name_plural} cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{self._meta.verbose_name_plural} cannot be deleted")


class AuditEventQuerySet(models.QuerySet):
    def about_citizen(self, *citizen_ids: int) -> AuditEventQuerySet:
        """Events about a citizen (under every id they had): their record, or lists showing them."""
        about = models.Q(citizen_id__in=citizen_ids)
        for citizen_id in citizen_ids:
            about |= models.Q(citizen_ids__contains=f",{citizen_id},")
        return self.filter(about)


class AuditEvent(AppendOnly):
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
    # The citizens a list showed (one event per page view), as ",12,345," so that one id is found
    # with a plain substring match on either engine (see ``about_citizen``).
    citizen_ids = models.TextField(_("viste borgere"), blank=True, default="")

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("revisionshændelse")
        verbose_name_plural = _("revisionslog")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type}"

    @property
    def shown_citizens(self) -> list[int]:
        return [int(pk) for pk in self.citizen_ids.strip(",").split(",") if pk]


class AccessChange(AppendOnly):
    """One change of a staff user's access: role, municipality, superuser/staff/active status,
    groups and permissions, or a password set by someone else. Written only by
    ``accounts.access``, beside an ``AuditEvent``; managers see the rows that touch their
    municipality. ``before`` is empty for a user who was created."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Oprettet")
        CHANGED = "changed", _("Adgang ændret")
        PASSWORD = "password", _("Adgangskode sat af en anden")

    at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)
    kind = models.CharField(_("art"), max_length=10, choices=Kind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ændret af"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    by_name = models.CharField(_("ændret af"), max_length=150)  # user name, or cli/system:...
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medarbejder"),
        on_delete=models.PROTECT,
        related_name="access_changes",
    )
    username = models.CharField(_("brugernavn"), max_length=150)
    channel = models.CharField(_("kanal"), max_length=10)
    before = models.JSONField(_("før"), default=dict, blank=True)
    after = models.JSONField(_("efter"), default=dict)
    municipality_before = models.CharField(_("kommune før"), max_length=3, blank=True)
    municipality_after = models.CharField(_("kommune efter"), max_length=3, blank=True)
    # True when the change gives access to personal data it did not give before: a municipal
    # role in a municipality (new, or another one), or a password someone else now knows.
    grants_personal_data = models.BooleanField(_("giver adgang til persondata"), default=False)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("adgangsændring")
        verbose_name_plural = _("adgangsændringer")
        indexes = [
            models.Index(fields=["municipality_after", "at"], name="access_muni_after_at"),
            models.Index(fields=["municipality_before", "at"], name="access_muni_before_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.by_name} → {self.username} ({self.kind})"

    @property
    def channel_label(self) -> str:
        return channel_label(self.channel)

    @property
    def by_label(self) -> str:
        """Who made the change, for a page: a user name, or the command line or the system
        (``cli``, ``system:demo``) in the page's language rather than the stored actor code."""
        if self.by_id is None:
            kind, _sep, what = self.by_name.partition(":")
            if kind in Channel.values:
                label = channel_label(kind)
                return f"{label} ({what})" if what else label
        return self.by_name
