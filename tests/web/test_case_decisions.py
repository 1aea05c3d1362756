"""Case decisions (docs/decisions.md): visitation, pause, resumption, end and the 4½-year review as
write functions on the case's state machine, each audited; a decision dated ahead (and a hire
dated ahead) is scheduled and applied by the daily job on its day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from fleksjob.audit.models import AuditEvent
from fleksjob.citizens.actions import (
    apply_due_decisions,
    cancel_decision,
    decide_review,
    decide_visitation,
    end_case,
    pause_case,
    resume_case,
)
from fleksjob.citizens.casefacts import legal_deadlines
from fleksjob.citizens.models import Approval, BenefitSpell, CaseDecision, StatusTransition
from fleksjob.core.errors import InvalidField, Refused
from fleksjob.employment.actions import HireTerms, start_fleksjob
from fleksjob.employment.models import Employment
from fleksjob.home.figures import municipality_figures
from tests.factories import (
    CitizenFactory,
    PositionFactory,
    in_fleksjob_since_2021,
    unemployed_since_2024,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)
WHY = "Lægeerklæring modtaget"


@pytest.fixture
def user(personas):
    return personas["sagsbehandler.lejre"]


@pytest.fixture
def case():
    return unemployed_since_2024()


def _refreshed(approval: Approval) -> Approval:
    return Approval.objects.get(pk=approval.pk)


def test_pause_and_resume_log_transitions_decisions_and_audit(user, case):
    paused_on = dt.date(2026, 5, 4)
    made = pause_case(
        user,
        case,
        on=paused_on,
        reason="sickness",
        legal_basis="sickness",
        justification=WHY,
        today=TODAY,
    )
    case = _refreshed(case)
    assert (case.status, case.status_since) == ("paused", paused_on)
    assert (made.applied_on, made.transition.to_status) == (TODAY, "paused")
    assert AuditEvent.objects.filter(
        object_type="CaseDecision", object_id=str(made.pk), detail="afgørelse: pause"
    ).exists()
    resume_case(user, case, on=TODAY, legal_basis="sickness", justification="Rask", today=TODAY)
    case = _refreshed(case)
    assert (case.status, case.status_since) == ("approved_unemployed", TODAY)
    assert list(case.transitions.values_list("from_status", "to_status")) == [
        ("", "approved_unemployed"),
        ("approved_unemployed", "paused"),
        ("paused", "approved_unemployed"),
    ]


def test_resuming_a_case_that_is_not_paused_is_refused_and_writes_nothing(user, case):
    with pytest.raises(Refused, match="ikke sat på pause"):
        resume_case(user, case, on=TODAY, legal_basis="sickness", justification=WHY, today=TODAY)
    assert not CaseDecision.objects.exists()
    assert StatusTransition.objects.filter(approval=case).count() == 1  # the opening one


def test_end_with_a_reason_closes_the_case_and_its_benefit_spell(user, case):
    end_case(
        user,
        case,
        on=TODAY,
        reason="disability_pension",
        legal_basis="social_pension",
        justification="Tilkendt førtidspension",
        today=TODAY,
    )
    case = _refreshed(case)
    assert (case.status, case.ended_reason) == ("ended", "disability_pension")
    assert BenefitSpell.objects.get(approval=case).end == TODAY
    with pytest.raises(Refused, match="afsluttet"):
        pause_case(
            user,
            case,
            on=TODAY,
            reason="leave",
            legal_basis="leave",
            justification=WHY,
            today=TODAY,
        )


def test_a_new_visitation_after_an_ended_case_opens_a_new_case(user, case):
    end_case(
        user,
        case,
        on=dt.date(2025, 1, 31),
        reason="ordinary_job",
        legal_basis="lab_fleksjob_case",
        justification="Ordinært job",
        today=TODAY,
    )
    with pytest.raises(InvalidField) as early:
        decide_visitation(
            user,
            case.citizen,
            on=dt.date(2025, 1, 30),
            legal_basis="lab_116",
            justification=WHY,
            today=TODAY,
        )
    assert early.value.field == "on"
    made = decide_visitation(
        user, case.citizen, on=TODAY, legal_basis="lab_116", justification=WHY, today=TODAY
    )
    new = made.approval
    assert new.pk != case.pk
    assert (new.status, new.visitation_date) == ("approved_unemployed", TODAY)
    assert made.transition.to_status == "approved_unemployed"
    with pytest.raises(Refused, match="allerede en aktiv"):
        decide_visitation(
            user, case.citizen, on=TODAY, legal_basis="lab_116", justification=WHY, today=TODAY
        )


def test_a_first_visitation_of_a_registered_citizen_without_a_case(user):
    citizen = CitizenFactory(municipality_id="350")
    made = decide_visitation(
        user, citizen, on=TODAY, legal_basis="lab_116", justification=WHY, today=TODAY
    )
    assert made.approval.citizen == citizen


def test_another_municipalitys_case_is_not_found(personas, case):
    with pytest.raises(Approval.DoesNotExist):
        pause_case(
            personas["sagsbehandler.rudersdal"],
            case,
            on=TODAY,
            reason="sickness",
            legal_basis="sickness",
            justification=WHY,
            today=TODAY,
        )
    assert _refreshed(case).status == "approved_unemployed"


def _end(user, approval: Approval) -> CaseDecision:
    """The case ended today for another reason."""
    return end_case(
        user,
        approval,
        on=TODAY,
        reason="other",
        legal_basis="lab_fleksjob_case",
        justification=WHY,
        today=TODAY,
    )


def _review(user, approval: Approval, outcome: str = "permanent") -> CaseDecision:
    """The 4½-year review decided today (LAB § 122)."""
    return decide_review(
        user,
        approval,
        on=TODAY,
        outcome=outcome,
        legal_basis="lab_122",
        justification=WHY,
        today=TODAY,
    )


def _review_state(approval: Approval) -> str:
    states = legal_deadlines(approval, None, TODAY)
    return next(s.state for s in states if s.key == "review")


@pytest.mark.parametrize(
    ("outcome", "status", "permanent", "until"),
    [
        ("permanent", "in_fleksjob", True, dt.date(2026, 9, 1)),
        ("new_temporary", "in_fleksjob", False, dt.date(2031, 9, 1)),
        ("no_longer_eligible", "ended", False, dt.date(2026, 9, 1)),
    ],
)
def test_the_review_outcome_changes_the_case_and_meets_the_review_deadline(
    user, outcome, status, permanent, until
):
    approval = in_fleksjob_since_2021()
    assert _review_state(approval) == "overdue"  # due 2 March 2026, nothing recorded
    _review(user, approval, outcome)
    approval = _refreshed(approval)
    assert (approval.status, approval.permanent, approval.temporary_until) == (
        status,
        permanent,
        until,
    )
    assert approval.reviewed_on == TODAY
    assert _review_state(approval) == "met"
    # Decided once per period: a permanent or ended case has none left, a new period is
    # reviewed in its turn (after this decision).
    with pytest.raises(InvalidField if outcome == "new_temporary" else Refused):
        _review(user, approval)


def test_the_new_period_is_reviewed_on_the_page_and_its_deadline_follows(user, login):
    """A review granted a new period to 1 Sep 2031: the case page lists that period's review
    (due 3 Mar 2031, moved from a Saturday) and offers the review again; deciding it meets it."""
    approval = in_fleksjob_since_2021()
    _review(user, approval, "new_temporary")
    approval = _refreshed(approval)
    later = TODAY + dt.timedelta(days=400)
    states = legal_deadlines(approval, None, later)
    second = [s for s in states if s.key == "review"][1]
    assert (second.calendar_date, second.state) == (dt.date(2031, 3, 1), "due")
    page = login("sagsbehandler.lejre").get(f"/borgere/{approval.citizen_id}/")
    html = page.content.decode()
    assert "Revurdering af ny periode" in html
    assert f"/borgere/{approval.citizen_id}/afgoerelse/review/" in html
    decide_review(
        user,
        approval,
        on=later,
        outcome="permanent",
        legal_basis="lab_122",
        justification=WHY,
        today=later,
    )
    approval = _refreshed(approval)
    states = legal_deadlines(approval, None, later)
    assert [s.state for s in states if s.key == "review"] == ["met", "met"]
    assert approval.permanent


def _hire(user, approval, start: dt.date, today: dt.date = TODAY):
    position = PositionFactory(employer__municipality_id="350")
    return start_fleksjob(
        user, approval, position, HireTerms(start, Decimal(12), Decimal(190)), today=today
    )


def test_a_hire_dated_ahead_makes_the_case_in_fleksjob_from_that_day_not_today(user, case):
    start = TODAY + dt.timedelta(days=17)
    _hire(user, case, start)
    case = _refreshed(case)
    # Until the start day the case is unemployed: status, open spell, no fleksjob deadlines.
    assert (case.status, case.status_since, case.first_fleksjob_start) == (
        "approved_unemployed",
        dt.date(2024, 3, 1),
        None,
    )
    assert BenefitSpell.objects.get(approval=case).end is None
    keys = {s.key for s in legal_deadlines(case, dt.date(2024, 3, 1), TODAY)}
    assert keys == {"jobsamtaler"}
    figures = municipality_figures(user, TODAY)
    assert (figures["unemployed"], figures["in_fleksjob"]) == (1, 0)
    scheduled = CaseDecision.objects.scheduled().get(approval=case)
    assert (scheduled.kind, scheduled.on) == ("fleksjob_start", start)

    # The day before, the daily job leaves it; on the start day it applies it.
    assert apply_due_decisions(as_of=start - dt.timedelta(days=1), limit=10).applied == 0
    report = apply_due_decisions(as_of=start, limit=10)
    assert (report.due, report.applied, report.remaining) == (1, 1, 0)
    case = _refreshed(case)
    assert (case.status, case.status_since, case.first_fleksjob_start) == (
        "in_fleksjob",
        start,
        start,
    )
    assert case.temporary_until == dt.date(2031, 7, 2)
    assert BenefitSpell.objects.get(approval=case).end == start - dt.timedelta(days=1)
    assert apply_due_decisions(as_of=start, limit=10).due == 0  # idempotent
    assert AuditEvent.objects.filter(
        username="system:case-decisions", detail="afgørelse trådt i kraft: fleksjob_start"
    ).exists()


def test_a_hire_dated_today_or_earlier_changes_the_case_at_once(user, case):
    _hire(user, case, TODAY)
    case = _refreshed(case)
    assert (case.status, case.status_since) == ("in_fleksjob", TODAY)
    assert not CaseDecision.objects.scheduled().exists()


def test_a_hire_more_than_a_year_ahead_is_refused(user, case):
    with pytest.raises(InvalidField) as refused:
        _hire(user, case, TODAY + dt.timedelta(days=367))
    assert refused.value.field == "start"


def test_a_scheduled_decision_blocks_others_until_cancelled(user, case):
    ahead = TODAY + dt.timedelta(days=30)
    made = pause_case(
        user, case, on=ahead, reason="leave", legal_basis="leave", justification=WHY, today=TODAY
    )
    assert _refreshed(case).status == "approved_unemployed"
    with pytest.raises(Refused, match="planlagt afgørelse"):
        _end(user, case)
    with pytest.raises(Refused, match="planlagt"):
        _hire(user, case, TODAY)
    cancel_decision(user, made)
    with pytest.raises(Refused, match="ikke længere planlagt"):
        cancel_decision(user, made)
    assert apply_due_decisions(as_of=ahead, limit=10).due == 0
    assert _refreshed(case).status == "approved_unemployed"
    _end(user, case)
    assert _refreshed(case).status == "ended"


def test_the_daily_command_applies_due_decisions_and_prints_counts_only(user, case):
    ahead = TODAY + dt.timedelta(days=3)
    pause_case(
        user,
        case,
        on=ahead,
        reason="sickness",
        legal_basis="sickness",
        justification=WHY,
        today=TODAY,
    )
    out = StringIO()
    call_command("apply_case_decisions", "--as-of", ahead.isoformat(), "--dry-run", stdout=out)
    assert "ville træde i kraft 1" in out.getvalue()
    assert _refreshed(case).status == "approved_unemployed"
    out = StringIO()
    call_command("apply_case_decisions", "--as-of", ahead.isoformat(), stdout=out)
    assert "trådt i kraft 1" in out.getvalue()
    assert case.citizen.last_name not in out.getvalue()
    assert (_refreshed(case).status, _refreshed(case).status_since) == ("paused", ahead)


def test_the_home_page_stops_counting_the_review_once_it_is_decided(user):
    approval = in_fleksjob_since_2021()
    before = municipality_figures(user, TODAY)
    assert before["deadlines_overdue"] >= 1
    assert [a.pk for a, _state in before["reviews"]] == [approval.pk]
    _review(user, approval)
    after = municipality_figures(user, TODAY)
    assert after["deadlines_overdue"] == before["deadlines_overdue"] - 1  # the review
    assert after["reviews"] == []


def _in_a_fleksjob(user):
    approval = in_fleksjob_since_2021()
    position = PositionFactory(employer__municipality_id="350")
    Employment.objects.create(
        citizen=approval.citizen,
        approval=approval,
        employer=position.employer,
        position=position,
        kind="fleksjob",
        start=dt.date(2021, 9, 1),
        hourly_wage=Decimal(190),
    )
    return approval


def _end(user, approval, on=TODAY):
    return end_case(
        user,
        approval,
        on=on,
        reason="state_pension",
        legal_basis="social_pension",
        justification=WHY,
        today=TODAY,
    )


def test_ending_the_case_ends_its_fleksjob_the_same_day(user):
    approval = _in_a_fleksjob(user)
    _end(user, approval)
    job = Employment.objects.get()
    assert job.end == TODAY
    assert AuditEvent.objects.filter(
        object_type="Employment", detail="fleksjob afsluttet med sagen"
    ).exists()


def test_an_end_before_the_fleksjobs_hours_change_is_refused_and_nothing_is_written(user):
    approval = _in_a_fleksjob(user)
    job = Employment.objects.get()
    job.hours_history.create(valid_from=dt.date(2026, 6, 1), hours_per_week=Decimal(14))
    with pytest.raises(InvalidField, match="skifter timetal"):
        _end(user, approval, on=dt.date(2026, 5, 1))
    assert Employment.objects.get().end is None
    assert _refreshed(approval).status == "in_fleksjob" and not CaseDecision.objects.exists()
