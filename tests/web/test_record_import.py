"""Bulk import of citizens, employers and positions: the page, the command, all or nothing."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from fleksjob.accounts.models import Role, User
from fleksjob.audit.models import AuditEvent
from fleksjob.citizens.models import Citizen
from fleksjob.core.imports.templates import template_csv
from fleksjob.core.rules import cpr as cpr_rules
from fleksjob.employers.models import Employer, Position
from fleksjob.exchange.imports import check
from fleksjob.jobs.models import JobRun
from fleksjob.jobs.runner import wait
from tests.factories import CitizenFactory, EmployerFactory
from tests.web.imports import finish_import

pytestmark = pytest.mark.django_db

CITIZEN_HEADER = (
    "cpr;fornavn;efternavn;visitationsdato;uddannelse;mål;timer_mindst;timer_nu;timer_mål;"
    "breddegrad;længdegrad;erhverv;skånehensyn;note_skånehensyn"
)


# The import command as a Lejre caseworker runs it for citizens; the file comes next.
LEJRE_CITIZENS = ("import_records", "--kind", "citizens", "--user", "sagsbehandler.lejre")


def _cpr(n: int) -> str:
    import datetime as dt

    return cpr_rules.build(dt.date(1975, 1, 1) + dt.timedelta(days=n), n % 500, "F")


def _citizen_line(n: int, **over) -> str:
    cells = {
        "cpr": _cpr(n),
        "fornavn": f"Importeret{n}",
        "efternavn": "Borger",
        "visitationsdato": "03-02-2025",
        "uddannelse": "vocational",
        "mål": "progression",
        "timer_mindst": "5",
        "timer_nu": "10,5",
        "timer_mål": "15",
        "breddegrad": "55,6",
        "længdegrad": "11,9",
        "erhverv": "9112 4110",
        "skånehensyn": "extra_breaks,no_heavy_lifting",
        "note_skånehensyn": "Hemmelig helbredsnote",
    }
    cells.update(over)
    return ";".join(cells.values())


def _citizens_csv(lines: list[str], encoding: str = "utf-8-sig") -> bytes:
    return "\r\n".join([CITIZEN_HEADER, *lines]).encode(encoding)


def _post(client, kind: str, data: bytes, action: str, name: str = "fil.csv"):
    upload = SimpleUploadedFile(name, data)
    return client.post(reverse("exchange:import"), {"kind": kind, "file": upload, "action": action})


def _queued(response) -> JobRun:
    """The import job a clean »Importér« queued (the page redirects to its progress)."""
    assert response.status_code == 302
    run = JobRun.objects.get(kind="import_records", status="queued")
    assert response["Location"] == reverse("exchange:run", args=[run.pk])
    return run


def _import(client, kind: str, data: bytes) -> str:
    """Import through the page as the worker would finish it; the progress page's text after."""
    run = finish_import(_post(client, kind, data, "import"))
    return client.get(reverse("exchange:run", args=[run.pk])).content.decode()


def test_check_then_import_citizens(login, personas):
    client = login("sagsbehandler.lejre")
    data = _citizens_csv([_citizen_line(n) for n in range(3)])
    checked = _post(client, "citizens", data, "check")
    assert checked.status_code == 200
    assert "3 rækker er klar til import" in checked.content.decode()
    assert not Citizen.objects.exists()
    # Every citizens import, whatever it holds, points to case transfer for people who moved.
    assert reverse("transfers:request") in checked.content.decode()

    after = _import(client, "citizens", data)
    assert "3 borgere er importeret" in after
    assert "anmod om deres sag under »Overflytning«" in after
    citizens = Citizen.objects.filter(municipality_id="350").order_by("first_name")
    assert citizens.count() == 3
    first = citizens[0]
    assert first.hours_capacity == 10.5 and first.occupations == ["4110", "9112"]
    assert first.needs == ["extra_breaks", "no_heavy_lifting"]
    assert first.approvals.get().status == "approved_unemployed"
    events = AuditEvent.objects.filter(username="sagsbehandler.lejre")
    assert events.filter(action="create", object_type="Citizen").count() == 3
    assert events.filter(action="create", detail__startswith="masseimport af citizens").count() == 1
    assert not any(_cpr(0) in e.detail for e in events)


