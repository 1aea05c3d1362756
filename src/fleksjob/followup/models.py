"""The individual follow-up plan agreed with each citizen, its hours steps, and meetings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fleksjob.core.records.limits import MAX_WEEKLY_HOURS
from fleksjob.municipalities.scoping import ScopedQuerySet


class Purpose(models.TextChoices):
    MORE_HOURS = "more_hours", _("Flere timer trin for trin")
    FOOTHOLD = "foothold", _("Fastholde fodfæste")
    EDUCATION = "education", _("Uddannelse eller omskoling")


class PlanQuerySet(ScopedQuerySet):
    municipality_path = "citizen__municipality"


class FollowUpPlan(models.Model):
    citizen = models.ForeignKey(
        "citizens.Citizen", on_delete=models.CASCADE, related_name="followup_plans"
    )
    approval = models.ForeignKey(
        "citizens.Approval", on_delete=models.CASCADE, related_name="followup_plans"
    )
    purpose = models.CharField(_("formål"), max_length=20, choices=Purpose.choices)
    agreed_text = models.TextField(_("aftalt med borgeren"), blank=True)
    cadence_weeks = models.PositiveSmallIntegerField(_("opfølgning hver (uger)"))
    agreed_on = models.DateField(_("aftalt den"))
    next_due = models.DateField(_("næste opfølgning"), db_index=True)
    active = models.BooleanField(_("aktiv"), default=True)
    updated_at = models.DateTimeField(auto_now=True)  # its version (ETag, the plan form's)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("opfølgningsplan")
        verbose_name_plural = _("opfølgningsplaner")
        constraints = [
            models.UniqueConstraint(
                fields=["approval"], condition=Q(active=True), name="plan_one_active_per_case"
            ),
            models.CheckConstraint(
                condition=Q(cadence_weeks__gte=1, cadence_weeks__lte=130), name="plan_cadence_range"
            ),
            models.CheckConstraint(
                condition=Q(purpose__in=Purpose.values), name="plan_purpose_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.cadence_weeks} uger)"


class HoursStep(models.Model):
    plan = models.ForeignKey(FollowUpPlan, on_delete=models.CASCADE, related_name="hours_steps")
    target_date = models.DateField(_("måldato"))
    hours_per_week = models.DecimalField(_("timer pr. uge"), max_digits=4, decimal_places=1)

    class Meta:
        ordering = ["target_date"]
        verbose_name = _("timetrin")
        verbose_name_plural = _("timetrin")
        constraints = [
            models.UniqueConstraint(fields=["plan", "target_date"], name="step_one_per_date"),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0, hours_per_week__lte=MAX_WEEKLY_HOURS),
                name="step_hours_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target_date}: {self.hours_per_week} t/uge"


class MeetingKind(models.TextChoices):
    JOBSAMTALE = "jobsamtale", _("Jobsamtale")
    FOLLOW_UP = "follow_up", _("Opfølgningssamtale i fleksjob")
    REVIEW = "review", _("Revurdering")
    OTHER = "other", _("Andet")


class MeetingChannel(models.TextChoices):
    IN_PERSON = "in_person", _("Fremmøde")
    PHONE = "phone", _("Telefon")
    VIDEO = "video", _("Video")
    WORKPLACE = "workplace", _("På arbejdspladsen")


class MeetingQuerySet(ScopedQuerySet):
    municipality_path = "citizen__municipality"


class FollowUpMeeting(models.Model):
    citizen = models.ForeignKey(
        "citizens.Citizen", on_delete=models.CASCADE, related_name="meetings"
    )
    approval = models.ForeignKey(
        "citizens.Approval",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meetings",
    )
    held_on = models.DateField(_("dato"))
    kind = models.CharField(_("type"), max_length=12, choices=MeetingKind.choices)
    channel = models.CharField(_("form"), max_length=12, choices=MeetingChannel.choices)
    agreed_text = models.TextField(_("aftalt"), blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("samtale")
        verbose_name_plural = _("samtaler")
        indexes = [models.Index(fields=["citizen", "held_on"], name="meeting_citizen_on")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=MeetingKind.values), name="meeting_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_kind_display()}"


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Opfølgning forfalder snart")
    OVERDUE = "overdue", _("Opfølgning er overskredet")


class ReminderOutcome(models.TextChoices):
    PENDING = "pending", _("Afsendes")  # claimed, the e-mail not yet confirmed sent
    SENT = "sent", _("Sendt")
    NO_RECIPIENT = "no_recipient", _("Ingen modtager")


class Reminder(models.Model):
    """One reminder of one plan's due date. The unique key makes sending idempotent.

    A row is claimed (committed) before the e-mail goes out and marked sent after, so a re-run or
    an interrupted run never sends the same reminder twice; a claim still pending is reported as
    uncertain instead of being re-sent. A reminder with nobody to send it to (no caseworker with
    an e-mail in the municipality) is settled as ``no_recipient`` and shown to the managers, so a
    bounded run never meets the same plans again.
    """

    plan = models.ForeignKey(FollowUpPlan, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    due = models.DateField(_("forfaldsdato"))
    recipients = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(
        _("udfald"),
        max_length=12,
        choices=ReminderOutcome.choices,
        default=ReminderOutcome.PENDING,
        db_index=True,
    )

    class Meta:
        verbose_name = _("påmindelse")
        verbose_name_plural = _("påmindelser")
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind", "due"], name="reminder_once"),
            models.CheckConstraint(
                condition=Q(kind__in=ReminderKind.values), name="reminder_kind_valid"
            ),
            # Sent exactly when the send time is known.
            models.CheckConstraint(
                condition=(Q(outcome=ReminderOutcome.SENT) & Q(sent_at__isnull=False))
                | (~Q(outcome=ReminderOutcome.SENT) & Q(sent_at__isnull=True)),
                name="reminder_sent_iff_sent_at",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=ReminderOutcome.values), name="reminder_outcome_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due}"
