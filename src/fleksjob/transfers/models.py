"""Requests to transfer a citizen's case from another municipality (kommuneskift), and the
sending municipalities' answers. See docs/case-transfer.md and ``fleksjob.core.casework.transfer``.

A request names a CPR number only (its lookup hash and its ciphertext, never the number in
clear). Which municipality holds the person is never stored with the request: it is matched when
read, so nothing is written differently for a CPR that exists elsewhere and one that does not.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fleksjob.accounts.permissions import may_transfer_cases
from fleksjob.citizens.models import Citizen
from fleksjob.citizens.protection import protector
from fleksjob.core.casework.transfer import (
    AWAITING_ANSWER,
    LABELS_DA,
    LABELS_EN,
    Answer,
    RequestStatus,
)
from fleksjob.ui.labels import bilingual

StatusChoice = models.TextChoices(
    "StatusChoice",
    [(s.name, (s.value, bilingual(LABELS_DA[s], LABELS_EN[s]))) for s in RequestStatus],
)
AnswerChoice = models.TextChoices(
    "AnswerChoice", [(a.name, (a.value, bilingual(LABELS_DA[a], LABELS_EN[a]))) for a in Answer]
)


def holders(municipality_code: str, cpr_hash) -> models.QuerySet:
    """The municipality's (not anonymised) citizens with this lookup hash (an ``OuterRef`` or a
    value); at most one, as the CPR is unique within a municipality."""
    return Citizen.objects.filter(
        municipality_id=municipality_code, cpr_hash=cpr_hash, anonymised_at__isnull=True
    )


class CaseTransferQuerySet(models.QuerySet):
    def open(self) -> CaseTransferQuerySet:
        return self.filter(closed_at__isnull=True)

    def outgoing(self, user) -> CaseTransferQuerySet:
        """The requests the user's municipality made."""
        if not may_transfer_cases(user):
            return self.none()
        return self.filter(requesting_municipality_id=user.municipality_id)

    def incoming(self, user) -> CaseTransferQuerySet:
        """Other municipalities' requests for one of the user's municipality's citizens that are
        still open, and those the municipality has answered. A request that names none of its
        citizens is not here: to the municipality it does not exist."""
        if not may_transfer_cases(user):
            return self.none()
        code = user.municipality_id
        answered = CaseTransferAnswer.objects.filter(transfer=OuterRef("pk"), municipality_id=code)
        return self.exclude(requesting_municipality_id=code).filter(
            Q(Exists(answered))
            | Q(closed_at__isnull=True, pk__in=self._matching(code).values("pk"))
        )

    def awaiting_answer(self, user) -> CaseTransferQuerySet:
        """Open requests for one of the municipality's citizens it has not answered yet."""
        if not may_transfer_cases(user):
            return self.none()
        code = user.municipality_id
        answered = CaseTransferAnswer.objects.filter(transfer=OuterRef("pk"), municipality_id=code)
        return (
            self._matching(code)
            .open()
            .exclude(requesting_municipality_id=code)
            .exclude(Exists(answered))
        )

    def _matching(self, code: str) -> CaseTransferQuerySet:
        return self.filter(Exists(holders(code, OuterRef("cpr_hash"))))

    def visible_to(self, user) -> CaseTransferQuerySet:
        return self.outgoing(user) | self.incoming(user)

    def for_viewer(self, user) -> CaseTransferQuerySet:
        """Annotated with what the user's municipality sees (``seen_by``): its own answer and
        its own citizen with the CPR number, in the same query as the requests."""
        code = user.municipality_id
        own = CaseTransferAnswer.objects.filter(transfer=OuterRef("pk"), municipality_id=code)
        return self.select_related("requesting_municipality").annotate(
            own_answer=Subquery(own.values("answer")[:1]),
            own_reason=Subquery(own.values("reason")[:1]),
            own_citizen=Subquery(holders(code, OuterRef("cpr_hash")).values("pk")[:1]),
        )


