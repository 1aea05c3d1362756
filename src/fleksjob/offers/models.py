"""Active offers (aktive tilbud) for citizens on ledighedsydelse, and the consultant capacity
each municipality enters per month (docs/active-offers.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fleksjob.core.records.offer import ACTIVE_OFFER
from fleksjob.core.records.offer import MAX_FTE as CAPACITY_MAX_FTE
from fleksjob.municipalities.scoping import ScopedQuerySet


class OfferKind(models.TextChoices):
    """The offers of the act on an active employment effort (LAB-loven) a citizen on
    ledighedsydelse can be given, and support beside them."""

    PRACTICE = "practice", _("Virksomhedspraktik")
    WAGE_SUBSIDY = "wage_subsidy", _("Ansættelse med løntilskud")
    MENTOR = "mentor", _("Mentorstøtte")
    GUIDANCE = "guidance", _("Vejledning og opkvalificering")
    OTHER = "other", _("Andet tilbud")


# Offers at a workplace: they need the employer.
WORKPLACE_KINDS = (OfferKind.PRACTICE, OfferKind.WAGE_SUBSIDY)


class OfferOutcome(models.TextChoices):
    JOB = "job", _("Ordinært job")
    FLEKSJOB_SAME = "fleksjob_same", _("Fleksjob hos samme arbejdsgiver")
    FLEKSJOB_OTHER = "fleksjob_other", _("Fleksjob hos en anden arbejdsgiver")
    INTERRUPTED = "interrupted", _("Afbrudt")
    COMPLETED = "completed", _("Afsluttet uden job")


HOURS = ACTIVE_OFFER["weekly_hours"]  # the offer's hours a week: the record spec's range


class OfferQuerySet(ScopedQuerySet):
    municipality_path = "citizen__municipality"

    def running(self, on) -> OfferQuerySet:
        """Offers that have started and not ended on day ``on``."""
        return self.filter(start__lte=on).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))


class ActiveOffer(models.Model):
    citizen = models.ForeignKey(
        "citizens.Citizen", on_delete=models.CASCADE, related_name="active_offers"
    )
    approval = models.ForeignKey(
        "citizens.Approval", on_delete=models.CASCADE, related_name="active_offers"
    )
    kind = models.CharField(_("tilbud"), max_length=20, choices=OfferKind.choices)
    employer = models.ForeignKey(
        "employers.Employer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="active_offers",
        verbose_name=_("arbejdsgiver"),
    )
    start = models.DateField(_("start"))
    planned_end = models.DateField(_("planlagt slut"))
    ended_on = models.DateField(_("faktisk slut"), null=True, blank=True)
    weekly_hours = models.DecimalField(_("timer pr. uge"), max_digits=4, decimal_places=1)
    purpose = models.TextField(_("formål"), blank=True)
    outcome = models.CharField(_("udfald"), max_length=20, choices=OfferOutcome.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)  # its version

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("aktivt tilbud")
        verbose_name_plural = _("aktive tilbud")
        indexes = [
            models.Index(fields=["citizen", "start"], name="offer_citizen_start"),
            models.Index(fields=["kind", "planned_end"], name="offer_kind_planned_end"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=OfferKind.values), name="offer_kind_valid"),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=OfferOutcome.values),
                name="offer_outcome_valid",
            ),
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("start")), name="offer_planned_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("start")),
                name="offer_end_after_start",
            ),
            # Ended exactly when it has an outcome.
            models.CheckConstraint(
                condition=(Q(ended_on__isnull=True) & Q(outcome=""))
                | (Q(ended_on__isnull=False) & ~Q(outcome="")),
                name="offer_outcome_when_ended",
            ),
            models.CheckConstraint(
                condition=Q(weekly_hours__gte=HOURS.low, weekly_hours__lte=HOURS.high),
                name="offer_hours_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.start})"

    @property
    def running(self) -> bool:
        return self.ended_on is None


# A sane upper bound for a municipality's consultants: København, the largest jobcentre, has
# some hundreds of staff in all; 500 full-time equivalents on fleksjob alone is a typing error.
MAX_FTE = CAPACITY_MAX_FTE


class CapacityQuerySet(ScopedQuerySet):
    municipality_path = "municipality"


class ConsultantCapacity(models.Model):
    """A municipality's consultants on the fleksjob area in a month (full-time equivalents),
    entered by its managers; ``employer_fte`` the part that works with employers (outgoing
    company consultants), when the municipality records it."""

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField(_("måned"))  # the first day
    consultants_fte = models.DecimalField(
        _("konsulenter (årsværk)"), max_digits=5, decimal_places=2
    )
    employer_fte = models.DecimalField(
        _("heraf virksomhedsrettede (årsværk)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    synthetic = models.BooleanField(_("syntetiske data"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = CapacityQuerySet.as_manager()

    class Meta:
        verbose_name = _("konsulentkapacitet")
        verbose_name_plural = _("konsulentkapacitet")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "month"], name="capacity_one_per_month"
            ),
            models.CheckConstraint(
                condition=Q(consultants_fte__gte=0, consultants_fte__lte=MAX_FTE),
                name="capacity_fte_range",
            ),
            models.CheckConstraint(
                condition=Q(employer_fte__isnull=True)
                | Q(employer_fte__gte=0, employer_fte__lte=F("consultants_fte")),
                name="capacity_employer_fte_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.month:%Y-%m}: {self.consultants_fte}"
