"""Satisfaction surveys (docs/surveys.md): the daily run invites once per trigger, the citizen
and the employer answer their own open invitation, and the answer holds no link back."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fleksjob.accounts.models import Role, User
from fleksjob.audit.models import AuditEvent
from fleksjob.benchmarking.models import IndicatorRun, IndicatorValue
from fleksjob.employers.models import ContactLogEntry, ContactPerson
from fleksjob.employment.models import Employment
from fleksjob.followup.models import FollowUpMeeting
from fleksjob.jobs.models import JobRun
from fleksjob.selfservice.access import link_citizen, link_contact_person
from fleksjob.surveys.actions import answer_invitation, send_invitations
from fleksjob.surveys.models import SurveyAnswer, SurveyInvitation
from tests.factories import ApprovalFactory, EmployerFactory

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 10)


def _triggers():
    citizen = ApprovalFactory(citizen__municipality_id="350").citizen
    employer = EmployerFactory(municipality_id="350")
    person = ContactPerson.objects.create(employer=employer, name="Kontakt")
    meeting = FollowUpMeeting.objects.create(
        citizen=citizen, held_on=DAY - dt.timedelta(days=1), kind="follow_up", channel="in_person"
    )
    job = Employment.objects.create(
        citizen=citizen,
        employer=employer,
        kind="fleksjob",
        start=DAY - dt.timedelta(days=30),
        end=DAY - dt.timedelta(days=1),
        hourly_wage=Decimal("200"),
    )
    visit = ContactLogEntry.objects.create(
        employer=employer, on=DAY - dt.timedelta(days=1), channel="visit", outcome="interested"
    )
    phone = ContactLogEntry.objects.create(
        employer=employer, on=DAY - dt.timedelta(days=1), channel="phone", outcome="interested"
    )
    return citizen, person, meeting, job, visit, phone


def test_the_daily_run_invites_once_per_trigger():
    citizen, person, meeting, job, visit, _phone = _triggers()
    report = send_invitations(today=DAY)
    assert report.invited == {
        "citizen_after_meeting": 1,
        "citizen_after_placement": 1,
        "employer_after_placement": 1,
        "employer_after_visit": 1,
    }
    rows = {i.trigger: i for i in SurveyInvitation.objects.all()}
    assert rows["meeting_held"].citizen == citizen and rows["meeting_held"].source_id == meeting.pk
    assert rows["visit_logged"].contact_person == person
    assert rows["visit_logged"].source_id == visit.pk  # the phone call sends nothing
    assert rows["placement_ended"].source_id == job.pk
    assert rows["meeting_held"].sent_on == DAY and rows[
        "meeting_held"
    ].open_until == DAY + dt.timedelta(days=29)
    # Again the same day and the day after: nobody twice.
    assert sum(send_invitations(today=DAY).invited.values()) == 0
    call_command("send_surveys", today=DAY + dt.timedelta(days=1))
    assert SurveyInvitation.objects.count() == 4


def test_an_employer_without_contact_person_is_counted_not_invited():
    employer = EmployerFactory(municipality_id="350")
    ContactLogEntry.objects.create(employer=employer, on=DAY, channel="visit", outcome="interested")
    report = send_invitations(today=DAY + dt.timedelta(days=1))
    assert report.without_recipient == 1 and not SurveyInvitation.objects.exists()


def test_the_answer_holds_no_link_back():
    citizen, *_ = _triggers()
    send_invitations(today=DAY)
    invitation = SurveyInvitation.objects.get(trigger="meeting_held")
    user = User.objects.create_user("borger.svar", role=Role.CITIZEN)
    answer_invitation(user, invitation.token, {"overall": "5", "listened": "2"}, today=DAY)
    answer = SurveyAnswer.objects.get()
    assert (answer.municipality_id, answer.survey_id, answer.version) == (
        "350",
        "citizen_after_meeting",
        1,
    )
    assert answer.month == dt.date(2026, 3, 1) and answer.satisfied
    assert answer.scores == {"overall": 5, "listened": 2}
    # No field of the answer is a key to a person, an invitation or a case.
    relations = [f.name for f in SurveyAnswer._meta.get_fields() if f.is_relation]
    assert relations == ["municipality"]
    invitation.refresh_from_db()
    assert invitation.answered_at is not None
    # The audit names the invitation, never the answer.
    events = AuditEvent.objects.filter(detail="survey answered")
    assert [(e.object_type, e.citizen_id) for e in events] == [("SurveyInvitation", citizen.pk)]
    assert str(answer.pk) not in "".join(e.object_id + e.detail for e in AuditEvent.objects.all())


def test_citizen_and_employer_answer_only_their_own_open_invitation(personas):
    citizen, person, *_ = _triggers()
    send_invitations(today=DAY)
    other = ApprovalFactory(citizen__municipality_id="350").citizen
    FollowUpMeeting.objects.create(citizen=other, held_on=DAY, kind="follow_up", channel="phone")
    send_invitations(today=DAY + dt.timedelta(days=1))
    mine = SurveyInvitation.objects.get(trigger="meeting_held", citizen=citizen)
    theirs = SurveyInvitation.objects.get(trigger="meeting_held", citizen=other)
    visit = SurveyInvitation.objects.get(trigger="visit_logged")
    citizen_user = User.objects.create_user("borger.mig", role=Role.CITIZEN)
    link_citizen(citizen_user, citizen)
    employer_user = User.objects.create_user("virksomhed.mig", role=Role.EMPLOYER)
    link_contact_person(employer_user, person)
    me, company = Client(), Client()
    me.force_login(citizen_user)
    company.force_login(employer_user)
    SurveyInvitation.objects.update(
        sent_on=timezone.localdate(), open_until=timezone.localdate() + dt.timedelta(days=5)
    )

    home = me.get(reverse("selfservice:home")).content.decode()
    assert reverse("selfservice:survey", args=[mine.token]) in home
    assert theirs.token not in home
    page = me.get(reverse("selfservice:survey", args=[mine.token]))
    assert page.status_code == 200 and "Hvad synes du om samtalen?" in page.content.decode()
    for token in (theirs.token, visit.token, "nope"):
        assert me.get(reverse("selfservice:survey", args=[token])).status_code == 404
    assert company.get(reverse("selfservice:survey", args=[mine.token])).status_code == 403
    # The headline question must be answered.
    missing = me.post(reverse("selfservice:survey", args=[mine.token]), {"listened": "3"})
    assert missing.status_code == 422 and not SurveyAnswer.objects.exists()
    done = me.post(reverse("selfservice:survey", args=[mine.token]), {"overall": "3"})
    assert done.status_code == 302 and done.url == reverse("selfservice:home")
    assert SurveyAnswer.objects.get().satisfied is False
    # Answered: gone from the page and 404 (one answer per invitation).
    assert me.get(reverse("selfservice:survey", args=[mine.token])).status_code == 404
    assert mine.token not in me.get(reverse("selfservice:home")).content.decode()

    front = company.get(reverse("selfservice:employer_home")).content.decode()
    assert reverse("selfservice:employer_survey", args=[visit.token]) in front
    assert company.get(reverse("selfservice:employer_survey", args=[mine.token])).status_code == 404
    assert me.get(reverse("selfservice:employer_survey", args=[visit.token])).status_code == 403
    sent = company.post(
        reverse("selfservice:employer_survey", args=[visit.token]), {"overall": "4"}
    )
    assert sent.status_code == 302
    assert SurveyAnswer.objects.filter(audience="employer", satisfied=True).count() == 1


def test_a_closed_invitation_is_refused():
    _triggers()
    send_invitations(today=DAY)
    invitation = SurveyInvitation.objects.get(trigger="meeting_held")
    from fleksjob.surveys.actions import SurveyRefused

    with pytest.raises(SurveyRefused):
        answer_invitation(
            None, invitation.token, {"overall": "4"}, today=DAY + dt.timedelta(days=30)
        )
    answer_invitation(None, invitation.token, {"overall": "4"}, today=DAY + dt.timedelta(days=29))
    with pytest.raises(SurveyRefused):
        answer_invitation(None, invitation.token, {"overall": "4"}, today=DAY)


def test_the_daily_run_is_a_bounded_background_job():
    _triggers()
    out = io.StringIO()
    call_command("send_surveys", "--no-wait", today=DAY, stdout=out)
    run = JobRun.objects.get()
    assert run.kind == "send_surveys" and run.status == "queued" and "i kø" in out.getvalue()
    assert not SurveyInvitation.objects.exists()  # queued, not run
    call_command("worker", "--batch", stdout=io.StringIO())
    run.refresh_from_db()
    assert run.status == "done" and run.counts["invited"] == 4
    assert SurveyInvitation.objects.count() == 4
    # Bounded: a limit leaves the rest to the next run, which invites each trigger once.
    SurveyInvitation.objects.all().delete()
    out = io.StringIO()
    call_command("send_surveys", "--limit", "3", today=DAY, stdout=out)
    assert SurveyInvitation.objects.count() == 3 and "tilbage til næste kørsel: 1" in out.getvalue()
    out = io.StringIO()
    call_command("send_surveys", "--limit", "3", today=DAY, stdout=out)
    assert SurveyInvitation.objects.count() == 4 and "tilbage til næste kørsel: 0" in out.getvalue()
    assert JobRun.objects.filter(kind="send_surveys", status="done").count() == 3
    with pytest.raises(CommandError) as bad:
        call_command("send_surveys", "--limit", "0")
    assert bad.value.returncode == 2 and JobRun.objects.count() == 3


def test_managers_see_their_own_spread_with_small_cells_hidden(personas, login):
    """The spread page counts the manager's municipality only, per point of the scale, hides the
    small cells and a complement, and is for managers."""
    citizen = ApprovalFactory(citizen__municipality_id="230").citizen
    day = dt.date(2026, 2, 1)
    for i in range(40):
        SurveyInvitation.objects.create(
            municipality_id="230",
            survey_id="citizen_after_meeting",
            version=1,
            audience="citizen",
            trigger="meeting_held",
            source_id=i,
            citizen=citizen,
            triggered_on=day,
            sent_on=day,
            open_until=day,
        )
    # Overall: 2 × 1, 6 × 3, 7 × 4, 10 × 5 (25 answers of 40 invitations); all answer the rest.
    overall = [1] * 2 + [3] * 6 + [4] * 7 + [5] * 10
    for score in overall:
        SurveyAnswer.objects.create(
            municipality_id="230",
            survey_id="citizen_after_meeting",
            version=1,
            audience="citizen",
            trigger="meeting_held",
            month=day,
            scores={"overall": score, "listened": 5, "next_steps": 4},
            satisfied=score >= 4,
        )
    # After placements: 20 invitations, 10 answers (5 × 3, 5 × 5).
    for i in range(20):
        SurveyInvitation.objects.create(
            municipality_id="230",
            survey_id="citizen_after_placement",
            version=1,
            audience="citizen",
            trigger="placement_started",
            source_id=i,
            citizen=citizen,
            triggered_on=day,
            sent_on=day,
            open_until=day,
        )
    for score in [3] * 5 + [5] * 5:
        SurveyAnswer.objects.create(
            municipality_id="230",
            survey_id="citizen_after_placement",
            version=1,
            audience="citizen",
            trigger="placement_started",
            month=day,
            scores={"overall": score, "fit": 4},
            satisfied=score >= 4,
        )
    # Another municipality's answers are not counted.
    SurveyAnswer.objects.create(
        municipality_id="350",
        survey_id="citizen_after_meeting",
        version=1,
        audience="citizen",
        trigger="meeting_held",
        month=day,
        scores={"overall": 1},
        satisfied=False,
    )
    # Nothing published yet: nothing counted.
    page = login("leder.rudersdal").get(reverse("surveys:spread"), {"aar": "2026"})
    assert page.status_code == 200
    assert all(b["months"] == [] and b["tables"] == [] for b in page.context["blocks"])
    # A run publishes Rudersdal's February (60 invitations, 35 answers, 22 satisfied).
    _publish({("230", day): (60, 35, 22)})
    page = login("leder.rudersdal").get(reverse("surveys:spread"), {"aar": "2026"})
    block = page.context["blocks"][0]
    assert block["months"] == [day]
    table = next(t for t in block["tables"] if t["result"].survey == "citizen_after_meeting")
    result = table["result"]
    assert (result.invitations, result.answers) == (40, 25)
    head = next(q for q in result.questions if q.headline)
    # 1 and 2 are small (2 and 0); 3, 4 and 5 are shown: hidden 1 + 2 = 2 is given back by the
    # total, so one more (the smallest shown, 6 at point 3) is hidden.
    assert head.counts == {1: None, 2: None, 3: None, 4: 7, 5: 10}
    assert head.satisfied == 17 and head.answered == 25
    assert head.share_satisfied == pytest.approx(17 / 25)
    html = page.content.decode()
    assert "68,0" in html and "Svarprocent" in html
    assert login("sagsbehandler.rudersdal").get(reverse("surveys:spread")).status_code == 403


def _publish(cells, audience: str = "citizen", hidden=()) -> None:
    """A finished run publishing (invitations, answers, satisfied) per (municipality, month)
    for the audience's survey indicators; ``hidden``: the (municipality, month) hidden."""
    months = sorted({m for _, m in cells})
    run = IndicatorRun.objects.create(
        first_month=months[0], last_month=months[-1], finished_at=timezone.now()
    )
    for (code, month), (inv, ans, sat) in cells.items():
        hide = (code, month) in hidden
        for indicator, x, n in (
            (f"{audience}_survey_response_rate", ans, inv),
            (f"{audience}_satisfied_share", sat, ans),
        ):
            IndicatorValue.objects.create(
                run=run,
                indicator=indicator,
                unit_level="municipality",
                unit_id=code,
                unit_name=code,
                period=month,
                numerator=x,
                denominator=n,
                value=x / n,
                suppressed=hide,
                denominator_suppressed=hide,
            )
