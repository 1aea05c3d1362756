"""The scenario's database reader: a municipality's spells and fleksjobs become the core's rows
(hours in force the day before the start, other municipalities left out), and bad requests are
refused with a reason."""

from __future__ import annotations

import datetime as dt

import pytest

from fleksjob.citizens.models import BenefitSpell
from fleksjob.core.scenario import JobRow, ScenarioError, SpellRow, estimate_history
from fleksjob.economics.scenario import Levers, compute_scenario, municipality_history
from fleksjob.employment.models import Employment, HoursChange
from tests.factories import ApprovalFactory, EmployerFactory

pytestmark = pytest.mark.django_db
D = dt.date


def _job(approval, start, end, wage, hours):
    job = Employment.objects.create(
        citizen=approval.citizen,
        approval=approval,
        kind="fleksjob",
        employer=EmployerFactory(municipality_id=approval.citizen.municipality_id),
        start=start,
        end=end,
        hourly_wage=wage,
    )
    for since, per_week in hours:
        HoursChange.objects.create(employment=job, valid_from=since, hours_per_week=per_week)
    return job


def test_the_reader_gives_the_core_the_municipality_rows(personas):
    a = ApprovalFactory(citizen__municipality_id="350")
    BenefitSpell.objects.create(
        citizen=a.citizen,
        approval=a,
        start=D(2022, 3, 1),
        end=D(2023, 4, 30),
        rate_category="dagpenge_89",
    )
    _job(
        a, D(2023, 5, 1), None, 200, [(D(2023, 5, 1), 10), (D(2024, 6, 1), 14), (D(2025, 2, 1), 20)]
    )
    b = ApprovalFactory(citizen__municipality_id="350")
    BenefitSpell.objects.create(
        citizen=b.citizen, approval=b, start=D(2024, 9, 1), rate_category="kontanthjaelp"
    )
    c = ApprovalFactory(citizen__municipality_id="230")  # Rudersdal: not Lejre's
    BenefitSpell.objects.create(
        citizen=c.citizen, approval=c, start=D(2022, 1, 1), rate_category="dagpenge_89"
    )
    as_of = D(2025, 1, 1)
    got = municipality_history("350", as_of)
    expected = estimate_history(
        [
            SpellRow(a.citizen_id, D(2022, 3, 1), D(2023, 4, 30), True),
            SpellRow(b.citizen_id, D(2024, 9, 1), None, False),
        ],
        [JobRow(a.citizen_id, D(2023, 5, 1), None, 200.0, 14.0)],  # the hours of June 2024
        as_of,
    )
    assert got == expected
    assert got.u_to_f.events == 1 and len(got.stock_u) == 1 and len(got.stock_f) == 1


def test_bad_requests_are_refused(personas):
    with pytest.raises(ScenarioError, match="ukendt kommunekode"):
        compute_scenario("999", 2024, 1, today=D(2025, 1, 1))
    with pytest.raises(ScenarioError, match="begyndt"):
        compute_scenario("350", 2026, 1, today=D(2025, 6, 1))
    with pytest.raises(ScenarioError, match="kan ikke skønnes"):
        compute_scenario("350", 2024, 1, Levers(consultants_fte=5), today=D(2025, 1, 1))
