"""Job crafting on the database: the task write functions (spec checks, the tasks' total, scope,
versions, audit) and assembling a flex position from tasks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fleksjob.audit.models import AuditEvent
from fleksjob.core.errors import InvalidField, StaleVersion, VersionRequired
from fleksjob.core.versions import version_of
from fleksjob.employers.actions import EmployerError
from fleksjob.employers.models import Position, PositionTask
from fleksjob.employers.tasks import (
    add_task,
    assemble_position,
    edit_task,
    remove_task,
    required_skills,
)
from fleksjob.placements.matching import recommendations_for
from tests.factories import ApprovalFactory, EmployerFactory, PositionFactory

pytestmark = pytest.mark.django_db

CONTRACTS = {"description": "Gennemgang af kontrakter", "hours": "13", "skills": ["law_contracts"]}


@pytest.fixture
def position(personas):
    return PositionFactory(employer__municipality_id="751")


def test_add_edit_remove_a_task_with_audit(personas, position):
    user = personas["konsulent.aarhus"]
    added = add_task(user, position, **CONTRACTS, occupation="2611")
    assert (added.hours, added.skills, added.occupation) == (Decimal(13), ["law_contracts"], "2611")
    edited = edit_task(
        user,
        added,
        expected_version=version_of(added),
        hours=Decimal("12.5"),
        skills=["writing", "law_contracts", "writing"],
    )
    assert edited.hours == Decimal("12.5") and edited.skills == ["law_contracts", "writing"]
    assert edited.description == CONTRACTS["description"]  # left out: kept
    assert required_skills(position) == ["law_contracts", "writing"]
    # A change of a task is a change of the position (its version, the matching index's key).
    before = version_of(Position.objects.get(pk=position.pk))
    remove_task(user, edited, expected_version=version_of(edited))
    assert not PositionTask.objects.exists()
    assert version_of(Position.objects.get(pk=position.pk)) != before
    actions = list(
        AuditEvent.objects.filter(detail="opgave").order_by("pk").values_list("action", flat=True)
    )
    assert actions == ["create", "update", "delete"]


@pytest.mark.parametrize(
    ("fields", "field", "reason"),
    [
        ({"hours": "0"}, "hours", "skal være over 0 og højst 37 timer"),
        ({"hours": "-1"}, "hours", "skal være over 0 og højst 37 timer"),
        ({"hours": "37.1"}, "hours", "skal være over 0 og højst 37 timer"),
        ({"hours": "2.25"}, "hours", "højst én decimal"),
        ({"hours": "x"}, "hours", "skal være et tal"),
        ({"hours": ""}, "hours", "mangler"),
        ({"description": ""}, "description", "mangler"),
        ({"description": "x" * 501}, "description", "højst 500 tegn"),
        (
            {"skills": ["law_contracts", "juggling"]},
            "skills",
            "nøgle nr. 2 er ikke en af de kendte",
        ),
        ({"occupation": "261"}, "occupation", "skal være 4 cifre"),
        ({"occupation": "0000"}, "occupation", "skal være en DISCO-08-enhedsgruppe (fire cifre)"),
    ],
)
def test_a_refused_task_names_its_field(personas, position, fields, field, reason):
    with pytest.raises(ValidationError) as refused:
        add_task(personas["konsulent.aarhus"], position, **{**CONTRACTS, **fields})
    assert refused.value.message_dict == {field: [reason]}
    assert not PositionTask.objects.exists()


def test_the_tasks_together_stay_within_a_week(personas, position):
    user = personas["konsulent.aarhus"]
    add_task(user, position, **{**CONTRACTS, "hours": "30"})
    seven = add_task(user, position, **{**CONTRACTS, "hours": "7"})
    with pytest.raises(InvalidField) as refused:
        add_task(user, position, **{**CONTRACTS, "hours": "0.5"})
    assert refused.value.field == "hours" and "i alt må højst være 37 timer" in str(refused.value)
    with pytest.raises(InvalidField):
        edit_task(user, seven, expected_version=version_of(seven), hours="7.1")
    assert position.tasks.count() == 2


def test_versions_and_scope(personas, position):
    user = personas["konsulent.aarhus"]
    added = add_task(user, position, **CONTRACTS)
    old = version_of(added)
    edit_task(user, added, expected_version=old, hours="10")
    with pytest.raises(StaleVersion):
        edit_task(user, added, expected_version=old, hours="11")
    with pytest.raises(VersionRequired):
        remove_task(user, added)
    with pytest.raises(EmployerError):
        add_task(personas["sagsbehandler.lejre"], position, **CONTRACTS)
    with pytest.raises(EmployerError):
        remove_task(personas["sagsbehandler.lejre"], added, expected_version="*")
    assert PositionTask.objects.get().hours == Decimal(10)


def test_assemble_a_flex_position_from_tasks(personas):
    employer = EmployerFactory(municipality_id="751")
    position = assemble_position(
        personas["konsulent.aarhus"],
        employer,
        title="Jurist i fleksjob",
        occupation="2611",
        tasks=[
            CONTRACTS,
            {"description": "Skriftlige svar", "hours": "4.5", "skills": ["writing"]},
            {"description": "Arkiv", "hours": "2", "skills": ["filing_archive", "writing"]},
        ],
        provides=["extra_breaks"],
    )
    # At most every task's hours, at least the smallest task's (shaped around a person).
    assert (position.hours_min, position.hours_max) == (Decimal("2"), Decimal("19.5"))
    assert position.split_off and position.status == "open"
    assert position.tasks_text == "Gennemgang af kontrakter\nSkriftlige svar\nArkiv"
    assert required_skills(position) == ["filing_archive", "law_contracts", "writing"]
    assert [t.description for t in position.tasks.all()] == [
        "Gennemgang af kontrakter",
        "Skriftlige svar",
        "Arkiv",
    ]
    assert AuditEvent.objects.filter(detail="opgave").count() == 3


@pytest.mark.parametrize(
    ("tasks", "occupation", "error"),
    [
        ([], "2611", "tasks"),
        ([CONTRACTS, {**CONTRACTS, "hours": "25"}], "2611", "tasks"),
        ([CONTRACTS], "26", "occupation"),
    ],
)
def test_assembling_is_all_or_nothing(personas, tasks, occupation, error):
    employer = EmployerFactory(municipality_id="751")
    with pytest.raises(InvalidField) as refused:
        assemble_position(
            personas["konsulent.aarhus"],
            employer,
            title="Jurist",
            occupation=occupation,
            tasks=tasks,
        )
    assert refused.value.field == error
    assert not Position.objects.exists() and not PositionTask.objects.exists()


def test_a_refused_task_in_an_assembly_names_its_row(personas):
    employer = EmployerFactory(municipality_id="751")
    with pytest.raises(ValidationError) as refused:
        assemble_position(
            personas["konsulent.aarhus"],
            employer,
            title="Jurist",
            occupation="2611",
            tasks=[CONTRACTS, {**CONTRACTS, "skills": ["nope"]}],
        )
    assert list(refused.value.message_dict) == ["tasks.1.skills"]
    assert not Position.objects.exists()


def test_matching_reads_the_tasks_and_sees_every_change(personas):
    """The matching index holds the tasks: the competence factor and its reason appear, and a
    task changed later reaches the next match (the position's version moved with it)."""
    citizen = ApprovalFactory(
        citizen__municipality_id="350",
        citizen__occupations=["2611"],
        citizen__competences=["law_contracts"],
        citizen__needs=[],
        citizen__hours_min=6,
        citizen__hours_capacity=15,
        citizen__max_commute_km=25,
    ).citizen
    user = personas["sagsbehandler.lejre"]
    position = assemble_position(
        user,
        EmployerFactory(municipality_id="350"),
        title="Jurist",
        occupation="2611",
        tasks=[CONTRACTS, {"description": "Løn", "hours": "4", "skills": ["payroll_hr"]}],
    )
    [found] = recommendations_for(citizen, dt.date(2026, 3, 2))
    assert found.position.pk == position.pk and found.match.factors["competences"] == 0.5
    assert any(r.startswith("Dækker 1 af 2 opgavers kompetencer") for r in found.match.reasons)
    payroll = position.tasks.get(description="Løn")
    edit_task(user, payroll, expected_version=version_of(payroll), skills=["law_contracts"])
    [found] = recommendations_for(citizen, dt.date(2026, 3, 2))
    assert found.match.factors["competences"] == 1.0
