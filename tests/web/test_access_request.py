"""Access request (GDPR art. 15): everything held about a citizen, as JSON and a printable page."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from fleksjob.accounts.models import Role, User
from fleksjob.audit.models import AuditEvent
from fleksjob.citizens.models import BenefitSpell, Citizen
from fleksjob.citizens.notices import set_notice_email
from fleksjob.core.versions import version_of
from fleksjob.employment.actions import HireTerms
from fleksjob.followup.actions import agree_plan, record_meeting
from fleksjob.followup.agreement import (
    answer_change,
    propose_activity,
    propose_change,
    set_activity_status,
)
from fleksjob.followup.models import Reminder
from fleksjob.offers.models import ActiveOffer
from fleksjob.placements.actions import move_placement, propose_match
from fleksjob.placements.models import MatchResult, MatchRun
from fleksjob.pools.actions import apply_for_place, decide_application, place_in_pool_job, save_pool
from fleksjob.privacy import registry
from fleksjob.privacy.access_request import sections
from fleksjob.selfservice.access import link_citizen
from fleksjob.selfservice.messaging import reply, start_thread
from fleksjob.surveys.models import SurveyInvitation
from tests.factories import ApprovalFactory, CitizenFactory, PositionFactory

pytestmark = pytest.mark.django_db
CPR = "150570-1234"


def _citizen_data_models() -> set[str]:
    """Models holding a citizen: a foreign key to Citizen, or to a model that does (closure)."""
    found = {"citizens.Citizen"}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            label = model._meta.label
            if label in found:
                continue
            targets = {
                f.related_model._meta.label
                for f in model._meta.concrete_fields
                if f.is_relation and f.related_model is not None
            }
            if targets & found:
                found.add(label)
                changed = True
    return found


def test_every_model_holding_a_citizen_is_exported_or_excluded_with_a_reason():
    covered = {s.model._meta.label for s in sections()}
    excluded = {label: d.why for label, d in registry.declarations().items() if d.section is None}
    missing = _citizen_data_models() - covered - {k for k, why in excluded.items() if why}
    assert not missing, f"give a section, or a reason not to (why=...): {sorted(missing)}"
    # The audit log refers to the citizen by id (not a foreign key); it is exported too.
    assert "audit.AuditEvent" in covered


@pytest.fixture
def citizen(personas):
    user = personas["sagsbehandler.lejre"]
    approval = ApprovalFactory(
        citizen=CitizenFactory(
            cpr=CPR.replace("-", ""),
            consent_share_profile=True,
            consent_recorded_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
        )
    )
    citizen = approval.citizen
    BenefitSpell.objects.create(
        citizen=citizen, approval=approval, start=dt.date(2024, 3, 1), rate_category="kontanthjaelp"
    )
    plan = agree_plan(
        user,
        approval,
        purpose="more_hours",
        cadence_weeks=8,
        agreed_on=dt.date(2026, 1, 5),
        steps=[(dt.date(2026, 6, 1), Decimal(12))],
    )
    Reminder.objects.create(plan=plan, kind="due_soon", due=plan.next_due)
    record_meeting(
        user,
        approval,
        held_on=dt.date(2026, 1, 5),
        kind="jobsamtale",
        channel="phone",
        agreed_text="Aftalt: prøve lager",
        today=dt.date(2026, 1, 6),
    )
    position = PositionFactory(employer__municipality_id="350")
    placement = propose_match(user, citizen, position, on=dt.date(2026, 2, 2))
    for stage in ("presented", "interview"):
        placement = move_placement(user, placement, stage, on=dt.date(2026, 2, 3))
    move_placement(
        user,
        placement,
        "hired",
        on=dt.date(2026, 2, 10),
        hire=HireTerms(dt.date(2026, 3, 1), Decimal(10), Decimal("165.50")),
    )
    run = MatchRun.objects.create(municipality_id="350", status="done")
    MatchResult.objects.create(run=run, citizen=citizen, position=position, rank=1, score=0.8)
    ActiveOffer.objects.create(  # a virksomhedspraktik (the offers app's section)
        citizen=citizen,
        approval=approval,
        kind="practice",
        employer=position.employer,
        start=dt.date(2026, 2, 2),
        planned_end=dt.date(2026, 3, 2),
        weekly_hours=10,
        purpose="Afprøve lagerarbejde",
    )
    manager = User.objects.create_user("leder.lejre", role=Role.MANAGER, municipality_id="350")
    pool = save_pool(manager, name="Pulje", kind="full_wage", annual_cap=10**6, places=2)
    granted = apply_for_place(user, pool, citizen, motivation="Puljejob")
    granted = decide_application(
        personas["visitation.lejre"], granted, approve=True, expected_version=version_of(granted)
    )
    place_in_pool_job(
        user,
        granted,
        workplace="Lejre Kommune",
        weekly_hours=10,
        monthly_cost=20_000,
        start=timezone.localdate(),
    )
    login = User.objects.create_user("borger-adgangsanmodning", role=Role.CITIZEN)
    link_citizen(login, citizen)
    set_notice_email(login, citizen, "borger@example.invalid", expected_version="*")
    # The plan shared with the citizen: a proposal with a note, an agreed activity that moved.
    propose_change(login, approval, kind="cadence", cadence_weeks=4, note="Oftere, tak")
    proposal = propose_activity(
        user,
        approval,
        title="Kursus",
        kind="course",
        starts_on=dt.date(2026, 2, 1),
        owner="citizen",
    )
    answer_change(login, proposal, accept=True, expected_version="*")
    set_activity_status(login, proposal.activity, status="in_progress", expected_version="*")
    thread = start_thread(login, citizen, subject="Kurset", body="Hvornår starter det?")
    reply(user, thread, body="Den 1. februar")
    SurveyInvitation.objects.create(  # a satisfaction survey after a meeting, answered
        municipality_id=citizen.municipality_id,
        survey_id="citizen_after_meeting",
        version=1,
        audience="citizen",
        trigger="meeting_held",
        source_id=1,
        citizen=citizen,
        triggered_on=dt.date(2026, 2, 2),
        sent_on=dt.date(2026, 2, 3),
        open_until=dt.date(2026, 3, 4),
        answered_at=dt.datetime(2026, 2, 5, 9, tzinfo=dt.UTC),
    )
    return citizen


def _export(client, citizen, fmt):
    return client.post(reverse("privacy:access_request", args=[citizen.pk]), {"format": fmt})


def test_json_export_holds_every_section_and_field(login, citizen):
    response = _export(login("sagsbehandler.lejre"), citizen, "json")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment") and CPR[:6] not in disposition
    assert citizen.last_name not in disposition
    data = json.loads(response.content)
    hidden = set()
    for section in sections():
        rows = data[section.key]
        assert rows, f"section {section.key} is empty"
        # Not exported under their own name: the ciphertext (the CPR is, decrypted), the lookup
        # hash, and the other citizens a list showed beside this one (``citizen_ids``).
        own = {f.name for f in section.declared if not f.export or f.export_as}
        hidden |= own
        fields = {f.name for f in section.model._meta.concrete_fields} - own
        assert fields <= set(rows[0]), (section.key, fields - set(rows[0]))
    assert hidden == {"cpr_encrypted", "cpr_hash", "citizen_ids"}
    (profile,) = data["citizen"]
    assert profile["cpr"] == CPR and profile["last_name"] == citizen.last_name
    assert "cpr_hash" not in profile and "cpr_encrypted" not in profile
    assert data["hours_changes"][0]["hours_per_week"] == "10.0"
    assert data["employments"][0]["employer"] == citizen.employments.get().employer.cvr
    assert {t["to_stage"] for t in data["placement_transitions"]} >= {"proposed", "hired"}
    assert data["meetings"][0]["held_by"] == "sagsbehandler.lejre"
    # The export itself is in the access log it contains, and nothing personal is in the audit.
    export = AuditEvent.objects.get(action="export", citizen_id=citizen.pk)
    assert export.detail == "indsigtsanmodning (json)" and CPR[:6] not in export.detail
    assert any(e["action"] == "export" for e in data["access_log"])


def test_printable_page(login, citizen):
    response = _export(login("sagsbehandler.lejre"), citizen, "html")
    assert response.status_code == 200
    body = response.content.decode()
    assert CPR in body and citizen.full_name in body
    assert "Statushistorik" in body and "(revisionslog)" in body
    assert "Kontanthjælpsniveau" in body  # choices are shown with their labels
    assert response["Cache-Control"] == "no-store"


def test_scoping_roles_and_method(login, citizen, personas):
    assert _export(login("sagsbehandler.rudersdal"), citizen, "json").status_code == 404
    assert _export(login("leder.rudersdal"), citizen, "json").status_code == 404
    consultant = User.objects.create_user(
        "konsulent.lejre", role=Role.CONSULTANT, municipality_id="350"
    )
    for user in (consultant, personas["admin"]):
        client = Client()
        client.force_login(user)
        assert _export(client, citizen, "json").status_code == 403
    own = login("sagsbehandler.lejre")
    url = reverse("privacy:access_request", args=[citizen.pk])
    assert own.get(url).status_code == 405
    assert own.post(url, {"format": "xml"}).status_code == 400
    assert not AuditEvent.objects.filter(action="export").exists()
    assert Citizen.objects.filter(pk=citizen.pk).exists()


def test_json_export_labels_every_exported_field_in_danish_and_english(login, citizen):
    data = json.loads(_export(login("sagsbehandler.lejre"), citizen, "json").content)
    for section in sections():
        labels = data["labels"][section.key]
        assert labels["title"]["da"] and labels["title"]["en"]
        declared = {f.export_key for f in section.declared if f.export}
        assert set(labels["fields"]) == declared == set(data[section.key][0])
        for key, pair in labels["fields"].items():
            assert pair["da"].strip() and pair["en"].strip(), (section.key, key)
            # A label is words, not the field's code name.
            assert "_" not in pair["da"] + pair["en"], (section.key, key)
    assert data["labels"]["citizen"]["fields"]["needs_note"]["en"] == "note on accommodation needs"


def test_json_export_names_every_code_it_holds_in_danish_and_english(login, citizen):
    """A person reading the file sees "hired", "extra_breaks": the file says what each means."""
    citizen.needs = ["extra_breaks", "no_heavy_lifting"]
    citizen.save()
    data = json.loads(_export(login("sagsbehandler.lejre"), citizen, "json").content)
    checked = 0
    for section in sections():
        values = data["labels"][section.key]["values"]
        for row in data[section.key]:
            for key, codes in values.items():
                held = row[key] if isinstance(row[key], list) else [row[key]]
                for code in held:
                    if code in (None, ""):
                        continue
                    pair = codes[str(code)]
                    assert pair["da"] and pair["en"] and "_" not in pair["da"], (key, code)
                    checked += 1
    assert checked > 10
    needs = data["labels"]["citizen"]["values"]["needs"]
    assert needs["extra_breaks"] == {"da": "Ekstra pauser", "en": "Extra breaks"}
    assert data["labels"]["placements"]["values"]["stage"]["hired"]["en"]


@pytest.mark.parametrize("language", ["da", "en"])
def test_printable_page_shows_every_label_and_no_raw_codes(login, citizen, language):
    citizen.wishes_sectors = ["health_care"]
    citizen.save()
    response = _export(login("sagsbehandler.lejre"), citizen, "html")
    if language == "en":
        client = login("sagsbehandler.lejre")
        # The request switches the thread's language; the override puts it back afterwards.
        with translation.override(translation.get_language()):
            response = client.post(
                reverse("privacy:access_request", args=[citizen.pk]),
                {"format": "html"},
                HTTP_ACCEPT_LANGUAGE="en",
            )
    body = response.content.decode()
    for section in sections():
        title = getattr(section.heading, f"label_{language}")
        assert title.replace("(", "").split()[0] in body
        for f in section.fields:
            label = getattr(f, f"label_{language}")
            assert f">{label[:1].upper()}{label[1:]}<" in body, (section.key, f.name, label)
    # Keys of choices and vocabularies are shown by their labels.
    for code in ("no_heavy_lifting", "extra_breaks", "health_care", "kontanthjaelp", "more_hours"):
        assert code not in body, code
    assert ("Ingen tunge løft" if language == "da" else "No heavy lifting") in body
    assert ("Sundhed og omsorg" if language == "da" else "Health and care") in body
