"""Arbejdsmarkedsbalancen: the import (all or nothing, audited) and a citizen's retraining
options from the stored balance and the municipality's positions."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from fleksjob.audit.models import AuditEvent
from fleksjob.placements.models import OccupationProspect, ProspectImport
from fleksjob.placements.prospects import retraining_for
from tests.factories import CitizenFactory, PositionFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data" / "balance"


@pytest.mark.parametrize(
    "name", ["balance_semikolon.csv", "balance_komma_cp1252.csv", "balance.xlsx"]
)
def test_import_replaces_the_balance_and_is_audited(name, capsys):
    call_command("import_prospects", str(DATA / name))
    assert "importerede 10 rækker i 3 RAR-områder" in capsys.readouterr().out
    call_command("import_prospects", str(DATA / name))
    assert ProspectImport.objects.count() == 1 and OccupationProspect.objects.count() == 10
    assert OccupationProspect.objects.filter(shortage=True).count() == 4
    assert AuditEvent.objects.filter(object_type="ProspectImport", action="create").count() == 2


def test_dry_run_writes_nothing(capsys):
    call_command("import_prospects", "--dry-run", str(DATA / "balance.xlsx"))
    assert "er i orden" in capsys.readouterr().out
    assert not ProspectImport.objects.exists()


def test_a_bad_file_keeps_the_stored_balance(tmp_path):
    call_command("import_prospects", str(DATA / "balance_semikolon.csv"))
    bad = tmp_path / "balance.csv"
    bad.write_text("DISCO-08;Område;Jobmuligheder\n5120;Fyn;Gode\n5120;Atlantis;Gode\n")
    with pytest.raises(CommandError) as error:
        call_command("import_prospects", str(bad))
    assert "balance.csv, række 3, kolonne 'Område'" in str(error.value)
    assert OccupationProspect.objects.count() == 10
    with pytest.raises(CommandError, match="findes ikke"):
        call_command("import_prospects", str(tmp_path / "nope.csv"))


def test_retraining_options_for_a_citizen_in_hovedstaden():
    # København (101) lies in RAR Hovedstaden; the citizen is a home carer (5322) and an
    # office clerk (4110) who needs extra breaks.
    citizen = CitizenFactory(
        municipality_id="101", occupations=["5322", "4110"], needs=["extra_breaks"]
    )
    assert retraining_for(citizen).batch is None
    call_command("import_prospects", str(DATA / "balance_semikolon.csv"))
    # Two open positions as data entry clerks (4132) in København, neither with extra breaks:
    # that occupation is left out. Secretaries (4120): one of two positions fits.
    for provides in ([], ["quiet_environment"]):
        PositionFactory(employer__municipality_id="101", occupation="4132", provides=provides)
    PositionFactory(employer__municipality_id="101", occupation="4120", provides=[])
    PositionFactory(employer__municipality_id="101", occupation="4120")
    PositionFactory(employer__municipality_id="147", occupation="4132")  # Frederiksberg
    found = retraining_for(citizen)
    assert found.area == "Hovedstaden"
    got = [
        (o.occupation, o.shared, o.category, o.positions.total, o.positions.fitting)
        for o in found.options
    ]
    # 5321 (same minor group as 5322, shortage), 4120 (same sub-major as 4110, good);
    # 5322 is the citizen's own, 4110 has less good prospects, 2221 is not near.
    assert got == [("5321", 3, "shortage", 0, 0), ("4120", 2, "good", 2, 1)]
    assert found.titles["5321"] == ["Social- og sundhedsassistent"]
    # Elsewhere (Lejre, RAR Sjælland) the balance has nothing near.
    assert retraining_for(CitizenFactory(occupations=["5322"])).options[0].occupation == "5321"
    assert retraining_for(CitizenFactory(occupations=["9112"])).options == []


def _pages_citizen():
    from tests.factories import ApprovalFactory

    # Lejre (350) lies in RAR Sjælland, where the fixture has 5321 (good) and 5120 (shortage).
    case = ApprovalFactory(
        citizen__municipality_id="350",
        citizen__occupations=["5322", "5131"],
        citizen__needs=["extra_breaks"],
    )
    return case.citizen


def test_the_caseworker_page_shows_retraining_options_only_after_an_import(login):
    from django.urls import reverse

    citizen = _pages_citizen()
    client = login("sagsbehandler.lejre")
    url = reverse("citizens:detail", args=[citizen.pk])
    html = client.get(url).content.decode()
    assert 'data-testid="retraining"' in html
    assert "Arbejdsmarkedsbalancen er ikke indlæst" in html
    call_command("import_prospects", str(DATA / "balance_semikolon.csv"))
    PositionFactory(employer__municipality_id="350", occupation="5120")  # provides extra breaks
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Omskoling: fag med gode jobmuligheder i nærheden" in html
    assert "RAR-område Sjælland" in html and "2. halvår 2026" in html
    # 5321 (same minor group as 5322) first, then 5120 (same sub-major group as 5131).
    assert html.index("5321 <span") < html.index("5120 <span")
    assert "Social- og sundhedsassistent" in html and "Mangel på arbejdskraft" in html
    assert "1 af 1 åbne stillinger i kommunen opfylder skånehensynene" in html
    # The recommendation of the 5120 position carries the balance's flag.
    assert 'data-testid="good-prospects"' in html
    # Another municipality's caseworker does not see the citizen at all.
    assert login("sagsbehandler.rudersdal").get(url).status_code == 404


def test_the_citizen_sees_retraining_options_in_plain_words(login):
    from django.test import Client
    from django.urls import reverse

    from fleksjob.accounts.models import Role, User
    from fleksjob.selfservice.access import link_citizen

    citizen = _pages_citizen()
    user = User.objects.create_user("borger.omskoling", role=Role.CITIZEN)
    link_citizen(user, citizen)
    client = Client()
    client.force_login(user)
    html = client.get(reverse("selfservice:home")).content.decode()
    assert "Vi har ikke tal for, hvilke fag der mangler folk" in html
    call_command("import_prospects", str(DATA / "balance.xlsx"))
    html = client.get(reverse("selfservice:home")).content.decode()
    assert 'data-testid="my-retraining"' in html
    assert "Social- og sundhedsassistent" in html and "Kok" in html
    assert "Der mangler folk i dit område" in html
    assert "ISCO" not in html.split('data-testid="my-retraining"')[1].split("</section>")[0]


def test_the_demo_seeds_a_constructed_balance_once():
    from fleksjob.demo.prospects import ensure_demo_balance
    from fleksjob.reference import RAR_AREAS

    stored = ensure_demo_balance()
    assert stored == OccupationProspect.objects.count() and stored % len(RAR_AREAS) == 0
    assert ensure_demo_balance() == 0  # safe to re-run
    assert set(OccupationProspect.objects.values_list("area", flat=True)) == set(RAR_AREAS)
    good = OccupationProspect.objects.exclude(category="less_good").count()
    assert 0.2 < good / stored < 0.6
    # A home carer in Lejre gets options from it.
    assert retraining_for(CitizenFactory(occupations=["5322"])).options
