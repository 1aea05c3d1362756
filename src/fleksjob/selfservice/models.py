"""Who a citizen's or an employer's login is: the link from a user of the portal roles to the
record they may see. A citizen's login is found by the keyed CPR hash at OpenID Connect login
(``oidc``), never by name; an employer's login is a contact person of one company as the
jobcentre registered it; demo personas are linked by the demo."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fleksjob.followup.models import Side
from fleksjob.municipalities.scoping import ScopedQuerySet


class CitizenAccount(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="citizen_account"
    )
    citizen = models.OneToOneField(
        "citizens.Citizen", on_delete=models.CASCADE, related_name="account"
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    class Meta:
        verbose_name = _("borgerlogin")
        verbose_name_plural = _("borgerlogins")

    def __str__(self) -> str:
        return f"borgerlogin {self.pk}"


class EmployerAccount(models.Model):
    """An employer's login: one contact person of one company (an employer record of the
    municipality that works with it); they see that company's positions and nothing else."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employer_account"
    )
    contact_person = models.OneToOneField(
        "employers.ContactPerson", on_delete=models.CASCADE, related_name="account"
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    class Meta:
        verbose_name = _("arbejdsgiverlogin")
        verbose_name_plural = _("arbejdsgiverlogins")

    def __str__(self) -> str:
        return f"arbejdsgiverlogin {self.pk}"


class ThreadQuerySet(ScopedQuerySet):
    municipality_path = "citizen__municipality"

    def waiting_for(self, side: str) -> ThreadQuerySet:
        return self.filter(closed_at__isnull=True, waiting_for=side)


class Thread(models.Model):
    """A conversation between the citizen and the jobcentre about the plan, a proposed change
    of it, or a job the jobcentre proposed. It waits for the side that did not write last
    (``core/casework/shared_plan.thread_waits_for``), kept in ``waiting_for`` by the write
    functions; a closed thread waits for no one. Formal letters go through Digital Post."""

    citizen = models.ForeignKey(
        "citizens.Citizen", on_delete=models.CASCADE, related_name="message_threads"
    )
    subject = models.CharField(_("emne"), max_length=120)
    plan_proposal = models.ForeignKey(
        "followup.PlanProposal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="threads",
    )
    placement = models.ForeignKey(
        "placements.Placement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="threads",
    )
    waiting_for = models.CharField(
        _("venter på"), max_length=10, choices=Side.choices, blank=True, db_index=True
    )
    last_message_at = models.DateTimeField(_("seneste besked"))
    closed_at = models.DateTimeField(_("lukket"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)  # its version (the close form's)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        verbose_name = _("beskedtråd")
        verbose_name_plural = _("beskedtråde")
        constraints = [
            models.CheckConstraint(
                condition=(Q(closed_at__isnull=True) & Q(waiting_for__in=Side.values))
                | (Q(closed_at__isnull=False) & Q(waiting_for="")),
                name="thread_open_waits_closed_not",
            ),
            models.CheckConstraint(
                condition=Q(plan_proposal__isnull=True) | Q(placement__isnull=True),
                name="thread_about_one_proposal",
            ),
        ]

    def __str__(self) -> str:
        return f"beskedtråd {self.pk}"


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    side = models.CharField(_("fra"), max_length=10, choices=Side.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("besked"))
    sent_at = models.DateTimeField(_("sendt"), auto_now_add=True)

    class Meta:
        verbose_name = _("besked")
        verbose_name_plural = _("beskeder")
        constraints = [
            models.CheckConstraint(condition=Q(side__in=Side.values), name="message_side_valid"),
        ]

    def __str__(self) -> str:
        return f"besked {self.pk}"


class NoticeKind(models.TextChoices):
    MESSAGE = "message", _("Ny besked")
    JOB_PROPOSAL = "job_proposal", _("Nyt jobforslag")
    PLAN_PROPOSAL = "plan_proposal", _("Nyt forslag til planen")


class NoticeStatus(models.TextChoices):
    SENDING = "sending", _("sendes")
    SENT = "sent", _("sendt")
    NO_RECIPIENT = "no_recipient", _("uden modtager")
    FAILED = "failed", _("fejlede")


class CitizenNotice(models.Model):
    """One e-mail notice to a citizen that something waits on Mit fleksjob: one per event (the
    message, job proposal or plan proposal by its id), so it is never sent twice. It holds no
    personal data: not the citizen, not the address, not the content (docs/selfservice.md)."""

    kind = models.CharField(_("anledning"), max_length=16, choices=NoticeKind.choices)
    source_id = models.PositiveBigIntegerField()
    status = models.CharField(_("status"), max_length=12, choices=NoticeStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mailbesked til borger")
        verbose_name_plural = _("e-mailbeskeder til borgere")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "source_id"], name="citizen_notice_one_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.source_id}"
