"""The satisfaction surveys (docs/surveys.md): an invitation to a person, and an answer stored
apart from it. The invitation knows whom it was sent to and is marked answered; the answer holds
the municipality, the questionnaire, the trigger's month and the scores, and nothing that leads
back to the person, the invitation or the case (its key is random, not a sequence)."""

from __future__ import annotations

import secrets
import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fleksjob.core.surveys import load_surveys
from fleksjob.municipalities.scoping import ScopedQuerySet
from fleksjob.ui.labels import bilingual


class Audience(models.TextChoices):
    CITIZEN = "citizen", _("Borger")
    EMPLOYER = "employer", _("Arbejdsgiver")


class Trigger(models.TextChoices):
    MEETING_HELD = "meeting_held", _("Efter en samtale")
    PLACEMENT_STARTED = "placement_started", _("Efter start i fleksjob")
    PLACEMENT_ENDED = "placement_ended", _("Efter et afsluttet fleksjob")
    VISIT_LOGGED = "visit_logged", _("Efter et virksomhedsbesøg")


def survey_titles() -> list[tuple[str, str]]:
    """The shipped questionnaires by id, each named by its title in the page's language (the
    access request shows the title, not the file's id)."""
    return [(s.id, bilingual(s.title["da"], s.title["en"])) for s in load_surveys().values()]


def new_token() -> str:
    return secrets.token_urlsafe(24)


class InvitationQuerySet(ScopedQuerySet):
    municipality_path = "municipality"

    def open_on(self, day):
        return self.filter(answered_at__isnull=True, open_until__gte=day, sent_on__lte=day)


class SurveyInvitation(models.Model):
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    survey_id = models.CharField(_("spørgeskema"), max_length=60, choices=survey_titles)
    version = models.PositiveSmallIntegerField(_("version"))
    audience = models.CharField(_("målgruppe"), max_length=10, choices=Audience.choices)
    trigger = models.CharField(_("anledning"), max_length=20, choices=Trigger.choices)
    # The record that triggered it (a meeting, an employment, a contact log entry): one
    # invitation per trigger, so the daily run can be repeated.
    source_id = models.PositiveBigIntegerField()
    citizen = models.ForeignKey(
        "citizens.Citizen",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="survey_invitations",
    )
    contact_person = models.ForeignKey(
        "employers.ContactPerson",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="survey_invitations",
    )
    triggered_on = models.DateField(_("anledningens dato"))
    sent_on = models.DateField(_("sendt"))
    open_until = models.DateField(_("åben til og med"))
    answered_at = models.DateTimeField(_("besvaret"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name = _("invitation til tilfredshedsmåling")
        verbose_name_plural = _("invitationer til tilfredshedsmåling")
        constraints = [
            models.UniqueConstraint(fields=["trigger", "source_id"], name="survey_one_per_trigger"),
            models.CheckConstraint(
                condition=Q(audience="citizen", citizen__isnull=False, contact_person__isnull=True)
                | Q(audience="employer", citizen__isnull=True, contact_person__isnull=False),
                name="survey_invitation_one_recipient",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "sent_on"], name="survey_inv_muni_sent")]

    def __str__(self) -> str:
        return f"{self.survey_id} {self.sent_on}"


class SurveyAnswer(models.Model):
    """One answer, pseudonymous: no key to the person, the invitation or the case."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    survey_id = models.CharField(_("spørgeskema"), max_length=60)
    version = models.PositiveSmallIntegerField(_("version"))
    audience = models.CharField(_("målgruppe"), max_length=10, choices=Audience.choices)
    trigger = models.CharField(_("anledning"), max_length=20, choices=Trigger.choices)
    # The month the invitation was sent (first day): the answer's period in the indicators.
    month = models.DateField(_("måned"))
    scores = models.JSONField(_("svar"))
    satisfied = models.BooleanField(_("tilfreds"))

    class Meta:
        ordering = ["municipality", "month", "id"]
        verbose_name = _("svar på tilfredshedsmåling")
        verbose_name_plural = _("svar på tilfredshedsmåling")
        indexes = [models.Index(fields=["municipality", "month"], name="survey_ans_muni_month")]

    def __str__(self) -> str:
        return f"{self.survey_id} {self.month}"
