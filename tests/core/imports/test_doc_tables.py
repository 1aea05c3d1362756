"""docs/import.md's column tables are the record specs' (fleksjob.core.records), line for line.

After a change to a spec: ``python -m fleksjob.core.imports.templates docs/import.md``.
"""

from __future__ import annotations

from pathlib import Path

from fleksjob.core.imports.records import COLUMNS
from fleksjob.core.imports.templates import column_table, doc_tables, with_tables

DOC = Path(__file__).resolve().parents[3] / "docs" / "import.md"


def test_each_kinds_table_in_the_doc_is_made_from_its_spec():
    tables = doc_tables(DOC.read_text(encoding="utf-8"))
    assert set(tables) == set(COLUMNS)
    for kind, lines in tables.items():
        assert lines == column_table(kind), kind


def test_a_changed_table_is_noticed_and_rewritten():
    text = DOC.read_text(encoding="utf-8")
    stale = text.replace("(0-37)", "(0-40)", 1)
    assert stale != text
    assert doc_tables(stale)["citizens"] != column_table("citizens")
    assert with_tables(stale) == text
