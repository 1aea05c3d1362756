"""Every query of personal data is scoped to the user's municipality: others' records are 404."""

import pytest
from django.urls import reverse

from fleksjob.audit.models import AuditEvent
from tests.factories import ApprovalFactory, EmployerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_citizens(personas):
    lejre = ApprovalFactory(citizen__municipality_id="350").citizen
    rudersdal = ApprovalFactory(citizen__municipality_id="230").citizen
    return lejre, rudersdal


def test_login_required_everywhere(client, two_citizens):
    lejre, _ = two_citizens
    for url in [
        reverse("home"),
        reverse("citizens:list"),
        reverse("citizens:detail", args=[lejre.pk]),
        reverse("employers:list"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_caseworker_sees_own_citizen_and_404_for_another_municipality(login, two_citizens):
    lejre, rudersdal = two_citizens
    client = login("sagsbehandler.lejre")
    assert client.get(reverse("citizens:detail", args=[lejre.pk])).status_code == 200
    assert client.get(reverse("citizens:detail", args=[rudersdal.pk])).status_code == 404
    listing = client.get(reverse("citizens:list") + "?owner=all").content.decode()
    assert lejre.last_name in listing
    assert rudersdal.last_name not in listing


def test_other_municipality_persona_gets_the_mirror_image(login, two_citizens):
    lejre, rudersdal = two_citizens
    client = login("leder.rudersdal")
    assert client.get(reverse("citizens:detail", args=[rudersdal.pk])).status_code == 200
    assert client.get(reverse("citizens:detail", args=[lejre.pk])).status_code == 404


def test_employer_pages_are_scoped(login, personas):
    own = EmployerFactory(municipality_id="751")
    other = EmployerFactory(municipality_id="350")
    client = login("konsulent.aarhus")
    assert client.get(reverse("employers:detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("employers:detail", args=[other.pk])).status_code == 404


def test_admin_role_has_no_citizen_access(login, two_citizens):
    lejre, _ = two_citizens
    client = login("admin")
    assert client.get(reverse("citizens:list")).status_code == 403
    assert client.get(reverse("citizens:detail", args=[lejre.pk])).status_code == 403
    assert client.get(reverse("home")).status_code == 200
    # Django's admin does not leak citizen records to the admin persona either.
    assert client.get("/admin/citizens/citizen/").status_code == 403


def test_viewing_a_citizen_is_audited_without_personal_data(login, two_citizens):
    lejre, _ = two_citizens
    client = login("sagsbehandler.lejre")
    client.get(reverse("citizens:detail", args=[lejre.pk]))
    event = AuditEvent.objects.filter(action="view", citizen_id=lejre.pk).get()
    assert event.username == "sagsbehandler.lejre"
    assert event.municipality_code == "350"
    assert lejre.last_name not in event.detail


def test_cpr_lookup_goes_by_post_and_hash(login, two_citizens):
    lejre, rudersdal = two_citizens
    from fleksjob.citizens.actions import reveal_cpr

    client = login("sagsbehandler.lejre")
    own_cpr = reveal_cpr(None, lejre)
    response = client.post(reverse("citizens:lookup"), {"cpr": own_cpr})
    assert response.status_code == 302
    assert response.url == reverse("citizens:detail", args=[lejre.pk])
    assert own_cpr.replace("-", "") not in response.url
    # Another municipality's CPR finds nothing.
    response = client.post(
        reverse("citizens:lookup"), {"cpr": reveal_cpr(None, rudersdal)}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("citizens:list")
    assert "Ingen borger" in response.content.decode()
    # A GET with a CPR is not a lookup route.
    assert client.get(reverse("citizens:lookup"), {"cpr": own_cpr}).status_code == 405


def test_invalid_cpr_gets_a_clear_message(login, personas):
    client = login("sagsbehandler.lejre")
    response = client.post(reverse("citizens:lookup"), {"cpr": "321299-1234"}, follow=True)
    assert "gyldig fødselsdato" in response.content.decode()