class CaseTransfer(models.Model):
    """A receiving municipality's request for a case, by CPR number."""

    requesting_municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("anmodende kommune"),
        on_delete=models.PROTECT,
        related_name="transfer_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("anmodet af"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("anmodet"), default=timezone.now)
    release_by = models.DateField(_("frigives senest"), db_index=True)
    # The CPR number: keyed lookup hash for matching, ciphertext for showing it masked.
    cpr_hash = models.CharField(max_length=64, db_index=True)
    cpr_encrypted = models.TextField(_("CPR (krypteret)"))
    status = models.CharField(
        _("status"), max_length=12, choices=StatusChoice.choices, default=RequestStatus.PENDING
    )
    # Set when the deadline run settles the request; after that nobody can answer it.
    closed_at = models.DateTimeField(_("afsluttet"), null=True, blank=True, db_index=True)

    objects = CaseTransferQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("anmodning om overflytning")
        verbose_name_plural = _("anmodninger om overflytning")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in RequestStatus]),
                name="transfer_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | ~Q(status=RequestStatus.PENDING),
                name="transfer_closed_is_settled",
            ),
            # One open request per municipality and person: asking twice changes nothing.
            models.UniqueConstraint(
                fields=["requesting_municipality", "cpr_hash"],
                condition=Q(closed_at__isnull=True),
                name="transfer_one_open_per_cpr",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requesting_municipality_id} {self.requested_at:%Y-%m-%d} ({self.status})"


class CaseTransferAnswer(models.Model):
    """A sending municipality's answer to a request: released (by hand or automatically at the
    deadline, ``answered_by`` empty) or refused with a short reason. One per municipality."""

    transfer = models.ForeignKey(CaseTransfer, on_delete=models.CASCADE, related_name="answers")
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("afgivende kommune"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    answer = models.CharField(_("svar"), max_length=10, choices=AnswerChoice.choices)
    reason = models.CharField(_("begrundelse"), max_length=200, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besvaret af"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("besvaret"), default=timezone.now)

    class Meta:
        ordering = ["answered_at", "id"]
        verbose_name = _("svar på anmodning om overflytning")
        verbose_name_plural = _("svar på anmodninger om overflytning")
        constraints = [
            # The backstop of the row lock: a municipality answers a request once.
            models.UniqueConstraint(
                fields=["transfer", "municipality"], name="transfer_answer_once"
            ),
            models.CheckConstraint(
                condition=Q(answer__in=[a.value for a in Answer]), name="transfer_answer_valid"
            ),
            models.CheckConstraint(
                condition=(Q(answer=Answer.REFUSED) & ~Q(reason=""))
                | (Q(answer=Answer.RELEASED) & Q(reason="")),
                name="transfer_refusal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.answer}"


@dataclass(frozen=True)
class Seen:
    """A request as the viewing municipality sees it."""

    direction: str  # "outgoing" (we asked) or "incoming" (we hold the person)
    status: str  # outgoing: RequestStatus; incoming: AWAITING_ANSWER or our Answer
    citizen_id: int | None  # outgoing: the case once transferred; incoming: our citizen
    reason: str  # incoming: our own reason for a refusal

    @property
    def label(self) -> str:
        return bilingual(LABELS_DA[self.status], LABELS_EN[self.status])

    @property
    def outgoing(self) -> bool:
        return self.direction == "outgoing"


def seen_by(transfer: CaseTransfer, user) -> Seen:
    """The viewer's side of a request from a ``for_viewer`` queryset. The requester sees the
    stored status only (pending until released or settled), never the answers."""
    if transfer.requesting_municipality_id == user.municipality_id:
        citizen = transfer.own_citizen if transfer.status == RequestStatus.TRANSFERRED else None
        return Seen("outgoing", transfer.status, citizen, "")
    answer = transfer.own_answer or AWAITING_ANSWER
    citizen = None if answer == Answer.RELEASED else transfer.own_citizen
    return Seen("incoming", answer, citizen, transfer.own_reason or "")


def masked_cpr(transfer: CaseTransfer) -> str:
    """The requested CPR number with the serial hidden (DDMMÅÅ-••••), for the requester."""
    try:
        digits = protector().decrypt(transfer.cpr_encrypted)
    except ValueError:
        return "–"
    return f"{digits[:6]}-••••"
