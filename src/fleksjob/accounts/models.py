"""Staff users with a role and a municipality, and their API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Sagsbehandler")
    CONSULTANT = "consultant", _("Virksomhedskonsulent")
    MANAGER = "manager", _("Leder")
    NATIONAL = "national", _("National analytiker")
    ADMIN = "admin", _("Administrator")
    CITIZEN = "citizen", _("Borger")
    EMPLOYER = "employer", _("Arbejdsgiver")
    # The municipality's visitation unit for its fleksjob pools (docs/pools.md): decides who
    # gets a place; sees the pools' applications and nothing else of the caseload.
    VISITATION = "visitation", _("Visitationsudvalg")


MUNICIPAL_ROLES = (Role.CASEWORKER, Role.CONSULTANT, Role.MANAGER)
# Roles that belong to one municipality: the municipal roles and the pools' visitation unit.
MUNICIPALITY_ROLES = (*MUNICIPAL_ROLES, Role.VISITATION)
# Citizens and employers see their own records on their own pages (fleksjob.selfservice) and
# nothing of the staff's pages or API.
PORTAL_ROLES = (Role.CITIZEN, Role.EMPLOYER)


class UserManager(DjangoUserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        """``fleksjob manage createsuperuser``: an administrator made by the operator at the
        command line, through the audited access path (``accounts.access``)."""
        from fleksjob.accounts.access import create_user

        access = {
            name: extra_fields.pop(name)
            for name in ("role", "municipality", "is_active")
            if name in extra_fields
        }
        access.setdefault("role", Role.ADMIN)
        user = self.model(
            username=self.model.normalize_username(username),
            email=self.normalize_email(email),
            password=make_password(password),
            **extra_fields,
        )
        create_user(
            None, user, channel="cli", actor="cli", is_superuser=True, is_staff=True, **access
        )
        return user


class User(AbstractUser):
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices)
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("medarbejder")
        verbose_name_plural = _("medarbejdere")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in Role]), name="user_role_valid"
            ),
            # Municipal roles always belong to a municipality; that is what scoping starts from.
            models.CheckConstraint(
                condition=~Q(role__in=[r.value for r in MUNICIPALITY_ROLES])
                | Q(municipality__isnull=False),
                name="user_municipal_role_has_municipality",
            ),
        ]

    @property
    def is_municipal(self) -> bool:
        return self.role in MUNICIPAL_ROLES and self.municipality_id is not None

    @property
    def is_visitation(self) -> bool:
        """A member of the municipality's visitation unit for its fleksjob pools."""
        return self.role == Role.VISITATION and self.municipality_id is not None

    @property
    def is_portal(self) -> bool:
        """A citizen or an employer: only the self-service pages are theirs."""
        return self.role in PORTAL_ROLES

    @property
    def is_admin_role(self) -> bool:
        return self.role == Role.ADMIN


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)

    def authenticate(self, raw: str) -> User | None:
        token = self.active().select_related("user").filter(token_hash=_hash_token(raw)).first()
        if token is None:
            return None
        # Cheap "last used" bookkeeping: at most one write per token per minute.
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user


class ApiToken(models.Model):
    """A bearer token. Only its SHA-256 is stored; the token itself is shown once at creation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("navn"), max_length=100, blank=True)
    prefix = models.CharField(max_length=8, help_text=_("De første tegn, til genkendelse"))
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-nøgle")
        verbose_name_plural = _("API-nøgler")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @classmethod
    def issue(cls, user: User, name: str = "") -> tuple[ApiToken, str]:
        raw = "fj_" + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, prefix=raw[:8], token_hash=_hash_token(raw)
        )
        return token, raw
