"""The placement workflow's use cases: consent, coded reasons, and hiring in one transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from fleksjob.audit.models import AuditEvent
from fleksjob.citizens.models import BenefitSpell
from fleksjob.core.casework.placement_flow import PlacementError
from fleksjob.core.errors import InvalidField
from fleksjob.employment.actions import HireTerms
from fleksjob.employment.models import Employment
from fleksjob.placements.actions import move_placement, propose_match
from fleksjob.placements.models import Placement, PlacementTransition
from tests.factories import ApprovalFactory, PositionFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 2)


@pytest.fixture
def case(personas):
    approval = ApprovalFactory(
        citizen__municipality_id="350",
        citizen__consent_share_profile=True,
        citizen__consent_recorded_at=timezone.now(),
    )
    BenefitSpell.objects.create(
        citizen=approval.citizen,
        approval=approval,
        start=dt.date(2024, 3, 1),
        rate_category="dagpenge_89",
    )
    position = PositionFactory(employer__municipality_id="350", openings=1)
    return personas["sagsbehandler.lejre"], approval, position


def test_proposal_is_logged_and_audited(case):
    user, approval, position = case
    placement = propose_match(user, approval.citizen, position, on=DAY, score=0.8, reasons=["x"])
    assert placement.stage == "proposed" and placement.approval == approval
    assert list(placement.transitions.values_list("to_stage", flat=True)) == ["proposed"]
    assert AuditEvent.objects.filter(citizen_id=approval.citizen_id, action="create").exists()


def test_another_municipality_s_position_or_citizen_cannot_be_proposed(case, personas):
    user, approval, _ = case
    foreign = PositionFactory(employer__municipality_id="230")
    with pytest.raises(PlacementError, match="stillingen"):
        propose_match(user, approval.citizen, foreign, on=DAY)
    with pytest.raises(PlacementError, match="borgeren"):
        propose_match(personas["sagsbehandler.rudersdal"], approval.citizen, foreign, on=DAY)
    assert not Placement.objects.exists()


def test_one_open_proposal_per_pair(case):
    user, approval, position = case
    propose_match(user, approval.citizen, position, on=DAY)
    with pytest.raises(PlacementError, match="åbent forslag"):
        propose_match(user, approval.citizen, position, on=DAY)
    # The database refuses it too, for writers that bypass the use case.
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.create(
            citizen=approval.citizen,
            approval=approval,
            position=position,
            stage="presented",
            stage_since=DAY,
        )


def test_presenting_without_consent_is_refused_and_nothing_changes(case):
    user, approval, position = case
    approval.citizen.consent_share_profile = False
    approval.citizen.save()
    placement = propose_match(user, approval.citizen, position, on=DAY)
    with pytest.raises(PlacementError, match="samtykke"):
        move_placement(user, placement, "presented", on=DAY)
    placement.refresh_from_db()
    assert placement.stage == "proposed"
    assert placement.transitions.count() == 1


def test_not_hired_needs_a_coded_reason(case):
    user, approval, position = case
    placement = propose_match(user, approval.citizen, position, on=DAY)
    with pytest.raises(PlacementError):
        move_placement(user, placement, "not_hired", on=DAY)
    moved = move_placement(user, placement, "not_hired", on=DAY, reason="hours", note="kun 6 t")
    assert moved.not_hired_reason == "hours"
    # A closed proposal frees the pair for a new attempt.
    propose_match(user, approval.citizen, position, on=DAY)


def test_hiring_creates_employment_ends_benefit_and_moves_the_case(case):
    user, approval, position = case
    placement = propose_match(user, approval.citizen, position, on=DAY)
    move_placement(user, placement, "presented", on=DAY)
    move_placement(user, placement, "interview", on=DAY + dt.timedelta(days=7))
    start = dt.date(2026, 4, 1)
    terms = HireTerms(start=start, hours_per_week=Decimal("12.5"), hourly_wage=Decimal("185"))
    hired = move_placement(user, placement, "hired", on=DAY + dt.timedelta(days=14), hire=terms)

    employment = hired.employment
    assert (employment.kind, employment.start, employment.position) == ("fleksjob", start, position)
    assert [h.hours_per_week for h in employment.hours_history.all()] == [Decimal("12.5")]
    spell = BenefitSpell.objects.get(approval=approval)
    assert spell.end == dt.date(2026, 3, 31)
    approval.refresh_from_db()
    assert approval.status == "in_fleksjob" and approval.status_since == start
    assert approval.first_fleksjob_start == start
    assert approval.temporary_until == dt.date(2031, 4, 1)
    position.refresh_from_db()
    assert position.status == "filled"
    stages = list(
        PlacementTransition.objects.filter(placement=hired).values_list("to_stage", flat=True)
    )
    assert stages == ["proposed", "presented", "interview", "hired"]


def test_a_failing_hire_leaves_nothing_half_written(case):
    user, approval, position = case
    placement = propose_match(user, approval.citizen, position, on=DAY)
    move_placement(user, placement, "presented", on=DAY)
    # The case changed status after the job would start: the case move fails, all rolls back.
    approval.status_since = dt.date(2026, 5, 1)
    approval.save()
    terms = HireTerms(
        start=dt.date(2026, 4, 1), hours_per_week=Decimal(10), hourly_wage=Decimal(180)
    )
    with pytest.raises(ValueError):
        move_placement(user, placement, "hired", on=DAY, hire=terms)
    placement.refresh_from_db()
    assert placement.stage == "presented"
    assert not Employment.objects.exists()
    assert BenefitSpell.objects.get(approval=approval).end is None
    position.refresh_from_db()
    assert position.status == "open"


@pytest.mark.parametrize(
    ("hours", "wage", "field", "message"),
    [
        (Decimal(0), Decimal(180), "hours_per_week", "timer"),
        (Decimal(38), Decimal(180), "hours_per_week", "timer"),
        (Decimal(10), Decimal(0), "hourly_wage", "timeløn"),
    ],
)
def test_hire_terms_are_validated(case, hours, wage, field, message):
    user, approval, position = case
    placement = propose_match(user, approval.citizen, position, on=DAY)
    move_placement(user, placement, "presented", on=DAY)
    with pytest.raises(InvalidField, match=message) as refused:
        move_placement(user, placement, "hired", on=DAY, hire=HireTerms(DAY, hours, wage))
    assert refused.value.field == field
    assert not Employment.objects.exists()


def test_pages_move_a_placement_to_hired_and_show_clear_errors(case, login):
    user, approval, position = case
    placement = propose_match(user, approval.citizen, position, on=DAY)
    client = login("sagsbehandler.lejre")
    url = reverse("placements:move", args=[placement.pk])
    assert client.post(url, {"to_stage": "presented", "on": "2026-03-02"}).status_code == 302
    # Hired without terms: 422 with the field errors, nothing changes.
    response = client.post(url, {"to_stage": "hired", "on": "2026-03-03"})
    assert response.status_code == 422
    assert "Skal udfyldes ved ansættelse" in response.content.decode()
    placement.refresh_from_db()
    assert placement.stage == "presented"
    # Through HTMX the panel comes back with the new stage.
    response = client.post(
        url,
        {
            "to_stage": "hired",
            "on": "2026-03-03",
            "start": "2026-04-01",
            "hours_per_week": "10",
            "hourly_wage": "182.50",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert 'id="placement-panel"' in response.content.decode()
    placement.refresh_from_db()
    assert placement.stage == "hired" and placement.employment.hourly_wage == Decimal("182.50")
    detail = client.get(reverse("placements:detail", args=[placement.pk])).content.decode()
    assert "Næste trin" not in detail  # final: no more moves offered


def test_placement_pages_are_scoped_and_propose_checks_both_records(case, login):
    user, approval, position = case
    placement = propose_match(user, approval.citizen, position, on=DAY)
    other = login("sagsbehandler.rudersdal")
    assert other.get(reverse("placements:detail", args=[placement.pk])).status_code == 404
    move = reverse("placements:move", args=[placement.pk])
    assert other.post(move, {"to_stage": "presented", "on": "2026-03-02"}).status_code == 404
    assert approval.citizen.last_name not in other.get(reverse("placements:list")).content.decode()
    create = reverse("placements:create")
    data = {"citizen": approval.citizen.pk, "position": position.pk}
    assert other.post(create, data).status_code == 404
    own = login("sagsbehandler.lejre")
    assert own.get(reverse("placements:list")).status_code == 200
    response = own.post(create, data)  # already an open proposal: a clear message, no 500
    assert response.status_code == 302
    assert Placement.objects.count() == 1
