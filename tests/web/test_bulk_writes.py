"""The bulk variants of the write functions (register_citizens, save_employers, save_positions)
mean what the single ones mean: the same rows and audit events for the same input, the same
refusals, and all or nothing. Runs on PostgreSQL too (DATABASE_URL)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fleksjob.audit.models import AuditEvent
from fleksjob.citizens.actions import (
    DUPLICATE_IN_MUNICIPALITY,
    DuplicateCPR,
    register_citizen,
    register_citizens,
)
from fleksjob.citizens.models import Approval, Citizen, StatusTransition
from fleksjob.citizens.protection import protector
from fleksjob.core.errors import DomainError, RowRefused
from fleksjob.core.rules import cpr as cpr_rules
from fleksjob.employers.actions import (
    EmployerError,
    save_employer,
    save_employers,
    save_position,
    save_positions,
)
from fleksjob.employers.models import Employer, Position
from fleksjob.exchange import imports
from fleksjob.exchange.imports import check
from fleksjob.ui.records import check_constraints
from tests.factories import CitizenFactory, EmployerFactory

pytestmark = pytest.mark.django_db

LEJRE = "350"
# Set by the database or the clock, so different between two writes of the same input.
VOLATILE = {
    "id",
    "created_at",
    "updated_at",
    "recorded_at",
    "cpr_encrypted",
    "consent_recorded_at",
    "at",
}


def _cpr(n: int) -> str:
    return cpr_rules.build(dt.date(1970, 1, 1) + dt.timedelta(days=n), n % 500, "F")


def _citizen_row(n: int, **over) -> dict:
    row = {
        "cpr": _cpr(n),
        "visitation_date": dt.date(2025, 2, 3),
        "first_name": f"Bulk{n}",
        "last_name": "Borger",
        "lat": 55.6,
        "lon": 11.9,
        "education": "vocational",
        "goal": "progression",
        "hours_min": Decimal("5"),
        "hours_capacity": Decimal("10.5"),
        "hours_target": Decimal("15"),
        "occupations": ["4110", "9112"],
        "needs": ["extra_breaks"][: n % 2],
        "needs_note": "Hemmelig helbredsnote",
        "consent_share_profile": n % 3 == 0,
    }
    return row | over


def _fields(obj, skip=()) -> dict:
    return {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if f.name not in VOLATILE and f.attname not in skip
    }


def _written(user) -> list[tuple]:
    """Each citizen with its case, transitions and audit events, ids left out."""
    out = []
    for citizen in Citizen.objects.order_by("first_name"):
        approval = Approval.objects.get(citizen=citizen)
        transitions = [
            _fields(t, skip={"approval_id"})
            for t in StatusTransition.objects.filter(approval=approval)
        ]
        events = AuditEvent.objects.filter(citizen_id=citizen.pk)
        assert {e.object_id for e in events} == {str(citizen.pk)}
        out.append(
            (
                _fields(citizen),
                protector().decrypt(citizen.cpr_encrypted),
                citizen.consent_recorded_at is not None,
                _fields(approval, skip={"citizen_id"}),
                transitions,
                [_fields(e, skip={"object_id", "citizen_id"}) for e in events],
            )
        )
    return out


def test_register_citizens_writes_what_register_citizen_writes(personas):
    user = personas["sagsbehandler.lejre"]
    rows = [_citizen_row(n) for n in range(6)]
    for row in rows:
        register_citizen(user, municipality_id=LEJRE, channel="cli", **dict(row))
    single = _written(user)
    Citizen.objects.all().delete()  # the audit log keeps its events; they name the old ids

    events_before = AuditEvent.objects.count()
    created = register_citizens(user, rows, municipality_id=LEJRE, channel="cli")
    assert [c.pk for c in created] == list(
        Citizen.objects.order_by("pk").values_list("pk", flat=True)
    )
    assert _written(user) == single
    assert AuditEvent.objects.count() == events_before + len(rows)
    assert len(single) == len(rows) and single[0][2] is True  # consent dated, as the single


def test_bulk_queries_grow_by_chunks_not_by_rows(personas):
    user = personas["sagsbehandler.lejre"]
    counts = []
    for start, size in ((0, 20), (100, 200)):
        rows = [_citizen_row(n) for n in range(start, start + size)]
        with CaptureQueriesContext(connection) as queries:
            register_citizens(user, rows, municipality_id=LEJRE)
        counts.append(len(queries))
    # The single write makes a dozen queries a row; the bulk write a few per chunk of rows
    # (an INSERT holds as many rows as the database's parameter limit allows).
    assert counts[1] - counts[0] < (200 - 20) / 10
    assert Citizen.objects.count() == 220


BAD_CITIZEN_ROWS = {
    "cpr": {"cpr": "3102751234"},  # 31 February
    "hours_target": {"hours_target": Decimal("38")},  # over the 37 hours (a spec range)
    "hours_min": {"hours_min": Decimal("12")},  # above hours now (a spec order)
    "education": {"education": "phd"},  # not a choice
    "first_name": {"first_name": "x" * 101},  # too long
    "lat": {"lat": 61.0},  # outside Denmark
}


@pytest.mark.parametrize("field", BAD_CITIZEN_ROWS)
@pytest.mark.parametrize("at", [0, 4, 9])
def test_one_bad_row_anywhere_writes_nothing(personas, field, at):
    user = personas["sagsbehandler.lejre"]
    bad = _citizen_row(at, **BAD_CITIZEN_ROWS[field])
    with pytest.raises((DomainError, ValidationError, ValueError)):  # the single write refuses
        register_citizen(user, municipality_id=LEJRE, **dict(bad))
    events = AuditEvent.objects.count()
    rows = [_citizen_row(n) for n in range(10)]
    rows[at] = bad
    with pytest.raises(RowRefused) as refused:
        register_citizens(user, rows, municipality_id=LEJRE)
    assert (refused.value.index, refused.value.field) == (at, field)
    assert refused.value.status == 422
    value = str(BAD_CITIZEN_ROWS[field][field])
    assert value not in str(refused.value) and "Hemmelig" not in str(refused.value)
    assert not Citizen.objects.exists() and not Approval.objects.exists()
    assert AuditEvent.objects.count() == events


def test_duplicates_in_the_rows_and_in_the_municipality_are_refused(personas):
    user = personas["sagsbehandler.lejre"]
    rows = [_citizen_row(n) for n in range(5)]
    with pytest.raises(RowRefused) as twice:
        register_citizens(user, [*rows, _citizen_row(2, first_name="Igen")], municipality_id=LEJRE)
    assert twice.value.index == 5 and isinstance(twice.value.error, DuplicateCPR)
    assert twice.value.status == 409 and twice.value.field == "cpr"
    assert not Citizen.objects.exists()

    CitizenFactory(cpr=_cpr(3), municipality_id=LEJRE)
    with pytest.raises(DuplicateCPR):  # as the single write refuses it
        register_citizen(user, municipality_id=LEJRE, **_citizen_row(3))
    with pytest.raises(RowRefused) as taken:
        register_citizens(user, rows, municipality_id=LEJRE)
    assert taken.value.index == 3 and isinstance(taken.value.error, DuplicateCPR)
    assert Citizen.objects.count() == 1


def test_a_cpr_only_another_municipality_holds_is_no_duplicate(personas):
    CitizenFactory(cpr=_cpr(1), municipality_id="230")
    user = personas["sagsbehandler.lejre"]
    register_citizens(user, [_citizen_row(n) for n in range(3)], municipality_id=LEJRE)
    assert Citizen.objects.filter(municipality_id=LEJRE).count() == 3


def _employer_row(n: int, **over) -> dict:
    row = {
        "cvr": str(40_000_000 + n),
        "name": f"Bulk {n} ApS",
        "sector": "retail",
        "size_band": "small",
        "is_public": n % 2 == 0,
        "lat": 56.1,
        "lon": 10.2,
    }
    return row | over


def _employers_and_events() -> list[tuple]:
    out = []
    for employer in Employer.objects.order_by("cvr"):
        events = AuditEvent.objects.filter(object_type="Employer", object_id=str(employer.pk))
        out.append((_fields(employer), [_fields(e, skip={"object_id"}) for e in events]))
    return out


def test_save_employers_and_positions_write_what_the_single_writes_write(personas):
    user = personas["konsulent.aarhus"]
    rows = [_employer_row(n) for n in range(4)]
    for row in rows:
        save_employer(user, None, **row)
    single = _employers_and_events()
    Employer.objects.all().delete()
    save_employers(user, rows)
    assert _employers_and_events() == single

    employers = list(Employer.objects.order_by("cvr"))
    position_rows = [
        {
            "employer": employers[n % 4],
            "title": f"Stilling {n}",
            "occupation": "4110",
            "hours_min": Decimal("8"),
            "hours_max": Decimal("15"),
            "provides": ["extra_breaks"],
            "created_on": dt.date(2025, 3, 1),
            "status": "open",
        }
        for n in range(6)
    ]

    def positions() -> list[tuple]:
        out = []
        for position in Position.objects.order_by("title"):
            events = AuditEvent.objects.filter(object_type="Position", object_id=str(position.pk))
            out.append((_fields(position), [_fields(e, skip={"object_id"}) for e in events]))
        return out

    for row in position_rows:
        fields = dict(row)
        save_position(user, fields.pop("employer"), None, **fields)
    single_positions = positions()
    Position.objects.all().delete()
    save_positions(user, position_rows)
    assert positions() == single_positions


def test_employer_duplicates_and_bad_rows_write_nothing(personas):
    user = personas["konsulent.aarhus"]
    rows = [_employer_row(n) for n in range(4)]
    with pytest.raises(RowRefused) as twice:
        save_employers(user, [*rows, _employer_row(1)])
    assert (twice.value.index, twice.value.field) == (4, "cvr")
    EmployerFactory(cvr=rows[2]["cvr"], municipality_id="751")
    with pytest.raises(ValidationError):  # as the single write refuses it
        save_employer(user, None, **rows[2])
    with pytest.raises(RowRefused) as taken:
        save_employers(user, rows)
    assert (taken.value.index, taken.value.field) == (2, "cvr")
    with pytest.raises(RowRefused) as bad:
        save_employers(user, [_employer_row(10), _employer_row(11, sector="space")])
    assert (bad.value.index, bad.value.field) == (1, "sector")
    assert Employer.objects.count() == 1

    own, elsewhere = EmployerFactory(municipality_id="751"), EmployerFactory(municipality_id="350")
    row = {
        "title": "Stilling",
        "occupation": "4110",
        "status": "open",
        "created_on": timezone.localdate(),
    }
    row |= {"hours_min": 8, "hours_max": 15}
    with pytest.raises(RowRefused) as scope:
        save_positions(user, [{"employer": own, **row}, {"employer": elsewhere, **row}])
    assert scope.value.index == 1 and isinstance(scope.value.error, EmployerError)
    with pytest.raises(RowRefused) as order:
        save_positions(user, [{"employer": own, **row, "hours_min": 20}])
    assert order.value.index == 0 and order.value.field == "hours_min"
    assert not Position.objects.exists()


EDGES = [
    {},
    {"hours_target": Decimal("37")},
    {"hours_target": Decimal("37.1")},
    {"hours_min": Decimal("0")},
    {"hours_min": Decimal("-1")},
    {"hours_min": Decimal("10.5")},
    {"hours_min": Decimal("10.6")},
    {"hours_capacity": Decimal("15.1")},
    {"lat": 54.5},
    {"lat": 54.49},
    {"lon": 15.2},
    {"lon": 15.21},
    {"goal": "other"},
    {"education": ""},
    {"max_commute_km": 0},
    {"max_commute_km": 1000},
]


@pytest.mark.parametrize("edge", EDGES, ids=[",".join(map(str, e.items())) or "-" for e in EDGES])
def test_constraints_checked_in_python_agree_with_the_database(edge):
    citizen = CitizenFactory.build(**edge)

    def database_refuses() -> bool:
        try:
            citizen.validate_constraints(exclude={"municipality"})
        except ValidationError:
            return True
        return False

    def python_refuses() -> bool:
        try:
            check_constraints(citizen)
        except ValidationError:
            return True
        return False

    assert python_refuses() == database_refuses()


def test_a_row_refused_at_write_time_is_reported_by_its_file_row_and_column(personas, monkeypatch):
    """A CPR registered by someone else between the check and the write: the import names the
    file's row and column (from the refused row's index in its chunk) and writes nothing."""
    user = personas["sagsbehandler.lejre"]
    header = ["cpr", "fornavn", "efternavn", "visitationsdato", "uddannelse", "mål"]
    header += ["timer_mindst", "timer_nu", "timer_mål", "breddegrad", "længdegrad"]
    lines = [";".join(header)]
    for n in range(7):
        lines.append(f"{_cpr(n)};Navn{n};Borger;03-02-2025;vocational;progression;5;8;12;55,6;11,9")
    validation = check(user, "citizens", "\r\n".join(lines).encode(), "borgere.csv")
    assert validation.ok
    monkeypatch.setattr(imports, "_WRITE_CHUNK", 3)  # rows 2-4, 5-7 and 8 of the file
    CitizenFactory(cpr=_cpr(5), municipality_id=LEJRE)  # the file's row 7
    events = AuditEvent.objects.count()
    with pytest.raises(imports.ImportRefused) as refused:
        imports.write(user, validation, channel="cli")
    (problem,) = refused.value.report.problems
    assert (problem.row, problem.column) == (7, "cpr")
    assert problem.reason.startswith(DUPLICATE_IN_MUNICIPALITY)
    assert _cpr(5) not in problem.reason
    assert Citizen.objects.count() == 1 and AuditEvent.objects.count() == events


def test_a_refusal_of_the_whole_record_names_no_field():
    refused = RowRefused(3, ValidationError({"__all__": ["afvist"], "lat": ["uden for"]}))
    assert (refused.index, refused.field, refused.status) == (3, "lat", 422)
    whole = RowRefused(0, ValidationError({"__all__": ["afvist"]}))
    assert whole.field == "" and str(whole) == "række 1: afvist af postens regler"
