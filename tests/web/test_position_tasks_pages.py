"""The job crafting pages: a position's tasks (add, edit with its version, remove), the guided
"Sammensæt en fleksstilling af opgaver" and the candidates' fit to the tasks."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from fleksjob.core.versions import version_of
from fleksjob.employers.models import Position, PositionTask
from fleksjob.employers.tasks import add_task
from tests.factories import ApprovalFactory, EmployerFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def position(personas):
    return PositionFactory(employer__municipality_id="751", provides=[])


def _urls(position, task=None):
    args = [position.employer_id, position.pk]
    return {
        "detail": reverse("employers:position_detail", args=args),
        "new": reverse("employers:task_new", args=args),
        "edit": task and reverse("employers:task_edit", args=[*args, task.pk]),
        "remove": task and reverse("employers:task_remove", args=[*args, task.pk]),
    }


def test_add_edit_and_remove_a_task_on_the_pages(login, position):
    client = login("konsulent.aarhus")
    urls = _urls(position)
    page = client.get(urls["new"])
    assert page.status_code == 200 and "Ny opgave" in page.content.decode()
    added = client.post(
        urls["new"],
        {"description": "Gennemgang af kontrakter", "hours": "13", "skills": ["law_contracts"]},
    )
    assert added.status_code == 302 and added.url == urls["detail"]
    task = PositionTask.objects.get()
    shown = client.get(urls["detail"]).content.decode()
    assert "Gennemgang af kontrakter" in shown and "Jura og kontrakter" in shown
    assert "1 opgave, 13 timer pr. uge i alt." in shown
    urls = _urls(position, task)
    old = version_of(task)
    changed = client.post(
        urls["edit"],
        {"description": "Kontrakter", "hours": "12", "skills": ["writing"], "version": old},
    )
    assert changed.status_code == 302
    stale = client.post(
        urls["edit"], {"description": "Andet", "hours": "3", "skills": [], "version": old}
    )
    assert stale.status_code == 422 and PositionTask.objects.get().description == "Kontrakter"
    assert client.post(urls["remove"], {"version": old}).status_code == 302
    assert PositionTask.objects.exists()  # a stale removal removes nothing
    fresh = version_of(PositionTask.objects.get())
    assert client.post(urls["remove"], {"version": fresh}).status_code == 302
    assert not PositionTask.objects.exists()


def test_refusals_are_shown_at_the_field(login, personas, position):
    client = login("konsulent.aarhus")
    url = _urls(position)["new"]
    for data in (
        {"description": "", "hours": "3"},
        {"description": "X", "hours": "0"},
        {"description": "X", "hours": "3", "occupation": "0000"},
        {"description": "X", "hours": "3", "skills": ["nope"]},
        {"description": "X", "hours": "40"},
    ):
        response = client.post(url, data)
        assert response.status_code == 422, data
        assert "Opgaven er ikke gemt" in response.content.decode()
    add_task(personas["konsulent.aarhus"], position, description="Stor opgave", hours="30")
    over = client.post(url, {"description": "X", "hours": "8"})
    assert over.status_code == 422 and "højst være 37 timer" in over.content.decode()
    assert PositionTask.objects.count() == 1


def test_the_guided_assembly(login, personas):
    employer = EmployerFactory(municipality_id="751")
    client = login("konsulent.aarhus")
    url = reverse("employers:assemble", args=[employer.pk])
    page = client.get(url).content.decode()
    assert "Sammensæt en fleksstilling af opgaver" in page and "13 timer om ugen" in page
    data = {
        "position-title": "Jurist i fleksjob",
        "position-occupation": "2611",
        "position-openings": "1",
        "position-provides": ["extra_breaks"],
        "tasks-TOTAL_FORMS": "4",
        "tasks-INITIAL_FORMS": "0",
        "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "30",
        "tasks-0-description": "Gennemgang af kontrakter",
        "tasks-0-hours": "13",
        "tasks-0-skills": ["law_contracts"],
        "tasks-2-description": "Journalisering",
        "tasks-2-hours": "2",
        "tasks-2-skills": ["filing_archive"],
    }
    made = client.post(url, data)
    assert made.status_code == 302, made.content.decode()[:2000]
    position = Position.objects.get()
    assert made.url == reverse("employers:position_detail", args=[employer.pk, position.pk])
    assert (position.hours_min, position.hours_max, position.split_off) == (2, 15, True)
    assert list(position.tasks.values_list("description", flat=True)) == [
        "Gennemgang af kontrakter",
        "Journalisering",
    ]
    empty = {k: v for k, v in data.items() if not k.startswith(("tasks-0-", "tasks-2-"))}
    none = client.post(url, empty)
    assert none.status_code == 422 and "vælg mindst én opgave" in none.content.decode()
    half = client.post(url, {**data, "tasks-0-hours": ""})  # a row begun but not finished
    assert half.status_code == 422 and "Opgave 1, timer pr. uge" in half.content.decode()
    over = client.post(url, {**data, "tasks-0-hours": "36"})
    assert over.status_code == 422 and "højst være 37 timer" in over.content.decode()
    assert Position.objects.count() == 1
    assert login("sagsbehandler.lejre").get(url).status_code == 404


def test_candidates_show_their_fit_to_the_tasks(login, personas):
    employer = EmployerFactory(municipality_id="350")
    position = PositionFactory(
        employer=employer, occupation="2611", hours_min=4, hours_max=19, provides=[]
    )
    user = personas["sagsbehandler.lejre"]
    add_task(user, position, description="Kontrakter", hours="13", skills=["law_contracts"])
    add_task(user, position, description="Løn", hours="6", skills=["payroll_hr"])
    approval = ApprovalFactory(
        citizen__municipality_id="350",
        citizen__consent_share_profile=True,
        citizen__consent_recorded_at=timezone.now(),
        citizen__occupations=["2611"],
        citizen__competences=["law_contracts"],
        citizen__needs=[],
        citizen__hours_min=5,
        citizen__hours_capacity=14,
        citizen__max_commute_km=25,
    )
    page = login("sagsbehandler.lejre").get(_urls(position)["detail"]).content.decode()
    assert "Dækker 1 af 2 opgavers kompetencer (1 af 2 kompetencer)" in page
    assert "Kan tage 1 opgave på 13 timer pr. uge: Kontrakter" in page
    english = login("sagsbehandler.lejre")
    english.cookies["django_language"] = "en"
    shown = english.get(_urls(position)["detail"]).content.decode()
    assert "Covers the competences of 1 of 2 tasks" in shown
    assert "Can take 1 task of 13 hours a week: Kontrakter" in shown
    # The citizen's own page shows the competences the tasks are matched against, and the
    # recommended position shaped around the citizen: the tasks they can take in their hours.
    profile = english.get(reverse("citizens:detail", args=[approval.citizen_id])).content.decode()
    assert "Competences (for tasks)" in profile and "Law and contracts" in profile
    assert "can be shaped around the citizen: 1 task of 13 hours a week: Kontrakter" in profile
    danish = login("sagsbehandler.lejre").get(
        reverse("citizens:detail", args=[approval.citizen_id])
    )
    assert "Stillingen kan formes efter borgeren: 1 opgave på 13 timer pr. uge: Kontrakter" in (
        danish.content.decode()
    )


def test_a_refusal_the_form_cannot_place_is_shown_above_it(monkeypatch, login, personas):
    """A write function's ValidationError on a field the form lacks (``tasks.0.hours``) is a
    422 with the message above the fields, never a 500."""
    from django.core.exceptions import ValidationError

    from fleksjob.employers import views

    def refuse(*args, **kwargs):
        raise ValidationError({"tasks.0.hours": ["skal være over 0 og højst 37 timer"]})

    monkeypatch.setattr(views, "assemble_position", refuse)
    employer = EmployerFactory(municipality_id="751")
    response = login("konsulent.aarhus").post(
        reverse("employers:assemble", args=[employer.pk]),
        {
            "position-title": "Jurist",
            "position-occupation": "2611",
            "position-openings": "1",
            "tasks-TOTAL_FORMS": "1",
            "tasks-INITIAL_FORMS": "0",
            "tasks-MIN_NUM_FORMS": "0",
            "tasks-MAX_NUM_FORMS": "30",
            "tasks-0-description": "Kontrakter",
            "tasks-0-hours": "13",
        },
    )
    assert response.status_code == 422
    assert "skal være over 0 og højst 37 timer" in response.content.decode()


def test_a_broken_formset_is_a_422_not_a_500(login, personas):
    employer = EmployerFactory(municipality_id="751")
    url = reverse("employers:assemble", args=[employer.pk])
    for management in ({"tasks-TOTAL_FORMS": "x"}, {"tasks-TOTAL_FORMS": "99999"}, {}):
        response = login("konsulent.aarhus").post(
            url, {"position-title": "Jurist", "position-occupation": "2611", **management}
        )
        assert response.status_code == 422, management