def test_every_error_is_reported_by_row_and_column_and_nothing_is_written(login):
    client = login("sagsbehandler.lejre")
    bad_cpr = "3102751234"  # 31 February
    data = _citizens_csv(
        [
            _citizen_line(0),
            _citizen_line(1, cpr=bad_cpr, timer_nu="3"),
            _citizen_line(2, erhverv="1234567", breddegrad="61"),
            _citizen_line(0, fornavn="Dublet"),
        ]
    )
    response = _post(client, "citizens", data, "import")
    assert response.status_code == 422
    body = response.content.decode()
    assert "5 fejl fundet" in body
    rows = response.context["report"].problems
    assert [(p.row, p.column) for p in rows] == [
        (3, "cpr"),
        (3, "timer_nu"),
        (4, "erhverv"),
        (4, "breddegrad"),
        (5, "cpr"),
    ]
    assert "står også i række 2" in rows[-1].reason
    # Personal data stays out of the report.
    assert bad_cpr not in body and _cpr(0) not in body and "Hemmelig" not in body
    assert not Citizen.objects.exists()


def test_a_cpr_already_registered_in_the_municipality_is_refused_without_echoing_it(login):
    existing = CitizenFactory(cpr=_cpr(7), municipality_id="350")  # the importer's own
    client = login("sagsbehandler.lejre")
    response = _post(
        client, "citizens", _citizens_csv([_citizen_line(6), _citizen_line(7)]), "import"
    )
    assert response.status_code == 422
    (problem,) = response.context["report"].problems
    assert (problem.row, problem.column) == (3, "cpr")
    assert problem.reason == "der findes allerede en borger med dette CPR-nummer i din kommune"
    assert _cpr(7) not in response.content.decode()
    assert Citizen.objects.count() == 1 and Citizen.objects.get() == existing
    # Another municipality's citizen is no obstacle: see tests/web/test_cpr_oracle.py.


def test_windows_1252_with_comma_separator_is_read(personas):
    lines = [CITIZEN_HEADER.replace(";", ",")]
    lines.append(
        _citizen_line(
            1,
            timer_nu="10.5",
            breddegrad="55.6",
            længdegrad="11.9",
            erhverv="9112",
            skånehensyn="extra_breaks",
        ).replace(";", ",")
    )
    data = "\r\n".join(lines).encode("cp1252")
    validation = check(personas["sagsbehandler.lejre"], "citizens", data, "fil.csv")
    assert validation.ok, validation.report.lines()
    assert validation.rows[0].values["hours_capacity"] == 10.5


def test_excel_with_numbers_and_dates(personas):
    import datetime as dt

    book = Workbook()
    sheet = book.active
    sheet.append(["CVR", "Navn", "Branche", "Størrelse", "Breddegrad", "Laengdegrad"])
    sheet.append([31234566, "Eksempel ApS", "retail", "small", 55.64, 11.91])
    sheet.append([None, None, None, None, None, None])  # a blank row keeps its number
    sheet.append([3123456, "For kort ApS", "retail", "enorm", 55.64, 11.91])
    buffer = io.BytesIO()
    book.save(buffer)
    user = personas["konsulent.aarhus"]
    validation = check(user, "employers", buffer.getvalue(), "fil.xlsx")
    assert [(p.row, p.column) for p in validation.report.problems] == [
        (4, "cvr"),
        (4, "størrelse"),
    ]
    book = Workbook()
    sheet = book.active
    sheet.append(["cvr", "titel", "erhverv", "timer_mindst", "timer_højst", "oprettet"])
    employer = EmployerFactory(municipality_id="751")
    sheet.append([int(employer.cvr), "Pedel", 9112, 8, 12.5, dt.datetime(2025, 5, 1)])
    buffer = io.BytesIO()
    book.save(buffer)
    validation = check(user, "positions", buffer.getvalue(), "fil.xlsx")
    assert validation.ok, validation.report.lines()
    assert validation.rows[0].values["created_on"] == dt.date(2025, 5, 1)


