"""Case transfer between municipalities (kommuneskift): Lejre requests the case of a citizen who
moved from Rudersdal; Rudersdal releases or refuses, or the deadline run releases it. The whole
history moves, Rudersdal keeps no access, the refusion clock continues, and until a release the
requester sees "pending" whatever happened (docs/case-transfer.md)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fleksjob.accounts.models import ApiToken, Role, User
from fleksjob.audit.models import AuditEvent
from fleksjob.citizens.actions import pause_case
from fleksjob.citizens.casefacts import legal_deadlines
from fleksjob.citizens.consent import given_items
from fleksjob.citizens.models import Approval, BenefitSpell, CaseDecision, Citizen, NoticeSetting
from fleksjob.citizens.protection import protector
from fleksjob.core.casework.consent import ITEMS
from fleksjob.core.casework.transfer import TransferError
from fleksjob.core.rules import cpr as cpr_rules
from fleksjob.economics.budget import municipal_budget
from fleksjob.employment.actions import HireTerms
from fleksjob.employment.models import Employment, HoursChange
from fleksjob.followup.actions import agree_plan, record_meeting
from fleksjob.placements.actions import move_placement, propose_match
from fleksjob.placements.models import MatchResult, MatchRun, Placement
from fleksjob.transfers.actions import (
    MOVED_NOTE,
    SYSTEM_TRANSFER,
    refuse_transfer,
    release_transfer,
)
from fleksjob.transfers.models import CaseTransfer, CaseTransferAnswer
from tests.factories import ApprovalFactory, CitizenFactory, PositionFactory
from tests.oracle import normal
from tests.web.imports import finish_import

pytestmark = pytest.mark.django_db

BIRTH = dt.date(1979, 4, 12)
CPR = cpr_rules.build(BIRTH, 123, "F")  # the Rudersdal citizen who moved to Lejre
NOBODY = cpr_rules.build(BIRTH, 321, "F")  # same birth date and sex; never registered
REFUSAL = "borgeren er ikke flyttet"


@pytest.fixture
def moved(personas) -> Citizen:
    """A Rudersdal citizen with a whole history: ledighedsydelse, a fleksjob found through a
    match proposal with rising hours, a follow-up plan, a meeting, an open proposal and a
    batch-run result."""
    rudersdal = personas["sagsbehandler.rudersdal"]
    citizen = CitizenFactory(
        cpr=CPR,
        municipality_id="230",
        first_name="Flyttebine",
        last_name="Kommuneskifte",
        consent_share_profile=True,
        consent_recorded_at=dt.datetime(2023, 5, 1, tzinfo=dt.UTC),
    )
    approval = ApprovalFactory(
        citizen=citizen, visitation_date=dt.date(2023, 5, 1), status_since=dt.date(2023, 5, 1)
    )
    BenefitSpell.objects.create(
        citizen=citizen, approval=approval, start=dt.date(2023, 5, 1), rate_category="dagpenge_89"
    )
    job = PositionFactory(employer__municipality_id="230")
    placement = propose_match(rudersdal, citizen, job, on=dt.date(2024, 1, 5))
    placement = move_placement(rudersdal, placement, "presented", on=dt.date(2024, 1, 8))
    move_placement(
        rudersdal,
        placement,
        "hired",
        on=dt.date(2024, 1, 20),
        hire=HireTerms(dt.date(2024, 2, 1), Decimal(10), Decimal("180.00")),
    )
    employment = Employment.objects.get(citizen=citizen)
    HoursChange.objects.create(
        employment=employment, valid_from=dt.date(2024, 9, 1), hours_per_week=Decimal(14)
    )
    approval.refresh_from_db()
    agree_plan(
        rudersdal,
        approval,
        purpose="more_hours",
        cadence_weeks=8,
        agreed_on=dt.date(2025, 1, 6),
        steps=[(dt.date(2025, 6, 2), Decimal(16))],
    )
    record_meeting(
        rudersdal,
        approval,
        held_on=dt.date(2025, 3, 3),
        kind="follow_up",
        channel="phone",
        today=dt.date(2025, 3, 3),
    )
    other_job = PositionFactory(employer__municipality_id="230")
    propose_match(rudersdal, citizen, other_job, on=dt.date(2025, 4, 1))  # left open
    run = MatchRun.objects.create(
        municipality_id="230",
        status="done",
        finished_at=dt.datetime(2025, 4, 2, tzinfo=dt.UTC),
        stats={"exposure": {"gini": 0.1}, "assignment": {"by_waiting_time": []}},
    )
    MatchResult.objects.create(
        run=run, citizen=citizen, position=other_job, rank=1, score=0.7, assigned=True
    )
    return citizen


def _history(citizen: Citizen) -> dict:
    """Everything tied to the citizen that must arrive unchanged (dates and figures), each list
    sorted: the queries leave their order to the database."""
    facts = {
        "approvals": Approval.objects.filter(citizen=citizen).values_list(
            "visitation_date", "status", "status_since", "first_fleksjob_start"
        ),
        "transitions": Approval.objects.filter(citizen=citizen).values_list(
            "transitions__to_status", "transitions__on"
        ),
        "spells": citizen.benefit_spells.values_list("start", "end", "rate_category"),
        "employments": citizen.employments.values_list("start", "end", "hourly_wage"),
        "hours": HoursChange.objects.filter(employment__citizen=citizen).values_list(
            "valid_from", "hours_per_week"
        ),
        "plans": citizen.followup_plans.values_list("agreed_on", "active"),
        "steps": citizen.followup_plans.values_list("hours_steps__target_date"),
        "meetings": citizen.meetings.values_list("held_on", "kind"),
        # Proposals keep their position; an open one is closed by the move (checked apart).
        "placements": citizen.placements.values_list("position_id", flat=True),
    }
    return {name: sorted(rows, key=repr) for name, rows in facts.items()}


def _request(client: Client, cpr: str = CPR) -> CaseTransfer:
    response = client.post(reverse("transfers:request"), {"cpr": cpr})
    assert response.status_code == 302, response.status_code
    return CaseTransfer.objects.get(pk=re.search(r"/(\d+)/$", response["Location"])[1])


def _api(user: User):
    token = ApiToken.issue(user)[1]

    def call(method: str, path: str, body: dict | None = None):
        kwargs = {"content_type": "application/json", "data": json.dumps(body or {})}
        return getattr(Client(), method)(
            f"/api/v1/{path}",
            headers={"Authorization": f"Bearer {token}"},
            **(kwargs if method == "post" else {}),
        )

    return call


def _settle(as_of: dt.date, *extra: str) -> str:
    out = io.StringIO()
    call_command("release_case_transfers", "--as-of", as_of.isoformat(), *extra, stdout=out)
    return out.getvalue()


def test_release_moves_the_whole_case_and_the_sender_keeps_no_access(moved, login, personas):
    before = _history(moved)
    lejre = login("sagsbehandler.lejre")
    transfer = _request(lejre)
    page = lejre.get(reverse("transfers:detail", args=[transfer.pk])).content.decode()
    assert "Anmodningen er registreret." in page and "Afventer" in page

    # Any caseworker or manager in Rudersdal sees the request, with who asked, and a count.
    for username in ("leder.rudersdal", "sagsbehandler.rudersdal"):
        rudersdal = login(username)
        home = rudersdal.get(reverse("home")).content.decode()
        assert "1 anmodning om overflytning af en sag venter på jeres svar" in home
        listing = rudersdal.get(reverse("transfers:list")).content.decode()
        assert moved.full_name in listing and "Lejre" in listing

    leder = login("leder.rudersdal")
    job = moved.placements.get(stage="hired").position

    def rudersdal_pages(client: Client) -> list:
        return [
            client.get(reverse("citizens:list")),
            client.get(reverse("placements:list") + "?stage=all"),
            client.get(reverse("placements:runs")),
            client.get(reverse("employers:position_detail", args=[job.employer_id, job.pk])),
        ]

    for response in rudersdal_pages(leder):  # where the citizen shows before the move
        assert moved.last_name in response.content.decode(), response.request["PATH_INFO"]
    released = leder.post(reverse("transfers:release", args=[transfer.pk]))
    assert released.status_code == 302

    moved.refresh_from_db()
    assert moved.municipality_id == "350"
    assert _history(moved) == before  # every date and figure arrives as it was
    open_one = moved.placements.exclude(stage="hired").get()
    assert open_one.stage == "not_hired" and open_one.transitions.last().note == MOVED_NOTE
    assert not MatchResult.objects.filter(citizen=moved).exists()  # Rudersdal's run results

    # Rudersdal: nothing left, anywhere.
    for username in ("leder.rudersdal", "sagsbehandler.rudersdal"):
        rudersdal = login(username)
        for name in ("citizens:detail", "citizens:edit", "followup:plan"):
            assert rudersdal.get(reverse(name, args=[moved.pk])).status_code == 404
        export = reverse("privacy:access_request", args=[moved.pk])
        assert rudersdal.post(export, {"format": "json"}).status_code == 404
        for response in [*rudersdal_pages(rudersdal), rudersdal.get(reverse("home"))]:
            assert response.status_code == 200
            assert moved.last_name not in response.content.decode()
        found = rudersdal.post(reverse("citizens:lookup"), {"cpr": CPR}, follow=True)
        assert "Ingen borger i din kommune har dette CPR-nummer." in found.content.decode()
    api = _api(personas["leder.rudersdal"])
    assert all(c["id"] != moved.pk for c in api("get", "citizens/?page_size=500").json()["items"])
    assert api("get", f"citizens/{moved.pk}").status_code == 404
    assert api("get", f"case-transfers/{transfer.pk}").json()["status"] == "released"

    # Lejre: the case with all its history, and the request reads "transferred".
    page = lejre.get(reverse("citizens:detail", args=[moved.pk]))
    assert page.status_code == 200 and moved.last_name in page.content.decode()
    mine = _api(personas["sagsbehandler.lejre"])
    got = mine("get", f"case-transfers/{transfer.pk}").json()
    assert (got["status"], got["citizen"], got["direction"]) == (
        "transferred",
        moved.pk,
        "outgoing",
    )
    assert len(mine("get", f"citizens/{moved.pk}/employments").json()["items"]) == 1
    assert "Overført" in lejre.get(reverse("transfers:list")).content.decode()

    # The move is audited on both sides: who asked, who released, when.
    sent = AuditEvent.objects.get(municipality_code="230", detail__startswith="sag overført")
    came = AuditEvent.objects.get(municipality_code="350", detail__startswith="sag modtaget")
    assert sent.citizen_id == came.citizen_id == moved.pk
    for event in (sent, came):
        assert event.username == "leder.rudersdal"
        assert "anmodet af sagsbehandler.lejre" in event.detail
        assert "frigivet af leder.rudersdal" in event.detail
        assert CPR[:6] not in event.detail
    assert "Lejre" in sent.detail and "Rudersdal" in came.detail


def test_a_refusal_reads_pending_until_the_deadline_like_a_request_for_no_one(moved, login):
    lejre = login("sagsbehandler.lejre")
    refused, unmatched = _request(lejre, CPR), _request(lejre, NOBODY)

    rudersdal = login("sagsbehandler.rudersdal")
    listing = rudersdal.get(reverse("transfers:list"))
    assert [row.transfer.pk for row in listing.context["waiting"]] == [refused.pk]
    assert rudersdal.get(reverse("transfers:detail", args=[unmatched.pk])).status_code == 404
    response = rudersdal.post(reverse("transfers:refuse", args=[refused.pk]), {"reason": REFUSAL})
    assert response.status_code == 302

    lejre.get(reverse("home"))  # shows (and so clears) the confirmations of the two requests

    def as_requester() -> list:
        seen = []
        for transfer in (refused, unmatched):
            page = lejre.get(reverse("transfers:detail", args=[transfer.pk])).content.decode()
            page = normal(page)
            got = _api(User.objects.get(username="sagsbehandler.lejre"))(
                "get", f"case-transfers/{transfer.pk}"
            ).json()
            seen.append((page, {k: v for k, v in got.items() if k not in ("id", "requested_at")}))
        assert seen[0] == seen[1]  # the refusal does not show
        return seen[0]

    page, api = as_requester()
    assert api["status"] == "pending" and "Afventer" in page and REFUSAL not in page
    assert "afsluttet 0 anmodninger" in _settle(refused.release_by - dt.timedelta(days=1))
    page, api = as_requester()
    assert api["status"] == "pending"

    output = _settle(refused.release_by)
    assert "afsluttet 2 anmodninger" in output and "ingen sag overført 2" in output
    page, api = as_requester()
    assert api["status"] == "none" and "Ingen sag overført" in page
    moved.refresh_from_db()
    assert moved.municipality_id == "230"
    answered = rudersdal.get(reverse("transfers:list")).content.decode()
    assert "Afvist" in answered
    detail = rudersdal.get(reverse("transfers:detail", args=[refused.pk])).content.decode()
    assert REFUSAL in detail
    # Nobody but Lejre ever saw the request that matched no one.
    aarhus = User.objects.create_user(
        "sagsbehandler.aarhus", role=Role.CASEWORKER, municipality_id="751"
    )
    for user in (User.objects.get(username="leder.rudersdal"), aarhus):
        items = _api(user)("get", "case-transfers/").json()["items"]
        assert unmatched.pk not in [item["id"] for item in items]


def test_the_deadline_run_releases_what_was_not_answered(moved, personas):
    created = _api(personas["sagsbehandler.lejre"])("post", "case-transfers/", {"cpr": CPR})
    assert created.status_code == 201
    transfer = CaseTransfer.objects.get(pk=created.json()["id"])
    assert created.json()["message"].startswith("Anmodningen er registreret.")

    early = _settle(transfer.release_by - dt.timedelta(days=1))
    assert "afsluttet 0 anmodninger" in early and "forfaldne i alt 0" in early
    dry = _settle(transfer.release_by, "--dry-run")
    assert "ville afslutte 1 anmodninger; sager frigivet automatisk 1; overført 1" in dry
    moved.refresh_from_db()
    assert moved.municipality_id == "230"

    done = _settle(transfer.release_by + dt.timedelta(days=3))
    assert "afsluttet 1 anmodninger; sager frigivet automatisk 1; overført 1" in done
    for text in (early, dry, done):  # counts only
        assert moved.last_name not in text and CPR[:6] not in text
    moved.refresh_from_db()
    transfer.refresh_from_db()
    assert moved.municipality_id == "350"
    assert transfer.status == "transferred" and transfer.closed_at is not None
    answer = transfer.answers.get()
    assert (answer.municipality_id, answer.answer, answer.answered_by) == ("230", "released", None)
    sent = AuditEvent.objects.get(municipality_code="230", detail__startswith="sag overført")
    assert sent.username == SYSTEM_TRANSFER and "automatisk ved fristen" in sent.detail
    # Idempotent: a second run finds nothing to do and changes nothing.
    assert "afsluttet 0 anmodninger" in _settle(transfer.release_by + dt.timedelta(days=3))
    assert CaseTransferAnswer.objects.count() == 1
    with pytest.raises(CommandError) as refused:
        call_command("release_case_transfers", "--limit", "0")
    assert refused.value.returncode == 2


def _import_local(client: Client) -> Citizen:
    header = (
        "cpr;fornavn;efternavn;visitationsdato;uddannelse;mål;timer_mindst;timer_nu;timer_mål;"
        "breddegrad;længdegrad"
    )
    row = f"{CPR};Lokal;Tilflytter;03-02-2025;bachelor;retention;3;6;10;55,6;11,9"
    upload = SimpleUploadedFile("borgere.csv", f"{header}\n{row}\n".encode())
    response = client.post(
        reverse("exchange:import"), {"kind": "citizens", "file": upload, "action": "import"}
    )
    assert finish_import(response).status == "done"
    return Citizen.objects.get(municipality_id="350", first_name="Lokal")


def test_release_into_a_record_the_receiver_already_holds_merges(moved, login, personas):
    before = _history(moved)
    lejre = login("sagsbehandler.lejre")
    local = _import_local(lejre)
    assert local.approvals.get().visitation_date == dt.date(2025, 2, 3)
    transfer = _request(lejre)
    rudersdal = _api(personas["leder.rudersdal"])
    assert rudersdal("post", f"case-transfers/{transfer.pk}/release").status_code == 200

    assert not Citizen.objects.filter(pk=moved.pk).exists()
    local.refresh_from_db()
    # The local profile wins; the moved case (and its dates) replaces the local stand-in case.
    assert (local.first_name, local.education, local.hours_capacity) == ("Lokal", "bachelor", 6)
    assert _history(local) == before
    assert local.merged_from == [moved.pk]
    # The moved record's consent history comes along; the single consent follows it.
    assert given_items(local) == frozenset(ITEMS) and local.consent_share_profile
    got = _api(personas["sagsbehandler.lejre"])("get", f"case-transfers/{transfer.pk}").json()
    assert (got["status"], got["citizen"]) == ("transferred", local.pk)
    assert AuditEvent.objects.filter(
        municipality_code="230", citizen_id=moved.pk, detail__startswith="sag overført"
    ).exists()
    assert AuditEvent.objects.filter(
        municipality_code="350", citizen_id=local.pk, detail__startswith="sag modtaget"
    ).exists()
    # An access request for the merged record follows the old record's audit trail.
    export = lejre.post(reverse("privacy:access_request", args=[local.pk]), {"format": "json"})
    log = json.loads(export.content)["access_log"]
    assert {e["citizen_id"] for e in log} == {local.pk, moved.pk}
    assert lejre.get(reverse("citizens:detail", args=[local.pk])).status_code == 200


@pytest.mark.parametrize("merge", [False, True], ids=["move", "merge"])
def test_refusion_and_deadlines_continue_unchanged(moved, login, personas, merge):
    today = dt.date(2025, 12, 31)

    def figures(code: str, citizen: Citizen) -> tuple:
        result, people = municipal_budget(code, 2025, today)
        approval = Approval.objects.active().get(citizen=citizen)
        spell = citizen.benefit_spells.filter(end__isnull=True).first()
        deadlines = legal_deadlines(approval, spell.start if spell else None, today)
        return people, result.totals(), result.monthly_totals(), deadlines

    before = figures("230", moved)
    assert before[0] == 1 and before[1]["refusion"] > 0
    lejre = login("sagsbehandler.lejre")
    local = _import_local(lejre) if merge else None
    transfer = _request(lejre)
    release_transfer(personas["leder.rudersdal"], transfer)
    arrived = local if merge else Citizen.objects.get(pk=moved.pk)
    assert figures("350", arrived) == before
    assert municipal_budget("230", 2025, today)[1] == 0


def test_the_loser_of_a_race_gets_409_and_nothing_half_written(moved, login, personas):
    lejre = login("sagsbehandler.lejre")
    first = _request(lejre)
    leder, caseworker = personas["leder.rudersdal"], personas["sagsbehandler.rudersdal"]
    # Both Rudersdal users opened the request before either answered (a stale read each).
    seen_by_leder = CaseTransfer.objects.incoming(leder).get()
    seen_by_caseworker = CaseTransfer.objects.incoming(caseworker).get()
    release_transfer(leder, seen_by_leder)
    with pytest.raises(TransferError):
        refuse_transfer(caseworker, seen_by_caseworker, reason=REFUSAL)
    with pytest.raises(TransferError):
        release_transfer(caseworker, seen_by_caseworker)
    assert first.answers.count() == 1
    assert Citizen.objects.get(pk=moved.pk).municipality_id == "350"

    # The same through the API and the pages: the second answer is a 409.
    api = _api(caseworker)
    assert api("post", f"case-transfers/{first.pk}/release").status_code == 409
    again = api("post", f"case-transfers/{first.pk}/refuse", {"reason": REFUSAL})
    assert again.status_code == 409 and set(again.json()) == {"detail", "errors"}

    second = CitizenFactory(municipality_id="230")
    other = _request(lejre, _cpr_of(second))
    rudersdal = login("sagsbehandler.rudersdal")
    assert (
        rudersdal.post(reverse("transfers:refuse", args=[other.pk]), {"reason": REFUSAL})
    ).status_code == 302
    page = login("leder.rudersdal").post(reverse("transfers:release", args=[other.pk]))
    assert page.status_code == 409 and "allerede besvaret" in page.content.decode()
    assert Citizen.objects.get(pk=second.pk).municipality_id == "230"
    assert other.answers.get().answer == "refused"

    # After the deadline run nobody can answer any more.
    _settle(other.release_by)
    assert api("post", f"case-transfers/{other.pk}/refuse", {"reason": REFUSAL}).status_code == 409


def _cpr_of(citizen: Citizen) -> str:
    return protector().decrypt(citizen.cpr_encrypted)


def test_requests_are_checked_and_never_echo_the_number(login, personas):
    lejre = login("sagsbehandler.lejre")
    bad = lejre.post(reverse("transfers:request"), {"cpr": "310275-1234"})
    assert bad.status_code == 422 and "310275" not in bad.content.decode()
    _request(lejre, NOBODY)
    twice = lejre.post(reverse("transfers:request"), {"cpr": NOBODY})
    assert twice.status_code == 422 and "allerede en åben anmodning" in twice.content.decode()
    api = _api(personas["sagsbehandler.lejre"])
    response = api("post", "case-transfers/", {"cpr": "31027512345"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "cpr"
    assert "310275" not in response.content.decode()
    assert api("post", "case-transfers/", {"cpr": NOBODY}).status_code == 409
    stored = CaseTransfer.objects.get()
    assert NOBODY not in stored.cpr_encrypted and NOBODY[:6] not in stored.cpr_hash
    assert not AuditEvent.objects.filter(detail__contains=NOBODY[:6]).exists()
    refused = api("post", f"case-transfers/{stored.pk}/refuse", {"reason": REFUSAL})
    assert refused.status_code == 404  # not an incoming request for Lejre


def test_each_holder_answers_for_its_own_record(moved, login, personas):
    """A stale second record in Aarhus: both holders see the request; Rudersdal refuses, Aarhus
    does not answer, so the deadline run releases Aarhus's record and Rudersdal keeps its own."""
    stale = CitizenFactory(cpr=CPR, municipality_id="751", first_name="Gammel")
    aarhus = User.objects.create_user(
        "sagsbehandler.aarhus", role=Role.CASEWORKER, municipality_id="751"
    )
    transfer = _request(login("sagsbehandler.lejre"))
    for user in (aarhus, personas["leder.rudersdal"]):
        assert list(CaseTransfer.objects.awaiting_answer(user)) == [transfer]
    refuse_transfer(personas["leder.rudersdal"], transfer, reason=REFUSAL)
    assert "overført 1" in _settle(transfer.release_by)
    stale.refresh_from_db()
    moved.refresh_from_db()
    assert (stale.municipality_id, moved.municipality_id) == ("350", "230")
    answers = dict(transfer.answers.values_list("municipality_id", "answer"))
    assert answers == {"230": "refused", "751": "released"}


