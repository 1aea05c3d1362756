"""Employments (fleksjob or ordinary) and how their weekly hours progress."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fleksjob.core.records.limits import MAX_WEEKLY_HOURS
from fleksjob.municipalities.scoping import ScopedQuerySet


class EmploymentKind(models.TextChoices):
    FLEKSJOB = "fleksjob", _("Fleksjob")
    ORDINARY = "ordinary", _("Ordinært job")


class EmploymentQuerySet(ScopedQuerySet):
    municipality_path = "citizen__municipality"

    def fleksjobs(self) -> EmploymentQuerySet:
        return self.filter(kind=EmploymentKind.FLEKSJOB)


class Employment(models.Model):
    citizen = models.ForeignKey(
        "citizens.Citizen", on_delete=models.CASCADE, related_name="employments"
    )
    approval = models.ForeignKey(
        "citizens.Approval",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="employments",
    )
    employer = models.ForeignKey(
        "employers.Employer", on_delete=models.PROTECT, related_name="employments"
    )
    position = models.ForeignKey(
        "employers.Position",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employments",
    )
    kind = models.CharField(_("type"), max_length=10, choices=EmploymentKind.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("slut"), null=True, blank=True)
    hourly_wage = models.DecimalField(_("timeløn (kr.)"), max_digits=7, decimal_places=2)
    # Fleksjobs started before 1 January 2013 follow the old scheme (wage subsidy to the employer).
    old_scheme = models.BooleanField(_("gammel ordning (før 2013)"), default=False)

    objects = EmploymentQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]
        verbose_name = _("ansættelse")
        verbose_name_plural = _("ansættelser")
        # Created by the placements app; moved here without touching the data.
        db_table = "placements_employment"
        indexes = [
            models.Index(fields=["citizen", "start"], name="employment_citizen_start"),
            # A municipality's fleksjob hires, ever and now, per employer, from this index alone
            # (the matching's data version, the employer lists and the outreach ranking).
            models.Index(fields=["employer", "kind", "end"], name="employment_employer_kind"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="employment_end_after_start",
            ),
            models.CheckConstraint(condition=Q(hourly_wage__gt=0), name="employment_wage_positive"),
            models.CheckConstraint(
                condition=Q(kind__in=EmploymentKind.values), name="employment_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(old_scheme=False) | (Q(kind="fleksjob") & Q(start__lt="2013-01-01")),
                name="employment_old_scheme_before_2013",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} fra {self.start}"


class HoursChange(models.Model):
    """Weekly hours in force from ``valid_from`` until the next change (or the employment's end)."""

    employment = models.ForeignKey(
        Employment, on_delete=models.CASCADE, related_name="hours_history"
    )
    valid_from = models.DateField(_("fra"))
    hours_per_week = models.DecimalField(_("timer pr. uge"), max_digits=4, decimal_places=1)

    class Meta:
        ordering = ["valid_from"]
        verbose_name = _("timeændring")
        verbose_name_plural = _("timehistorik")
        db_table = "placements_hourschange"
        constraints = [
            models.UniqueConstraint(
                fields=["employment", "valid_from"], name="hours_one_change_per_day"
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0, hours_per_week__lte=MAX_WEEKLY_HOURS),
                name="hours_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hours_per_week} t/uge fra {self.valid_from}"