def test_employers_then_positions_scoped_to_the_municipality(login):
    client = login("konsulent.aarhus")
    employers = (
        "cvr;navn;branche;størrelse;breddegrad;længdegrad\n"
        "31234566;Ny ApS;retail;small;56,15;10,2\n"
    )
    assert "1 virksomhed er importeret" in _import(client, "employers", employers.encode())
    new = Employer.objects.get(cvr="31234566")
    assert new.municipality_id == "751"
    elsewhere = EmployerFactory(municipality_id="350")
    positions = (
        "cvr;titel;erhverv;timer_mindst;timer_højst;skånehensyn\n"
        f"31234566;Lagermedhjælper;9321;8;15;extra_breaks\n"
        f"{elsewhere.cvr};Kontor;4110;8;15;\n"
    )
    response = _post(client, "positions", positions.encode(), "import")
    assert response.status_code == 422
    (problem,) = response.context["report"].problems
    assert (problem.row, problem.column) == (3, "cvr")
    assert not Position.objects.exists()
    ok = "\n".join(positions.splitlines()[:2])
    assert "1 stilling er importeret" in _import(client, "positions", ok.encode())
    assert new.positions.get().provides == ["extra_breaks"]
    # The same CVR again is a duplicate in the same municipality.
    assert _post(client, "employers", employers.encode(), "check").status_code == 422


def test_roles_and_kinds(login, personas):
    data = _citizens_csv([_citizen_line(1)])
    # A consultant imports employers and positions, not citizens: the choice is not offered.
    response = _post(login("konsulent.aarhus"), "citizens", data, "import")
    assert response.status_code == 422 and "kind" in response.context["form"].errors
    assert not Citizen.objects.exists()
    for username in ("admin",):
        assert login(username).get(reverse("exchange:import")).status_code == 403


def test_limits_on_rows_and_size(login, settings):
    client = login("sagsbehandler.lejre")
    settings.FLEKSJOB = {**settings.FLEKSJOB, "IMPORT_MAX_ROWS": 2}
    response = _post(
        client, "citizens", _citizens_csv([_citizen_line(n) for n in range(3)]), "check"
    )
    assert response.status_code == 422
    assert "flere end 2 rækker" in response.context["report"].problems[0].reason
    settings.FLEKSJOB = {**settings.FLEKSJOB, "IMPORT_MAX_BYTES": 100}
    response = _post(client, "citizens", _citizens_csv([_citizen_line(1)]), "check")
    assert response.status_code == 422 and "file" in response.context["form"].errors


def test_the_report_is_bounded(personas):
    lines = [_citizen_line(n, uddannelse="ukendt") for n in range(1200)]
    validation = check(personas["sagsbehandler.lejre"], "citizens", _citizens_csv(lines))
    assert validation.report.total == 1200
    assert len(validation.report.problems) == 1000
    assert validation.report.lines()[-1] == "... og 200 fejl mere"


@pytest.mark.parametrize("kind", ["citizens", "employers", "positions"])
def test_templates_download_and_validate(login, kind):
    client = login("leder.rudersdal")
    EmployerFactory(cvr="12345678", municipality_id="230")
    csv_text = template_csv(kind).decode("utf-8-sig")
    assert csv_text.count("\r\n") == 2 and ";" in csv_text
    for fmt in ("csv", "xlsx"):
        response = client.get(reverse("exchange:template", args=[kind, fmt]))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        validation = check(_user("leder.rudersdal"), kind, response.content)
        problems = validation.report.lines()
        if kind == "employers":  # the example CVR is the employer created above
            assert problems == [
                "række 2, kolonne cvr: kommunen har allerede registreret en virksomhed med dette "
                "CVR-nummer"
            ]
        else:
            assert validation.ok, problems


def _user(username):
    from fleksjob.accounts.models import User

    return User.objects.get(username=username)


def test_command_reports_on_stderr_and_writes_nothing(personas, tmp_path):
    bad = tmp_path / "borgere.csv"
    bad.write_bytes(_citizens_csv([_citizen_line(1), _citizen_line(2, timer_mål="40")]))
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command(*LEJRE_CITIZENS, str(bad), stderr=err)
    assert failure.value.returncode == 1
    assert "række 3, kolonne timer_mål: skal være mellem 0 og 37 timer" in err.getvalue()
    assert not Citizen.objects.exists()

    good = tmp_path / "ok.csv"
    good.write_bytes(_citizens_csv([_citizen_line(1), _citizen_line(2)]))
    out = io.StringIO()
    call_command(*LEJRE_CITIZENS, str(good), "--dry-run", stdout=out)
    assert "2 rækker uden fejl" in out.getvalue() and not Citizen.objects.exists()
    call_command(*LEJRE_CITIZENS, str(good), stdout=out, stderr=io.StringIO())
    assert Citizen.objects.count() == 2
    assert "anmod om deres sag under »Overflytning«" in out.getvalue()
    assert AuditEvent.objects.filter(channel="cli", object_type="Citizen").count() == 2
    with pytest.raises(CommandError) as failure:
        call_command(
            "import_records", "--kind", "employers", "--user", "sagsbehandler.lejre", str(good)
        )
    assert failure.value.returncode == 2  # a caseworker does not import employers


