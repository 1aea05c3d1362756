"""Due and overdue follow-up reminders: claim once, send a digest per caseworker, mark sent.

Each reminder goes to the case's responsible caseworker only (``Approval.caseworker``, issue 14:
not to every caseworker of the municipality): one digest per caseworker with their own cases.
Bounded (``limit`` reminders per run), idempotent (the unique key on Reminder) and safe to re-run
or interrupt: a caseworker's reminders are claimed in their own committed transaction just
before their digest leaves, so they can never be sent twice, and a run killed between digests
leaves the other caseworkers' reminders unclaimed for the next run (claiming everything first
would lose them). A claim left pending by a crash in the short window between claim and send is
reported as uncertain.
Every plan a run looks at is settled: a case with nobody to send to (no responsible caseworker,
one who can no longer act on it, or one without an e-mail address) gets its reminder recorded as
``no_recipient`` (shown to its municipality's managers), so a run with a small ``limit`` moves on
to the next plans instead of meeting the same ones first on every run.
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
        .select_related("citizen", "approval__caseworker")
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

    by_recipient: dict[User, list[FollowUpPlan]] = defaultdict(list)
    nobody: list[FollowUpPlan] = []
    for plan in plans:
        worker = _responsible(plan)
        (by_recipient[worker] if worker else nobody).append(plan)
    if nobody:
        # Settled at once (committed per plan): nobody to tell, so the managers are shown it.
        report.skipped_no_recipient += len(_claim(nobody, 0, ReminderOutcome.NO_RECIPIENT))

    for worker, own_plans in sorted(by_recipient.items(), key=lambda item: item[0].pk):
        items = _claim(own_plans, 1)
        if not items:
            continue
        report.claimed += len(items)
        pause_at("reminders.claimed")
        send_mail(_("Opfølgninger der forfalder"), _digest(items, today), None, [worker.email])
        report.emails += 1
        Reminder.objects.filter(pk__in=[r.pk for r, _ in items]).update(
            sent_at=timezone.now(), outcome=ReminderOutcome.SENT
        )
        report.sent += len(items)
        municipality = worker.municipality_id
        report.by_municipality[municipality] = report.by_municipality.get(municipality, 0) + len(
            items
        )
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


def _responsible(plan: FollowUpPlan) -> User | None:
    """The case's responsible caseworker, when they can act on it and have an e-mail address."""
    worker = plan.approval.caseworker
    if (
        worker is None
        or not worker.is_active
        or worker.role != Role.CASEWORKER
        or worker.municipality_id != plan.citizen.municipality_id
        or not worker.email
    ):
        return None
    return worker


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
