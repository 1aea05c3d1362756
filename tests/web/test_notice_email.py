"""*Besked på e-mail* (docs/selfservice.md): the citizen's own choice of e-mail notices and the
address, through one write function (lock, version, audit without the address); their own page
only; staff see whether notices are on, not the address; the address is personal data (erased by
anonymisation, in the access request) and never in a URL, a log line or an audit detail."""

from __future__ import annotations

import json
import logging

import pytest
from django.core.exceptions import ObjectDoesNotExist
from django.test import Client
from django.urls import reverse

from fleksjob.accounts.models import Role, User
from fleksjob.audit.models import AuditEvent
from fleksjob.citizens.models import NoticeSetting
from fleksjob.citizens.notices import notice_setting, set_notice_email
from fleksjob.core.errors import InvalidField, StaleVersion, VersionRequired
from fleksjob.core.versions import version_of
from fleksjob.privacy.anonymise import anonymise_citizen
from fleksjob.selfservice.access import link_citizen
from tests.factories import ApprovalFactory

pytestmark = pytest.mark.django_db
ADDRESS = "min.adresse@example.invalid"
URL = "/mit-fleksjob/besked-paa-email/"


def _citizen_login(name: str):
    approval = ApprovalFactory(citizen__municipality_id="350")
    user = User.objects.create_user(name, role=Role.CITIZEN)
    link_citizen(user, approval.citizen)
    return approval.citizen, user


@pytest.fixture
def own():
    return _citizen_login("borger.egen")


def _version(citizen) -> str:
    return version_of(notice_setting(citizen))


def _details(citizen) -> list[str]:
    return list(
        AuditEvent.objects.filter(citizen_id=citizen.pk, action="update")
        .order_by("pk")
        .values_list("detail", flat=True)
    )


def test_the_citizen_chooses_changes_and_turns_off_notices(own):
    citizen, user = own
    assert not notice_setting(citizen).on and reverse("selfservice:notices") == URL
    set_notice_email(user, citizen, f"  {ADDRESS} ", expected_version=_version(citizen))
    assert NoticeSetting.objects.get(citizen=citizen).email == ADDRESS  # trimmed
    # The same address again changes nothing and is not audited again.
    set_notice_email(user, citizen, ADDRESS, expected_version=_version(citizen))
    set_notice_email(user, citizen, "ny@example.invalid", expected_version=_version(citizen))
    assert NoticeSetting.objects.get(citizen=citizen).email == "ny@example.invalid"
    set_notice_email(user, citizen, "", expected_version=_version(citizen))
    setting = NoticeSetting.objects.get(citizen=citizen)
    assert setting.email == "" and not setting.on  # off erases the address
    assert _details(citizen) == [
        "e-mail til beskeder ændret (til)",
        "e-mail til beskeder ændret (til)",
        "e-mail til beskeder ændret (fra)",
    ]
    every_detail = " ".join(AuditEvent.objects.values_list("detail", flat=True))
    assert "example.invalid" not in every_detail


def test_only_the_citizens_own_login_can_make_the_choice(own, personas):
    citizen, _user = own
    other_citizen, other_user = _citizen_login("borger.anden")
    version = _version(citizen)
    for user in (other_user, personas["sagsbehandler.lejre"], personas["admin"]):
        with pytest.raises(ObjectDoesNotExist):
            set_notice_email(user, citizen, ADDRESS, expected_version=version)
    assert not NoticeSetting.objects.exists() and _details(citizen) == []
    assert _details(other_citizen) == []


def test_bad_input_and_stale_versions_write_nothing(own):
    citizen, user = own
    for bad in ("ikke en adresse", "a@b", "x@example.invalid\nBcc: y@example.invalid"):
        with pytest.raises(InvalidField) as refused:
            set_notice_email(user, citizen, bad, expected_version=_version(citizen))
        assert refused.value.field == "email" and bad not in str(refused.value)
    with pytest.raises(InvalidField):
        set_notice_email(user, citizen, "a" * 250 + "@b.dk", expected_version=_version(citizen))
    with pytest.raises(VersionRequired):
        set_notice_email(user, citizen, ADDRESS, expected_version=None)
    before = _version(citizen)
    set_notice_email(user, citizen, ADDRESS, expected_version=before)
    with pytest.raises(StaleVersion):  # the form was drawn before the change
        set_notice_email(user, citizen, "", expected_version=before)
    assert NoticeSetting.objects.get(citizen=citizen).email == ADDRESS
    assert len(_details(citizen)) == 1


def test_the_page_sets_and_stops_notices(own, caplog):
    citizen, user = own
    client = Client()
    client.force_login(user)
    page = client.get(URL)
    assert page.status_code == 200 and "Du får ikke besked på e-mail nu" in page.content.decode()
    assert "no-store" in page.headers["Cache-Control"]
    version = page.context["form"]["version"].value()
    with caplog.at_level(logging.DEBUG):
        saved = client.post(URL, {"email": ADDRESS, "version": version, "action": "save"})
    assert saved.status_code == 302 and saved.url == URL and ADDRESS not in saved.url
    assert ADDRESS not in caplog.text
    assert NoticeSetting.objects.get(citizen=citizen).email == ADDRESS
    shown = client.get(URL)
    html = shown.content.decode()
    assert "Du får besked på e-mail." in html and ADDRESS in html
    # A wrong address and an empty one: 422 with the error at the field, nothing changed.
    version = shown.context["form"]["version"].value()
    for data in ({"email": "forkert"}, {"email": ""}):
        refused = client.post(URL, {**data, "version": version, "action": "save"})
        assert refused.status_code == 422 and 'role="alert"' in refused.content.decode()
    # A form drawn before a change elsewhere: "changed", nothing written.
    stale = client.post(URL, {"email": "", "version": "gammel", "action": "off"})
    assert stale.status_code == 422 and "er ændret" in stale.content.decode()
    assert NoticeSetting.objects.get(citizen=citizen).email == ADDRESS
    off = client.post(URL, {"version": version, "action": "off"})
    assert off.status_code == 302
    assert NoticeSetting.objects.get(citizen=citizen).email == ""


def test_staff_see_whether_notices_are_on_but_not_the_address(own, login):
    citizen, user = own
    set_notice_email(user, citizen, ADDRESS, expected_version=_version(citizen))
    page = login("sagsbehandler.lejre").get(reverse("citizens:detail", args=[citizen.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "borgeren får besked på e-mail" in html
    assert ADDRESS not in html
    other, _ = _citizen_login("borger.uden")
    page = login("sagsbehandler.lejre").get(reverse("citizens:detail", args=[other.pk]))
    assert "borgeren får besked på e-mail" not in page.content.decode()


def test_anonymisation_erases_the_address_and_nothing_is_sent_after(own):
    citizen, user = own
    set_notice_email(user, citizen, ADDRESS, expected_version=_version(citizen))
    assert anonymise_citizen(citizen.pk) is True
    assert NoticeSetting.objects.get(citizen=citizen).email == ""


def test_the_access_request_lists_the_address(own, login):
    citizen, user = own
    set_notice_email(user, citizen, ADDRESS, expected_version=_version(citizen))
    response = login("sagsbehandler.lejre").post(
        reverse("privacy:access_request", args=[citizen.pk]), {"format": "json"}
    )
    data = json.loads(response.content)
    assert [row["email"] for row in data["notice_email"]] == [ADDRESS]
    labels = data["labels"]["notice_email"]
    assert "Besked på e-mail" in json.dumps(labels, ensure_ascii=False)
