"""A company proposes a flex position on its own pages (tasks split off with hours and
competences, what the workplace provides), sends it for review, and the consultant of the
company's municipality approves it (an open position assembled from the tasks) or returns it
with a comment. The guided specialist form chooses among specialist occupations."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from fleksjob.accounts.models import Role, User
from fleksjob.audit.models import AuditEvent
from fleksjob.core.errors import Refused, StaleVersion
from fleksjob.core.versions import version_of
from fleksjob.employers.models import ContactPerson, PositionSubmission
from fleksjob.employers.submissions import approve_submission, return_submission, save_submission
from fleksjob.selfservice.access import link_contact_person
from tests.factories import EmployerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def company():
    employer = EmployerFactory(municipality_id="350")
    user = User.objects.create_user("virksomhed.test", role=Role.EMPLOYER)
    person = ContactPerson.objects.create(employer=employer, name="K")
    link_contact_person(user, person)
    client = Client()
    client.force_login(user)
    return employer, person, user, client


def _post(title="Jurist", occupation="2611", action="send", **extra):
    data = {
        "position-title": title,
        "position-occupation": occupation,
        "position-openings": "1",
        "position-provides": ["extra_breaks"],
        "tasks-TOTAL_FORMS": "4",
        "tasks-INITIAL_FORMS": "0",
        "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "10",
        "tasks-0-description": "Gennemgå leverandørkontrakter",
        "tasks-0-hours": "8",
        "tasks-0-skills": ["law_contracts"],
        "tasks-1-description": "Besvare juridiske spørgsmål",
        "tasks-1-hours": "5",
        "tasks-1-skills": ["law_contracts", "writing"],
        "action": action,
    }
    data.update(extra)
    return data


def test_a_specialist_position_is_sent_reviewed_and_becomes_an_open_position(company, personas):
    employer, person, _user, client = company
    guided = client.get(reverse("selfservice:employer_submission_specialist"))
    assert guided.status_code == 200 and "jurist til kontrakter" in guided.content.decode()
    response = client.post(reverse("selfservice:employer_submission_specialist"), _post())
    assert response.status_code == 302
    sent = PositionSubmission.objects.get()
    assert (sent.status, sent.specialist, sent.employer, sent.contact_person) == (
        "submitted",
        True,
        employer,
        person,
    )
    assert [t["hours"] for t in sent.tasks] == ["8", "5"]
    page = client.get(reverse("selfservice:employer_submission", args=[sent.pk])).content.decode()
    assert "Sendt til jobcentret" in page
    staff = Client()
    staff.force_login(personas["sagsbehandler.lejre"])
    listed = staff.get(reverse("employers:submissions")).content.decode()
    assert "Jurist" in listed and employer.name in listed
    crm = staff.get(reverse("employers:detail", args=[employer.pk])).content.decode()
    assert 'data-testid="employer-submissions"' in crm and "Jurist" in crm
    url = reverse("employers:submission", args=[sent.pk])
    review = staff.get(url)
    assert review.status_code == 200
    version = review.context["form"].initial["version"]
    approved = staff.post(url, {"action": "approve", "version": version})
    assert approved.status_code == 302
    sent.refresh_from_db()
    position = sent.position
    assert sent.status == "approved" and position.status == "open" and position.split_off
    assert (position.hours_min, position.hours_max) == (Decimal(5), Decimal(13))
    assert position.provides == ["extra_breaks"] and position.occupation == "2611"
    assert sorted(t.description for t in position.tasks.all()) == [
        "Besvare juridiske spørgsmål",
        "Gennemgå leverandørkontrakter",
    ]
    assert AuditEvent.objects.filter(detail="stillingsforslag godkendt").exists()
    home = client.get(reverse("selfservice:employer_home")).content.decode()
    assert "Godkendt" in home and position.title in home


def test_a_draft_is_kept_and_a_returned_proposal_can_be_changed_and_sent_again(company, personas):
    _employer, person, user, client = company
    client.post(reverse("selfservice:employer_submission_new"), _post(action="save"))
    draft = PositionSubmission.objects.get()
    assert draft.status == "draft" and not draft.specialist
    staff = personas["sagsbehandler.lejre"]
    with pytest.raises(Refused):  # a draft is not waiting for review
        approve_submission(staff, draft, expected_version=version_of(draft))
    url = reverse("selfservice:employer_submission", args=[draft.pk])
    form = client.get(url)
    version = form.context["form"].initial["version"]
    assert "Gennemgå leverandørkontrakter" in form.content.decode()
    client.post(url, _post(title="Jurist, 13 timer", **{"position-version": version}))
    draft.refresh_from_db()
    assert (draft.status, draft.title) == ("submitted", "Jurist, 13 timer")
    returned = return_submission(
        staff, draft, comment="Skriv flere opgaver", expected_version=version_of(draft)
    )
    assert returned.status == "returned"
    page = client.get(url).content.decode()
    assert "Skriv flere opgaver" in page
    with pytest.raises(StaleVersion):
        save_submission(
            user,
            person,
            draft,
            title="X",
            occupation="2611",
            tasks=[{"description": "Løn", "hours": Decimal(4), "skills": []}],
            expected_version=version,
        )


def test_only_their_own_company_and_only_the_municipality_reviews(company, personas):
    _employer, _person, user, client = company
    other_person = ContactPerson.objects.create(
        employer=EmployerFactory(municipality_id="350"), name="L"
    )
    tasks = [{"description": "Løn", "hours": Decimal(4), "skills": ["payroll_hr"]}]
    theirs = save_submission(
        user,
        other_person,
        None,
        title="Personaleforslag",
        occupation="2423",
        tasks=tasks,
        send=True,
    )
    url = reverse("selfservice:employer_submission", args=[theirs.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _post()).status_code == 404
    elsewhere = Client()
    elsewhere.force_login(personas["sagsbehandler.rudersdal"])
    review = reverse("employers:submission", args=[theirs.pk])
    assert elsewhere.get(review).status_code == 404
    assert (
        "Personaleforslag" not in elsewhere.get(reverse("employers:submissions")).content.decode()
    )
    with pytest.raises(PositionSubmission.DoesNotExist):
        approve_submission(
            personas["sagsbehandler.rudersdal"], theirs, expected_version=version_of(theirs)
        )


def test_a_refused_task_is_shown_and_nothing_is_saved(company):
    client = company[3]
    response = client.post(
        reverse("selfservice:employer_submission_new"), _post(**{"tasks-0-hours": "40"})
    )
    assert response.status_code == 422 and not PositionSubmission.objects.exists()


def test_the_demo_company_has_a_specialist_position_waiting_for_review(personas):
    from fleksjob.demo.portal_personas import ensure_portal_personas
    from tests.factories import PositionFactory

    PositionFactory(employer__municipality_id="751", status="open")
    assert "virksomhed.aarhus" in ensure_portal_personas()
    ensure_portal_personas()  # once only
    [sent] = PositionSubmission.objects.all()
    assert sent.specialist and sent.status == "submitted" and sent.occupation == "2611"
    queue = Client()
    queue.force_login(personas["konsulent.aarhus"])
    page = queue.get(reverse("employers:submissions")).content.decode()
    assert sent.title in page
