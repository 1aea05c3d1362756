"""The individual follow-up plan agreed with each citizen, its hours steps, and meetings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fleksjob.audit.stamped import Stamped
from fleksjob.core.casework.shared_plan import proposal_waits_for
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


class FollowUpMeeting(Stamped):
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
        indexes = [
            models.Index(fields=["citizen", "held_on"], name="meeting_citizen_on"),
            models.Index(fields=["citizen", "updated_at"], name="meeting_citizen_stamp"),
        ]
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


# The plan shared with the citizen (issue 15): proposals of changes, agreed by the other side,
# and the plan's activities with their status history. The rules are core/casework/shared_plan.


class Side(models.TextChoices):
    CITIZEN = "citizen", _("Borgeren")
    JOBCENTRE = "jobcentre", _("Jobcentret")


class ProposalKind(models.TextChoices):
    PURPOSE = "purpose", _("Formål")
    CADENCE = "cadence", _("Hvor tit I følger op")
    HOURS_STEP = "hours_step", _("Timetrin")
    ACTIVITY = "activity", _("Aktivitet")


class ProposalState(models.TextChoices):
    PENDING = "pending", _("Venter på svar")
    ACCEPTED = "accepted", _("Aftalt")
    DECLINED = "declined", _("Afvist")
    WITHDRAWN = "withdrawn", _("Trukket tilbage")


class ActivityKind(models.TextChoices):
    PRACTICE = "practice", _("Praktik på en arbejdsplads")
    COURSE = "course", _("Kursus eller uddannelse")
    JOB_SEARCH = "job_search", _("Jobsøgning")
    HEALTH = "health", _("Træning eller behandling")
    MEETING = "meeting", _("Møde")
    OTHER = "other", _("Andet")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    IN_PROGRESS = "in_progress", _("I gang")
    DONE = "done", _("Gennemført")
    CANCELLED = "cancelled", _("Aflyst")


class SharedQuerySet(ScopedQuerySet):
    municipality_path = "citizen__municipality"


class PlanActivity(models.Model):
    """One activity of the citizen's plan. Added by either side, it is *foreslået* (``agreed_at``
    empty) until the other side accepts its proposal."""

    citizen = models.ForeignKey(
        "citizens.Citizen", on_delete=models.CASCADE, related_name="plan_activities"
    )
    approval = models.ForeignKey(
        "citizens.Approval", on_delete=models.CASCADE, related_name="plan_activities"
    )
    title = models.CharField(_("aktivitet"), max_length=200)
    kind = models.CharField(_("type"), max_length=12, choices=ActivityKind.choices)
    starts_on = models.DateField(_("fra"))
    ends_on = models.DateField(_("til"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    owner = models.CharField(_("hvem gør det"), max_length=10, choices=Side.choices)
    created_by_side = models.CharField(_("foreslået af"), max_length=10, choices=Side.choices)
    agreed_at = models.DateTimeField(_("aftalt"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)  # its version (the status form's)

    objects = SharedQuerySet.as_manager()

    class Meta:
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ActivityStatus.values), name="activity_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ActivityKind.values), name="activity_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(owner__in=Side.values) & Q(created_by_side__in=Side.values),
                name="activity_sides_valid",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="activity_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"aktivitet {self.pk}"


class ActivityChange(models.Model):
    """One status change of an activity: who (which side) moved it from what to what, when."""

    activity = models.ForeignKey(PlanActivity, on_delete=models.CASCADE, related_name="changes")
    side = models.CharField(max_length=10, choices=Side.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_status = models.CharField(max_length=12, choices=ActivityStatus.choices)
    to_status = models.CharField(max_length=12, choices=ActivityStatus.choices)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("statusændring")
        verbose_name_plural = _("statusændringer")

    def __str__(self) -> str:
        return f"statusændring {self.pk}"


class PlanProposal(models.Model):
    """A change of the plan proposed by one side, pending until the other side accepts (then
    applied through ``agree_plan``) or declines it with a short reason, or the proposing side
    withdraws it before the answer."""

    citizen = models.ForeignKey(
        "citizens.Citizen", on_delete=models.CASCADE, related_name="plan_proposals"
    )
    approval = models.ForeignKey(
        "citizens.Approval", on_delete=models.CASCADE, related_name="plan_proposals"
    )
    kind = models.CharField(_("forslag om"), max_length=12, choices=ProposalKind.choices)
    proposed_by = models.CharField(_("foreslået af"), max_length=10, choices=Side.choices)
    purpose = models.CharField(_("formål"), max_length=20, choices=Purpose.choices, blank=True)
    cadence_weeks = models.PositiveSmallIntegerField(_("opfølgning hver (uger)"), null=True)
    step_date = models.DateField(_("måldato"), null=True)
    step_hours = models.DecimalField(_("timer pr. uge"), max_digits=4, decimal_places=1, null=True)
    activity = models.OneToOneField(
        PlanActivity, on_delete=models.CASCADE, null=True, related_name="proposal"
    )
    note = models.TextField(_("begrundelse"), blank=True)
    state = models.CharField(
        _("status"), max_length=10, choices=ProposalState.choices, default=ProposalState.PENDING
    )
    decline_reason = models.TextField(_("afvist fordi"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Who settled it and when: the other side's answer, or the proposer's withdrawal.
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True)
    updated_at = models.DateTimeField(auto_now=True)  # its version (the answer form's)

    objects = SharedQuerySet.as_manager()

    class Meta:
        verbose_name = _("forslag til planen")
        verbose_name_plural = _("forslag til planen")
        indexes = [models.Index(fields=["citizen", "state"], name="proposal_citizen_state")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ProposalKind.values), name="proposal_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(state__in=ProposalState.values), name="proposal_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(proposed_by__in=Side.values), name="proposal_side_valid"
            ),
            # Each kind carries its own value and nothing else.
            models.CheckConstraint(
                condition=(
                    Q(kind="purpose", cadence_weeks__isnull=True, step_date__isnull=True)
                    & ~Q(purpose="")
                    & Q(activity__isnull=True)
                )
                | Q(
                    kind="cadence",
                    purpose="",
                    cadence_weeks__gte=1,
                    cadence_weeks__lte=130,
                    step_date__isnull=True,
                    activity__isnull=True,
                )
                | Q(
                    kind="hours_step",
                    purpose="",
                    cadence_weeks__isnull=True,
                    step_date__isnull=False,
                    step_hours__gt=0,
                    step_hours__lte=MAX_WEEKLY_HOURS,
                    activity__isnull=True,
                )
                | Q(
                    kind="activity",
                    purpose="",
                    cadence_weeks__isnull=True,
                    step_date__isnull=True,
                    activity__isnull=False,
                ),
                name="proposal_value_of_kind",
            ),
            models.CheckConstraint(
                condition=Q(state="pending", answered_at__isnull=True)
                | (~Q(state="pending") & Q(answered_at__isnull=False)),
                name="proposal_answered_iff_answered_at",
            ),
        ]

    def __str__(self) -> str:
        return f"forslag {self.pk}"

    @property
    def waits_for(self) -> str | None:
        return proposal_waits_for(self.proposed_by, self.state)