def test_a_request_that_cannot_be_settled_is_rolled_back_and_retried(moved, login, personas):
    """A merge the database refuses (here: an open proposal for the same Lejre position on both
    records, which the pages never create) leaves the request open and everything unmoved; the
    run exits 1 with counts only, and the next run retries it."""
    lejre = login("sagsbehandler.lejre")
    local = _import_local(lejre)
    position = PositionFactory(employer__municipality_id="350")
    for citizen in (local, moved):
        Placement.objects.create(
            citizen=citizen,
            approval=citizen.approvals.get(status__in=["approved_unemployed", "in_fleksjob"]),
            position=position,
            stage="proposed",
            stage_since=dt.date(2025, 4, 1),
        )
    transfer = _request(lejre)
    out = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command(
            "release_case_transfers", "--as-of", transfer.release_by.isoformat(), stdout=out
        )
    assert failed.value.returncode == 1
    assert "1 anmodninger kunne ikke afsluttes" in str(failed.value)
    assert "afsluttet 0 anmodninger" in out.getvalue() and moved.last_name not in out.getvalue()
    transfer.refresh_from_db()
    assert transfer.closed_at is None and not transfer.answers.exists()
    assert Citizen.objects.get(pk=moved.pk).municipality_id == "230"


def test_a_merge_keeps_one_scheduled_decision_of_the_two_cases(moved, login, personas):
    """A case has at most one scheduled decision: when the moved case replaces the receiver's
    stand-in case and both had one, the stand-in's is cancelled (kept in the log), not a
    failed release."""
    lejre = login("sagsbehandler.lejre")
    local = _import_local(lejre)
    ahead = timezone.localdate() + dt.timedelta(days=20)
    for username, citizen in (("sagsbehandler.rudersdal", moved), ("sagsbehandler.lejre", local)):
        pause_case(
            personas[username],
            Approval.objects.active().get(citizen=citizen),
            on=ahead,
            reason="leave",
            legal_basis="leave",
            justification="Barsel",
        )
    transfer = _request(lejre)
    released = _api(personas["leder.rudersdal"])("post", f"case-transfers/{transfer.pk}/release")
    assert released.status_code == 200
    kept = CaseDecision.objects.filter(approval__citizen=local)
    assert kept.scheduled().count() == 1
    assert kept.filter(cancelled_at__isnull=False).count() == 1


