"""Aggregated figures for benchmarking: imported from Jobindsats, beside the system's own.

Only aggregates live here (no personal data), so every staff role may read them; counts below
the suppression limit are never published (see the views).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    JOBINDSATS = "jobindsats", _("Jobindsats (STAR)")
    SYSTEM = "system", _("fleksjob (egne data)")


class AreaLevel(models.TextChoices):
    COUNTRY = "country", _("Hele landet")
    REGION = "region", _("Region")
    RAR = "rar", _("RAR-område")
    MUNICIPALITY = "municipality", _("Kommune")


class ImportBatch(models.Model):
    source = models.CharField(max_length=12, choices=Source.choices)
    table = models.CharField(_("tabel"), max_length=20)
    file_name = models.CharField(_("fil"), max_length=200, blank=True)
    rows = models.PositiveIntegerField(_("tal"))
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.CharField(max_length=150, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("importer")

    def __str__(self) -> str:
        return f"{self.table} {self.imported_at:%Y-%m-%d}"


class ImportedFigure(models.Model):
    """One published figure: table, area, period, measure (and dimension values)."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="figures")
    source = models.CharField(max_length=12, choices=Source.choices)
    table = models.CharField(_("tabel"), max_length=20)
    area = models.CharField(_("område"), max_length=100)
    level = models.CharField(_("niveau"), max_length=12, choices=AreaLevel.choices)
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.PROTECT, null=True, blank=True
    )
    period = models.CharField(_("periode"), max_length=12)
    measure = models.CharField(_("måling"), max_length=100)
    label = models.CharField(_("betegnelse"), max_length=300)
    dimensions = models.JSONField(default=dict, blank=True)
    dimensions_key = models.CharField(max_length=300, blank=True)
    value = models.FloatField(_("værdi"), null=True, blank=True)  # None: suppressed or missing

    class Meta:
        verbose_name = _("importeret tal")
        verbose_name_plural = _("importerede tal")
        indexes = [models.Index(fields=["table", "measure", "period"], name="figure_table_measure")]
        constraints = [
            # A re-import of the same figure replaces it (one row per figure and source).
            models.UniqueConstraint(
                fields=["source", "table", "area", "period", "measure", "dimensions_key"],
                name="figure_unique",
            ),
            models.CheckConstraint(
                condition=Q(level="municipality", municipality__isnull=False)
                | (~Q(level="municipality") & Q(municipality__isnull=True)),
                name="figure_municipality_iff_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.table} {self.area} {self.period} {self.label}"


class IndicatorRun(models.Model):
    """One computation of every indicator over a span of months; the newest finished is shown."""

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    first_month = models.DateField()
    last_month = models.DateField()
    rows = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(null=True, blank=True)
    # Citizen-level analyses at the last month's end: risk-adjusted O/E of the headline share
    # and Kaplan–Meier time to first fleksjob per unit (aggregates only).
    extras = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("indikatorkørsel")
        verbose_name_plural = _("indikatorkørsler")

    def __str__(self) -> str:
        return f"{self.first_month:%Y-%m}–{self.last_month:%Y-%m} ({self.started_at:%Y-%m-%d})"


class IndicatorValue(models.Model):
    """One indicator for one unit (municipality, region, country) and month."""

    run = models.ForeignKey(IndicatorRun, on_delete=models.CASCADE, related_name="values")
    indicator = models.CharField(max_length=60)
    unit_level = models.CharField(max_length=12, choices=AreaLevel.choices)
    unit_id = models.CharField(max_length=8)
    unit_name = models.CharField(max_length=60)
    period = models.DateField()
    numerator = models.FloatField()
    denominator = models.FloatField()
    value = models.FloatField(null=True, blank=True)
    # The suppression pattern of the run (``core.stats.suppression``), computed over the whole
    # run so every page, export and the API hide the same cells. Hidden unless the run said
    # otherwise: a value stored before the pattern existed publishes nothing.
    suppressed = models.BooleanField(default=True)
    denominator_suppressed = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("indikatorværdi")
        verbose_name_plural = _("indikatorværdier")
        indexes = [
            models.Index(fields=["run", "indicator", "period", "unit_level"], name="value_lookup"),
            models.Index(fields=["run", "unit_id", "indicator"], name="value_unit"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "indicator", "unit_level", "unit_id", "period"],
                name="value_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.unit_id} {self.period:%Y-%m}"
