"""The e-mail notice to a citizen that something waits on Mit fleksjob (docs/selfservice.md).

Sent after the write's commit (``citizens.notices.notify``), to the address the citizen chose
on Mit fleksjob (*Besked på e-mail*, ``citizens.NoticeSetting``); nothing when they chose none.
The e-mail says only that there is something new on Mit fleksjob and where to log in: no name,
no content, not even what kind of event (an e-mail can be read by others). One notice per
event: the event's ``CitizenNotice`` row is claimed before the e-mail is sent, so a notice is
sent at most once (a crash between the claim and the send loses it rather than sending it
twice). A failure is logged with the notice's id and the
exception's class only, and never reaches the write that triggered it.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from fleksjob.citizens.models import NoticeSetting
from fleksjob.selfservice.models import CitizenNotice, NoticeStatus

logger = logging.getLogger(__name__)


def recipient(citizen_id: int) -> str:
    """The address the citizen chose for notices on Mit fleksjob, or "" (they chose none, or
    turned them off). Never the login's own e-mail: the choice is the citizen's."""
    found = (
        NoticeSetting.objects.filter(citizen_id=citizen_id, citizen__anonymised_at__isnull=True)
        .values_list("email", flat=True)
        .first()
    )
    return (found or "").strip()


def _claim(kind: str, source_id: int, status: str) -> CitizenNotice | None:
    """The event's notice row, new; None when the event already has one."""
    try:
        with transaction.atomic():
            return CitizenNotice.objects.create(kind=kind, source_id=source_id, status=status)
    except IntegrityError:
        return None


def text() -> tuple[str, str]:
    """Subject and body (Danish): no personal data, no content, only the way in."""
    link = settings.FLEKSJOB["BASE_URL"] + reverse("selfservice:home")
    with override("da"):
        subject = _("Ny besked på Mit fleksjob")
        body = _(
            "Du har en ny besked på Mit fleksjob.\n\nLog ind for at læse den: {link}\n\n"
            "E-mailen er sendt automatisk og kan ikke besvares."
        ).format(link=link)
    return subject, body


def send_notice(kind: str, source_id: int, citizen_id: int) -> str | None:
    """Send the event's notice once; the status it ended in, or None when it was sent before.
    Never raises: the write it follows has committed."""
    try:
        email = recipient(citizen_id)
        status = NoticeStatus.SENDING if email else NoticeStatus.NO_RECIPIENT
        notice = _claim(kind, source_id, status)
        if notice is None or not email:
            return None if notice is None else NoticeStatus.NO_RECIPIENT
        subject, body = text()
        try:
            send_mail(subject, body, None, [email])
        except Exception as exc:
            CitizenNotice.objects.filter(pk=notice.pk).update(status=NoticeStatus.FAILED)
            logger.warning("citizen notice %s not sent (%s)", notice.pk, type(exc).__name__)
            return NoticeStatus.FAILED
        CitizenNotice.objects.filter(pk=notice.pk).update(
            status=NoticeStatus.SENT, sent_at=timezone.now()
        )
        return NoticeStatus.SENT
    except Exception as exc:  # the database, the URL: logged without data, never raised
        logger.warning("citizen notice of a %s failed (%s)", kind, type(exc).__name__)
        return NoticeStatus.FAILED
