"""The 98 municipalities and their regions, plus monthly framework conditions and staffing."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    code = models.PositiveIntegerField(_("regionskode"), primary_key=True)
    name = models.CharField(_("navn"), max_length=60, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regioner")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    code = models.CharField(_("kommunekode"), max_length=3, primary_key=True)
    name = models.CharField(_("navn"), max_length=60, unique=True)
    alt_name = models.CharField(_("alternativt navn"), max_length=60, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities")
    population = models.PositiveIntegerField(_("indbyggertal (FOLK1A, 1. juli 2020)"))
    lat = models.FloatField()
    lon = models.FloatField()

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{3}$"), name="municipality_code_3_digits"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MonthlyConditions(models.Model):
    """Framework conditions and staffing of one municipality in one month.

    The covariates (local unemployment, age and education mix) are what a municipality does not
    control and are used for risk adjustment and peer groups; consultant staffing is an input
    indicator. In demo data they are synthetic and marked so.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="conditions"
    )
    month = models.DateField(_("måned (første dag)"))
    unemployment_rate = models.FloatField(_("ledighed i kommunen (andel)"))
    share_age_50_plus = models.FloatField(_("andel 50+ blandt visiterede"))
    share_low_education = models.FloatField(_("andel uden erhvervsuddannelse"))
    consultants_fte = models.FloatField(_("virksomhedskonsulenter (årsværk)"))
    synthetic = models.BooleanField(_("syntetiske data"), default=False)

    class Meta:
        verbose_name = _("månedlige rammevilkår")
        verbose_name_plural = _("månedlige rammevilkår")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "month"], name="conditions_one_per_month"
            ),
            models.CheckConstraint(
                condition=Q(unemployment_rate__gte=0, unemployment_rate__lte=1)
                & Q(share_age_50_plus__gte=0, share_age_50_plus__lte=1)
                & Q(share_low_education__gte=0, share_low_education__lte=1)
                & Q(consultants_fte__gte=0),
                name="conditions_ranges",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.month:%Y-%m}"
