"""The employer's pages: the company's positions with their tasks, and the candidates the
jobcentre proposes, without a name until the citizen consented to share the profile, and never
the citizen's skånehensyn. Seeing candidates is audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fleksjob.accounts.models import Role, User
from fleksjob.audit.models import AuditEvent
from fleksjob.citizens.consent import set_consent
from fleksjob.core.casework.consent import Via
from fleksjob.employers.models import ContactPerson, PositionTask
from fleksjob.placements.actions import move_placement, propose_match
from fleksjob.selfservice.access import link_contact_person
from tests.factories import ApprovalFactory, PositionFactory

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 3, 2)


@pytest.fixture
def company(personas):
    position = PositionFactory(employer__municipality_id="350", title="Kontraktgennemgang")
    PositionTask.objects.create(
        position=position,
        description="Gennemgå leverandørkontrakter",
        hours=Decimal(13),
        skills=["law_contracts"],
    )
    user = User.objects.create_user("virksomhed.test", role=Role.EMPLOYER)
    link_contact_person(user, ContactPerson.objects.create(employer=position.employer, name="K"))
    client = Client()
    client.force_login(user)
    return position, client


def _candidate(personas, position, stage, *, consent, first_name):
    case = ApprovalFactory(
        citizen__municipality_id="350",
        citizen__first_name=first_name,
        citizen__consent_share_profile=consent,
        citizen__consent_recorded_at=timezone.now() if consent else None,
        citizen__competences=["law_contracts", "writing"],
        citizen__needs=["short_days"],
    )
    caseworker = personas["sagsbehandler.lejre"]
    placement = propose_match(caseworker, case.citizen, position, on=ON)
    if stage != "proposed":
        placement = move_placement(caseworker, placement, "presented", on=ON)
    return case.citizen


def test_positions_and_tasks_of_the_company(company):
    position, client = company
    listed = client.get(reverse("selfservice:employer_home")).content.decode()
    assert "Kontraktgennemgang" in listed and position.employer.cvr in listed
    page = client.get(reverse("selfservice:employer_position", args=[position.pk]))
    html = page.content.decode()
    assert "Gennemgå leverandørkontrakter" in html and "Jura og kontrakter" in html
    assert "Jobcentret har ikke foreslået kandidater" in html


def test_candidates_show_exactly_the_consented_items_and_never_health_details(company, personas):
    position, client = company
    hidden = _candidate(personas, position, "proposed", consent=False, first_name="Hemmelig")
    named = _candidate(personas, position, "presented", consent=True, first_name="Synlig")
    partly = _candidate(personas, position, "proposed", consent=False, first_name="Delvis")
    set_consent(
        personas["sagsbehandler.lejre"], partly, ["competences", "provisions"], via=Via.STAFF
    )
    for c in (hidden, named, partly):
        c.needs_note = "Diagnose: hemmelig"
        c.hours_min, c.hours_target = Decimal(7), Decimal(17)
        c.save()
    html = client.get(reverse("selfservice:employer_position", args=[position.pk])).content
    html = html.decode()
    first, second, third = (
        html[html.index(f'data-testid="candidate-{n}"') :].split("</li>")[0] for n in (1, 2, 3)
    )
    # No consent: a pseudonym and nothing of the profile.
    assert "Kandidat 1" in first and "ikke sagt ja" in first
    assert "timer" not in first and "Skriftlig formidling" not in first
    # Every item: the name, hours, competences and the provisions list.
    assert named.full_name in second and "Præsenteret for virksomheden" in second
    assert "fra 7 timer" in second and "Skriftlig formidling" in second
    assert "Korte arbejdsdage" in second
    # Competences and provisions only: a pseudonym, no hours.
    assert "Kandidat 3" in third and "Skriftlig formidling" in third
    assert "Korte arbejdsdage" in third and "timer" not in third
    for c in (hidden, partly):
        assert c.first_name not in html and c.last_name not in html
    assert "Diagnose" not in html  # health details are no item: never shown here
    seen = AuditEvent.objects.get(detail="arbejdsgiver: kandidater")
    assert (
        seen.citizen_ids == f",{hidden.pk},{named.pk},{partly.pk},"
        and seen.municipality_code == "350"
    )
