"""Due and overdue follow-up reminders: claim once, send a digest per caseworker, mark sent.

Bounded (``limit`` reminders per run), idempotent (the unique key on Reminder) and safe to re-run
or interrupt: a municipality's reminders are claimed in their own committed transaction just
before its digest leaves, so they can never be sent twice, and a run killed between digests
leaves the other municipalities' reminders unclaimed for the next run (claiming everything first
would lose them). A claim left pending by a crash in the short window between claim and send is
reported as uncertain.
Every plan a run looks at is settled: a municipality with no caseworker to send to gets its
reminders recorded as ``no_recipient`` (shown to its managers), so a run with a small ``limit``
moves on to the next plans instead of meeting the same ones first on every run.
The e-mail holds dates and links to the citizen page, never names, CPR or health data.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Case, Exists, F, OuterRef, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fleksjob.accounts.models import Role, User
from fleksjob.followup.models import FollowUpPlan, Reminder, ReminderKind, ReminderOutcome
from fleksjob.operations.faults import pause_at


@dataclass
class RunReport:
    claimed: int = 0
    sent: int = 0
    emails: int = 0
    skipped_no_recipient: int = 0
    uncertain: int = 0
    remaining: int = 0
    by_municipality: dict[str, int] = field(default_factory=dict)


def _due_plans(today: dt.date, lead_days: int):
    """Active plans of active cases due within the lead time, without this reminder yet."""
    horizon = today + dt.timedelta(days=lead_days)
    kind = Case(
        When(next_due__lt=today, then=Value(ReminderKind.OVERDUE.value)),
        default=Value(ReminderKind.DUE_SOON.value),
    )
    already = Reminder.objects.filter(
        plan=OuterRef("pk"), due=OuterRef("next_due"), kind=OuterRef("reminder_kind")
    )
    return (
        FollowUpPlan.objects.filter(active=True, next_due__lte=horizon)
        .exclude(approval__status="ended")
        .annotate(reminder_kind=kind)
        .exclude(Exists(already))
        .select_related("citizen")
        .order_by("next_due", "pk")
    )


def send_due_reminders(
    *, today: dt.date, limit: int, lead_days: int | None = None, dry_run: bool = False
) -> RunReport:
    lead = settings.FLEKSJOB["REMINDER_LEAD_DAYS"] if lead_days is None else lead_days
    report = RunReport(
        uncertain=Reminder.objects.filter(outcome=ReminderOutcome.PENDING).count(),
    )
    due = _due_plans(today, lead)
    plans = list(due[:limit])
    report.remaining = max(0, due.count() - len(plans))
    if dry_run:
        report.claimed = len(plans)
        return report

    recipients = _recipients({p.citizen.municipality_id for p in plans})
    by_municipality: dict[str, list[FollowUpPlan]] = defaultdict(list)
    for plan in plans:
        by_municipality[plan.citizen.municipality_id].append(plan)

    for municipality, municipal_plans in sorted(by_municipality.items()):
        if not recipients.get(municipality):
            # Settled at once (committed per plan): nobody to tell, so the managers are shown it.
            report.skipped_no_recipient += len(
                _claim(municipal_plans, 0, ReminderOutcome.NO_RECIPIENT)
            )
            continue
        items = _claim(municipal_plans, len(recipients[municipality]))
        if not items:
            continue
        report.claimed += len(items)
        pause_at("reminders.claimed")
        body = _digest(items, today)
        for address in recipients[municipality]:
            send_mail(_("Opfølgninger der forfalder"), body, None, [address])
            report.emails += 1
        Reminder.objects.filter(pk__in=[r.pk for r, _ in items]).update(
            sent_at=timezone.now(), outcome=ReminderOutcome.SENT
        )
        report.sent += len(items)
        report.by_municipality[municipality] = len(items)
        pause_at("reminders.sent")
    return report


def _claim(
    plans: list[FollowUpPlan],
    recipients: int,
    outcome: ReminderOutcome = ReminderOutcome.PENDING,
) -> list[tuple[Reminder, FollowUpPlan]]:
    """Claim each plan's reminder (committed at once); plans another worker claimed are left."""
    claimed = []
    for plan in plans:
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(
                    plan=plan,
                    kind=plan.reminder_kind,
                    due=plan.next_due,
                    recipients=recipients,
                    outcome=outcome,
                )
        except IntegrityError:  # another worker claimed it first
            continue
        claimed.append((reminder, plan))
    return claimed


def _recipients(municipalities: set[str]) -> dict[str, list[str]]:
    """Active caseworkers with an e-mail address, per municipality."""
    result: dict[str, list[str]] = defaultdict(list)
    users = User.objects.filter(
        role=Role.CASEWORKER, is_active=True, municipality_id__in=municipalities
    ).exclude(email="")
    for user in users.order_by("pk"):
        result[user.municipality_id].append(user.email)
    return result


def _digest(items: list[tuple[Reminder, FollowUpPlan]], today: dt.date) -> str:
    base = settings.FLEKSJOB["BASE_URL"]
    lines = [_("Disse opfølgninger forfalder eller er overskredet (pr. %(day)s):") % {"day": today}]
    for reminder, plan in sorted(items, key=lambda item: item[1].next_due):
        label = _("overskredet") if reminder.kind == ReminderKind.OVERDUE else _("forfalder")
        link = base + reverse("citizens:detail", args=[plan.citizen_id])
        lines.append(f"- {plan.next_due:%d.%m.%Y} ({label}): {link}")
    return "\n".join(lines) + "\n"


def without_recipient(user):
    """The reminders of the user's municipality that had nobody to go to, for plans still due on
    that date (a later meeting or plan moves the date and so settles it), earliest first."""
    return (
        Reminder.objects.filter(
            outcome=ReminderOutcome.NO_RECIPIENT,
            plan__active=True,
            plan__next_due=F("due"),
            plan__in=FollowUpPlan.objects.visible_to(user),
        )
        .exclude(plan__approval__status="ended")
        .select_related("plan__citizen")
        .order_by("due", "pk")
    )