def test_a_record_registered_between_check_and_write_refuses_the_whole_file(personas):
    from fleksjob.exchange.imports import ImportRefused, write

    user = personas["sagsbehandler.lejre"]
    validation = check(user, "citizens", _citizens_csv([_citizen_line(n) for n in range(4)]))
    assert validation.ok
    CitizenFactory(cpr=_cpr(2), municipality_id="350")  # another writer, after the check
    with pytest.raises(ImportRefused) as refused:
        write(user, validation)
    (problem,) = refused.value.report.problems
    assert problem.row == 4 and "findes allerede" in problem.reason
    assert _cpr(2) not in problem.reason
    assert Citizen.objects.count() == 1  # the rows written before it were rolled back
    assert not AuditEvent.objects.filter(detail__startswith="masseimport").exists()


def _spooled(settings) -> list:
    spool = settings.DATA_DIR / "spool" / "imports"
    return sorted(spool.iterdir()) if spool.exists() else []


def _queue_citizens(settings, tmp_path, client, rows: int) -> JobRun:
    """A clean file of ``rows`` citizens imported on the page; the spool in ``tmp_path``."""
    settings.DATA_DIR = tmp_path
    data = _citizens_csv([_citizen_line(n) for n in range(rows)])
    return _queued(_post(client, "citizens", data, "import"))


def test_the_page_queues_the_writing_and_keeps_the_file_encrypted_until_it_is_done(
    login, settings, tmp_path
):
    client = login("sagsbehandler.lejre")
    run = _queue_citizens(settings, tmp_path, client, 3)
    assert not Citizen.objects.exists()  # nothing is written in the request
    (spooled,) = _spooled(settings)
    assert spooled.stat().st_mode & 0o777 == 0o600
    stored = spooled.read_bytes()
    assert _cpr(0).encode() not in stored and b"Hemmelig" not in stored  # encrypted at rest
    assert _cpr(0) not in str(run.params)  # the job's parameters name no person or file
    waiting = client.get(reverse("exchange:run", args=[run.pk]))
    assert "venter på baggrundsjobbet" in waiting.content.decode()
    assert 'hx-trigger="every 1s"' in waiting.content.decode()  # the page polls its progress

    done = wait(run)
    assert done.status == "done" and done.counts["rows"] == 3
    assert Citizen.objects.filter(municipality_id="350").count() == 3
    assert _spooled(settings) == []  # removed once written
    page = client.get(reverse("exchange:run", args=[run.pk])).content.decode()
    assert "3 borgere er importeret" in page and "every 1s" not in page


def test_a_refused_import_job_writes_nothing_says_why_and_removes_the_file(
    login, settings, tmp_path
):
    client = login("sagsbehandler.lejre")
    run = _queue_citizens(settings, tmp_path, client, 2)
    CitizenFactory(cpr=_cpr(1), municipality_id="350")  # registered after the check
    done = wait(run)
    assert done.status == "failed" and done.exit_code == 1
    assert Citizen.objects.count() == 1
    assert _spooled(settings) == []
    page = client.get(reverse("exchange:run", args=[run.pk])).content.decode()
    assert "Filen er ikke importeret" in page and "kontrollér filen igen" in page
    assert _cpr(1) not in page


def test_an_import_s_progress_is_only_for_the_user_who_asked(login, personas, settings, tmp_path):
    client = login("sagsbehandler.lejre")
    run = _queue_citizens(settings, tmp_path, client, 1)
    url = reverse("exchange:run", args=[run.pk])
    assert client.get(url).status_code == 200
    # A colleague in Lejre, staff elsewhere: 404, as for a run that does not exist.
    personas["kollega.lejre"] = User.objects.create_user(
        "kollega.lejre", role=Role.CASEWORKER, municipality_id="350"
    )
    for username in ("kollega.lejre", "sagsbehandler.rudersdal", "leder.rudersdal"):
        assert login(username).get(url).status_code == 404
    assert client.get(reverse("exchange:run", args=[run.pk + 1000])).status_code == 404
