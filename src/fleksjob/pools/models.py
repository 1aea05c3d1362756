"""Municipal fleksjob pools, the applications for a place and the pool jobs (docs/pools.md).

A pool pays the whole wage of the citizens it places. Its places are held by granted
applications; when there is no free place the visitation unit's yes puts the application on
the waiting list. The arithmetic (places, spend against the cap, the waiting list's order) is in
``fleksjob.core.pools``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fleksjob.accounts.permissions import may_see_pools
from fleksjob.core.pools import (
    KIND_LABELS_DA,
    KIND_LABELS_EN,
    MOTIVATION_MAX,
    OPEN,
    REASON_MAX,
    STATUS_LABELS_DA,
    STATUS_LABELS_EN,
    ApplicationStatus,
    Kind,
)
from fleksjob.core.records.limits import MAX_WEEKLY_HOURS
from fleksjob.ui.labels import bilingual

KindChoice = models.TextChoices(
    "KindChoice",
    [(k.name, (k.value, bilingual(KIND_LABELS_DA[k], KIND_LABELS_EN[k]))) for k in Kind],
)
StatusChoice = models.TextChoices(
    "StatusChoice",
    [
        (s.name, (s.value, bilingual(STATUS_LABELS_DA[s], STATUS_LABELS_EN[s])))
        for s in ApplicationStatus
    ],
)


class PoolScoped(models.QuerySet):
    """Records of the user's municipality, for its staff and its visitation unit."""

    municipality_path = "municipality"

    def visible_to(self, user) -> models.QuerySet:
        if not getattr(user, "is_authenticated", False) or not may_see_pools(user):
            return self.none()
        return self.filter(**{self.municipality_path: user.municipality_id})


class Pool(models.Model):
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        related_name="fleksjob_pools",
    )
    name = models.CharField(_("navn"), max_length=120)
    kind = models.CharField(_("type"), max_length=20, choices=KindChoice.choices)
    annual_cap = models.PositiveBigIntegerField(_("årlig ramme (kr.)"))
    places = models.PositiveIntegerField(_("pladser"))
    eligibility = models.TextField(_("målgruppe"), blank=True)
    requires_ledighedsydelse = models.BooleanField(
        _("kun borgere på ledighedsydelse"), default=False
    )
    min_weeks_on_ledighedsydelse = models.PositiveSmallIntegerField(
        _("mindst uger på ledighedsydelse"), default=0
    )
    active = models.BooleanField(_("åben for ansøgninger"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PoolScoped.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("fleksjobpulje")
        verbose_name_plural = _("fleksjobpuljer")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in Kind]), name="pool_kind_valid"
            ),
            models.UniqueConstraint(fields=["municipality", "name"], name="pool_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class ApplicationQuerySet(PoolScoped):
    municipality_path = "pool__municipality"

    def visible_to(self, user) -> models.QuerySet:
        """The municipality's pools' applications of its own citizens: a citizen who moved away
        (a case transfer) is no longer shown by the pools they left (docs/pools.md)."""
        return super().visible_to(user).filter(citizen__municipality_id=user.municipality_id)

    def open(self) -> ApplicationQuerySet:
        return self.filter(status__in=sorted(s.value for s in OPEN))


class PoolApplication(models.Model):
    """An application for a place in a pool, made by the citizen's caseworker or consultant and
    decided by the visitation unit (granted, waiting list or refused with a reason)."""

    pool = models.ForeignKey(Pool, on_delete=models.PROTECT, related_name="applications")
    citizen = models.ForeignKey(
        "citizens.Citizen", on_delete=models.CASCADE, related_name="pool_applications"
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ansøgt af"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("ansøgt"), default=timezone.now)
    motivation = models.TextField(_("begrundelse for ansøgningen"), max_length=MOTIVATION_MAX)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=StatusChoice.choices,
        default=ApplicationStatus.PENDING,
        db_index=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgjort af"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("afgjort"), null=True, blank=True)
    reason = models.TextField(_("begrundelse for afgørelsen"), max_length=REASON_MAX, blank=True)
    waitlisted_at = models.DateTimeField(_("på venteliste fra"), null=True, blank=True)
    granted_at = models.DateTimeField(_("bevilget"), null=True, blank=True)
    closed_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-applied_at", "-id"]
        verbose_name = _("ansøgning om puljeplads")
        verbose_name_plural = _("ansøgninger om puljeplads")
        indexes = [models.Index(fields=["pool", "status"], name="pool_application_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ApplicationStatus]),
                name="pool_application_status_valid",
            ),
            # A citizen has at most one open application per pool.
            models.UniqueConstraint(
                fields=["pool", "citizen"],
                condition=Q(status__in=sorted(s.value for s in OPEN)),
                name="pool_application_one_open",
            ),
            models.CheckConstraint(
                condition=~Q(status=ApplicationStatus.REFUSED) | ~Q(reason=""),
                name="pool_refusal_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status=ApplicationStatus.WAITING) | Q(waitlisted_at__isnull=False),
                name="pool_waiting_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pool} ({self.status})"


class PlacementQuerySet(PoolScoped):
    municipality_path = "pool__municipality"

    def visible_to(self, user) -> models.QuerySet:
        return super().visible_to(user).filter(citizen__municipality_id=user.municipality_id)


class PoolPlacement(models.Model):
    """A citizen in a pool job: the pool pays the whole wage (``monthly_cost``)."""

    application = models.OneToOneField(
        PoolApplication, on_delete=models.PROTECT, related_name="placement"
    )
    pool = models.ForeignKey(Pool, on_delete=models.PROTECT, related_name="placements")
    citizen = models.ForeignKey(
        "citizens.Citizen", on_delete=models.CASCADE, related_name="pool_placements"
    )
    workplace = models.CharField(_("arbejdsplads"), max_length=200)
    weekly_hours = models.DecimalField(_("timer pr. uge"), max_digits=4, decimal_places=1)
    monthly_cost = models.PositiveIntegerField(_("lønudgift pr. måned (kr.)"))
    start = models.DateField(_("start"))
    end = models.DateField(_("slut"), null=True, blank=True)
    end_reason = models.CharField(_("årsag til ophør"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = _("puljejob")
        verbose_name_plural = _("puljejob")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="pool_placement_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(weekly_hours__gt=0) & Q(weekly_hours__lte=MAX_WEEKLY_HOURS),
                name="pool_placement_hours",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.workplace} ({self.start})"
