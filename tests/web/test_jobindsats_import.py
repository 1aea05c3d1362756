"""Importing Jobindsats files: all or nothing, re-imports replace, figures labelled by source."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from fleksjob.benchmarking.models import ImportBatch, ImportedFigure
from fleksjob.jobs.models import JobRun
from fleksjob.jobs.runner import wait

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "jobindsats"


def test_import_re_import_and_source_label(capsys):
    path = FIXTURES / "v2_data_Y08A02.json"
    call_command("import_jobindsats", "--table", "Y08A02", str(path))
    assert "importerede 16 tal" in capsys.readouterr().out
    call_command("import_jobindsats", "--table", "Y08A02", str(path))
    assert ImportedFigure.objects.count() == 16  # replaced, not duplicated
    randers = ImportedFigure.objects.get(
        area="Randers", measure="memba02_x1", dimensions_key="Køn=Kvinder"
    )
    assert (randers.value, randers.municipality_id, randers.source) == (1012.0, "730", "jobindsats")
    assert ImportedFigure.objects.filter(level="country").count() == 8


def test_a_bad_file_imports_nothing(tmp_path):
    bad = tmp_path / "y09a02.csv"
    bad.write_text("Område;Periode;Antal\nAarhus;2025M01;3\nAtlantis;2025M01;4\n")
    good = FIXTURES / "v2_data_Y09A02.json"
    with pytest.raises(CommandError) as error:
        call_command("import_jobindsats", "--table", "Y09A02", str(good), str(bad))
    assert error.value.returncode == 2
    assert "y09a02.csv, række 2: ukendt område 'Atlantis'" in str(error.value)
    assert not ImportedFigure.objects.exists() and not ImportBatch.objects.exists()


def test_files_or_fetch_and_missing_file(tmp_path):
    with pytest.raises(CommandError, match="enten filer"):
        call_command("import_jobindsats", "--table", "Y08A02")
    with pytest.raises(CommandError, match="findes ikke"):
        call_command("import_jobindsats", "--table", "Y08A02", str(tmp_path / "nope.json"))


def _upload(client, table: str, name: str, text: str):
    upload = SimpleUploadedFile(name, text.encode())
    return client.post(reverse("exchange:jobindsats"), {"table": table, "file": upload})


def test_a_manager_imports_their_own_municipality_s_figures_from_the_page(
    login, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    client = login("leder.rudersdal")
    assert client.get(reverse("exchange:jobindsats")).status_code == 200
    text = "Område;Periode;Antal\nRudersdal;2025M01;31\nAarhus;2025M01;400\nHele landet;2025M01;9\n"
    response = _upload(client, "y09a02", "y09a02.csv", text)
    assert response.status_code == 302
    run = JobRun.objects.get(kind="import_jobindsats")
    assert response["Location"] == reverse("exchange:run", args=[run.pk])
    assert wait(run).status == "done"
    # Only Rudersdal's figure: a manager's import changes no other municipality's figures.
    (figure,) = ImportedFigure.objects.all()
    assert (figure.municipality_id, figure.value, figure.table) == ("230", 31.0, "y09a02")
    assert ImportBatch.objects.get().imported_by == "leder.rudersdal"
    assert not list((tmp_path / "spool" / "imports").iterdir())  # the upload is gone
    page = client.get(response["Location"]).content.decode()
    assert "1 tal fra Jobindsats er importeret for din kommune" in page


def test_the_page_refuses_a_file_it_cannot_use_and_queues_nothing(login):
    client = login("leder.rudersdal")
    others = "Område;Periode;Antal\nAarhus;2025M01;400\n"
    response = _upload(client, "Y09A02", "y09a02.csv", others)
    assert response.status_code == 422
    assert "ingen tal for din kommune" in response.context["problem"]
    assert 'data-testid="problem"' in response.content.decode()
    unknown = "Område;Periode;Antal\nRudersdal;2025M01;3\nAtlantis;2025M01;4\n"
    response = _upload(client, "Y09A02", "y09a02.csv", unknown)
    assert response.status_code == 422
    assert "række 2: ukendt område 'Atlantis'" in response.context["problem"]
    response = _upload(client, "tabel 1", "y09a02.txt", unknown)
    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"table", "file"}
    assert not JobRun.objects.exists() and not ImportedFigure.objects.exists()


def test_only_managers_import_from_jobindsats(login):
    for username in ("sagsbehandler.lejre", "konsulent.aarhus", "admin"):
        assert login(username).get(reverse("exchange:jobindsats")).status_code == 403