def test_a_merge_keeps_the_latest_choice_of_e_mail_notices(moved, login, personas):
    """Both records of the person had chosen an address for notices (one per citizen): the one
    chosen last stays on the merged record, not a failed release."""
    lejre = login("sagsbehandler.lejre")
    local = _import_local(lejre)
    chosen = {moved: "senest@example.invalid", local: "tidligere@example.invalid"}
    for days, (citizen, email) in zip((1, 9), chosen.items(), strict=True):
        setting = NoticeSetting.objects.create(citizen=citizen, email=email)
        at = timezone.now() - dt.timedelta(days=days)
        NoticeSetting.objects.filter(pk=setting.pk).update(updated_at=at)
    transfer = _request(lejre)
    released = _api(personas["leder.rudersdal"])("post", f"case-transfers/{transfer.pk}/release")
    assert released.status_code == 200
    assert list(NoticeSetting.objects.values_list("citizen_id", "email")) == [
        (local.pk, "senest@example.invalid")
    ]


def test_a_merge_of_two_records_with_a_citizen_login_each_keeps_the_receivers(
    moved, login, personas
):
    """The person logged in with MitID while each municipality held their record (one login per
    record): the merged record keeps the receiving municipality's login and the other is
    unlinked (it reaches nothing; the next MitID login finds the merged record's) — not a
    failed release."""
    from fleksjob.selfservice.models import CitizenAccount

    lejre = login("sagsbehandler.lejre")
    local = _import_local(lejre)
    logins = {}
    for citizen in (moved, local):
        user = User.objects.create_user(f"borger-{citizen.pk}", role="citizen")
        CitizenAccount.objects.create(user=user, citizen=citizen)
        logins[citizen] = user
    transfer = _request(lejre)
    released = _api(personas["leder.rudersdal"])("post", f"case-transfers/{transfer.pk}/release")
    assert released.status_code == 200
    assert list(CitizenAccount.objects.values_list("citizen_id", "user_id")) == [
        (local.pk, logins[local].pk)
    ]
