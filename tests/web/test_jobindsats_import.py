"""Importing Jobindsats files: all or nothing, re-imports replace, figures labelled by source."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from fleksjob.benchmarking.models import ImportBatch, ImportedFigure

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
