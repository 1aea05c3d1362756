"""Individual follow-up: plans, meetings moving the next due date, and the reminder worker."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from fleksjob.core.versions import version_of
from fleksjob.followup import reminders
from fleksjob.followup.actions import FollowUpError, agree_plan, record_meeting
from fleksjob.followup.models import FollowUpPlan, Reminder
from tests.factories import ApprovalFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def approval(personas):
    return ApprovalFactory(citizen__municipality_id="350")


def test_a_new_plan_replaces_the_active_one_and_keeps_history(approval, personas):
    user = personas["sagsbehandler.lejre"]
    first = agree_plan(user, approval, purpose="foothold", cadence_weeks=12, agreed_on=TODAY)
    more_hours = {"purpose": "more_hours", "cadence_weeks": 6, "agreed_on": TODAY}
    steps = [(dt.date(2027, 3, 1), Decimal(15)), (dt.date(2027, 1, 4), Decimal(12))]
    second = agree_plan(
        user, approval, **more_hours, steps=steps, expected_version=version_of(first)
    )
    first.refresh_from_db()
    assert not first.active and second.active
    assert second.next_due == dt.date(2027, 1, 4)
    assert [s.hours_per_week for s in second.hours_steps.all()] == [Decimal(12), Decimal(15)]
    with pytest.raises(FollowUpError, match="samme måldato"):
        same_date = [(dt.date(2027, 1, 4), Decimal(12)), (dt.date(2027, 1, 4), Decimal(13))]
        agree_plan(
            user, approval, **more_hours, steps=same_date, expected_version=version_of(second)
        )
    assert FollowUpPlan.objects.get(active=True) == second


def test_a_meeting_moves_the_next_follow_up_but_never_earlier(approval, personas):
    user = personas["sagsbehandler.lejre"]
    plan = agree_plan(user, approval, purpose="foothold", cadence_weeks=4, agreed_on=TODAY)
    record_meeting(
        user,
        approval,
        held_on=TODAY + dt.timedelta(days=30),
        kind="follow_up",
        channel="phone",
        today=TODAY + dt.timedelta(days=30),
    )
    plan.refresh_from_db()
    assert plan.next_due == TODAY + dt.timedelta(days=30 + 28)
    record_meeting(
        user,
        approval,
        held_on=TODAY,
        kind="follow_up",
        channel="phone",
        today=TODAY + dt.timedelta(days=30),
    )
    plan.refresh_from_db()
    assert plan.next_due == TODAY + dt.timedelta(days=58)
    with pytest.raises(FollowUpError, match="fremtiden"):
        record_meeting(
            user,
            approval,
            held_on=TODAY + dt.timedelta(days=1),
            kind="follow_up",
            channel="phone",
            today=TODAY,
        )


def _plans(personas):
    user = personas["sagsbehandler.lejre"]
    due = [
        TODAY - dt.timedelta(days=10),
        TODAY + dt.timedelta(days=3),
        TODAY + dt.timedelta(days=40),
    ]
    plans = []
    for day in due:
        a = ApprovalFactory(citizen__municipality_id="350", caseworker=user)
        plans.append(
            agree_plan(
                user, a, purpose="foothold", cadence_weeks=4, agreed_on=day - dt.timedelta(weeks=4)
            )
        )
    other = ApprovalFactory(
        citizen__municipality_id="230", caseworker=personas["sagsbehandler.rudersdal"]
    )
    agree_plan(
        personas["sagsbehandler.rudersdal"],
        other,
        purpose="foothold",
        cadence_weeks=4,
        agreed_on=TODAY - dt.timedelta(weeks=5),
    )
    return plans


def test_reminders_go_once_to_own_caseworkers_with_links_only(personas):
    plans = _plans(personas)
    report = reminders.send_due_reminders(today=TODAY, limit=100)
    assert report.sent == 3  # two in Lejre (overdue, due soon) and one in Rudersdal
    by_address = {m.to[0]: m.body for m in mail.outbox}
    assert set(by_address) == {
        "sagsbehandler.lejre@demo.invalid",
        "sagsbehandler.rudersdal@demo.invalid",
    }
    lejre = by_address["sagsbehandler.lejre@demo.invalid"]
    assert (
        f"/borgere/{plans[0].citizen_id}/" in lejre and f"/borgere/{plans[1].citizen_id}/" in lejre
    )
    assert f"/borgere/{plans[2].citizen_id}/" not in lejre  # due beyond the lead time
    for plan in plans:
        assert plan.citizen.last_name not in lejre
    # Re-running sends nothing new.
    mail.outbox.clear()
    again = reminders.send_due_reminders(today=TODAY, limit=100)
    assert again.sent == 0 and mail.outbox == []
    # Days later the due-soon plan is overdue: that is a new reminder, once.
    later = reminders.send_due_reminders(today=TODAY + dt.timedelta(days=5), limit=100)
    assert later.sent == 1


def test_limit_bounds_a_run_and_the_rest_follows_next_run(personas):
    _plans(personas)
    first = reminders.send_due_reminders(today=TODAY, limit=2)
    assert (first.sent, first.remaining) == (2, 1)
    second = reminders.send_due_reminders(today=TODAY, limit=2)
    assert (second.sent, second.remaining) == (1, 0)
    assert Reminder.objects.count() == 3


def test_a_bounded_run_settles_plans_without_recipient_and_moves_on(personas, login):
    """Issue 14: with --limit 3 the same three plans without a recipient came first on every run
    and nothing was ever sent. Each plan looked at is now settled, and the managers see them."""
    from fleksjob.accounts.models import Role, User

    rudersdal = personas["sagsbehandler.rudersdal"]
    User.objects.filter(pk=rudersdal.pk).update(email="")  # nobody in Rudersdal to send to
    _plans(personas)  # Lejre: overdue and due soon; Rudersdal: overdue a week
    first_three = []
    for days in (20, 21, 22):  # due before every other plan, so first in every run
        a = ApprovalFactory(citizen__municipality_id="230", caseworker=rudersdal)
        first_three.append(
            agree_plan(
                rudersdal, a, purpose="foothold", cadence_weeks=1, agreed_on=TODAY
            ).citizen_id
        )
        FollowUpPlan.objects.filter(approval=a).update(next_due=TODAY - dt.timedelta(days=days))
    first = reminders.send_due_reminders(today=TODAY, limit=3)
    assert (first.sent, first.skipped_no_recipient, first.remaining) == (0, 3, 3)
    second = reminders.send_due_reminders(today=TODAY, limit=3)
    assert (second.sent, second.skipped_no_recipient, second.remaining) == (2, 1, 0)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["sagsbehandler.lejre@demo.invalid"]
    third = reminders.send_due_reminders(today=TODAY, limit=3)
    assert (third.sent, third.skipped_no_recipient, third.uncertain) == (0, 0, 0)
    assert dict(Reminder.objects.values_list("outcome").annotate(n=Count("pk"))) == {
        "sent": 2,
        "no_recipient": 4,
    }
    # Rudersdal's manager is shown the four, in Danish; Lejre's manager sees none of them.
    client = login("leder.rudersdal")
    assert "4 påmindelser om opfølgning kunne ikke sendes" in client.get("/").content.decode()
    page = client.get(reverse("followup:without_recipient")).content.decode()
    for citizen_id in first_three:
        assert f"/borgere/{citizen_id}/" in page
    other = Client()
    other.force_login(
        User.objects.create_user("leder.lejre", role=Role.MANAGER, municipality_id="350")
    )
    page = other.get(reverse("followup:without_recipient")).content.decode()
    assert not any(f"/borgere/{citizen_id}/" in page for citizen_id in first_three)
    assert 'data-testid="without-recipient"' not in other.get("/").content.decode()


def test_an_interrupted_run_never_sends_twice(personas, monkeypatch):
    _plans(personas)
    real_send = reminders.send_mail
    calls = []

    def crash_on_first(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            raise ConnectionError("SMTP forbindelse afbrudt")
        return real_send(*args, **kwargs)

    monkeypatch.setattr(reminders, "send_mail", crash_on_first)
    with pytest.raises(ConnectionError):
        reminders.send_due_reminders(today=TODAY, limit=100)
    uncertain = set(Reminder.objects.values_list("pk", flat=True))
    assert uncertain  # the first municipality's reminders were claimed before the crash
    rerun = reminders.send_due_reminders(today=TODAY, limit=100)
    assert rerun.uncertain == len(uncertain)
    # The claimed reminders are not sent again; the other municipalities' (claimed only just
    # before their own digest) are not lost.
    assert not Reminder.objects.filter(pk__in=uncertain, sent_at__isnull=False).exists()
    assert rerun.sent == Reminder.objects.count() - len(uncertain) > 0


def test_the_worker_command_runs_and_refuses_a_bad_limit(personas, capsys):
    _plans(personas)
    call_command("send_reminders", "--today", TODAY.isoformat(), "--dry-run")
    assert "ville sende: 3" in capsys.readouterr().out
    assert Reminder.objects.count() == 0
    with pytest.raises(SystemExit) as exit_info:
        call_command("send_reminders", "--limit", "0")
    assert exit_info.value.code == 2


def test_followup_page_saves_a_plan_and_a_meeting_and_reports_errors(approval, login):
    from django.urls import reverse

    client = login("sagsbehandler.lejre")
    url = reverse("followup:plan", args=[approval.citizen_id])
    from fleksjob.citizens.models import BenefitSpell

    BenefitSpell.objects.create(
        citizen=approval.citizen,
        approval=approval,
        start=dt.date(2026, 10, 5),
        rate_category="dagpenge_89",
    )
    page = client.get(url)
    assert page.status_code == 200
    # The legal minimum beside the agreed plan: 4 jobsamtaler by 5 April 2027 (a Monday).
    assert (
        "Mindst 4 jobsamtaler" in page.content.decode()
        and "(til 5. apr. 2027): 0 holdt" in page.content.decode()
    )
    step_without_hours = {
        "form": "plan",
        "plan-purpose": "more_hours",
        "plan-cadence_weeks": "6",
        "plan-agreed_on": "2026-11-23",
        "plan-step_date_0": "2027-01-04",
    }
    bad = client.post(url, step_without_hours)
    assert bad.status_code == 422 and "både måldato og timer" in bad.content.decode()
    ok = client.post(url, {**step_without_hours, "plan-step_hours_0": "14"})
    assert ok.status_code == 302
    plan = FollowUpPlan.objects.get(approval=approval, active=True)
    assert plan.hours_steps.get().hours_per_week == Decimal(14)
    meeting = client.post(
        url,
        {
            "form": "meeting",
            "meeting-held_on": "2026-11-20",
            "meeting-kind": "jobsamtale",
            "meeting-channel": "phone",
        },
    )
    assert meeting.status_code == 302
    other = login("sagsbehandler.rudersdal")
    assert other.get(url).status_code == 404
    assert other.post(url, {"form": "meeting"}).status_code == 404
