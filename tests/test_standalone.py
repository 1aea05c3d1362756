"""The repository stands alone: a bare clone has no ``../shared`` beside it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# A path into a sibling "shared" directory, however it is spelt (../shared, parent / "shared").
OUTSIDE = re.compile(r"\.\./shared|/work/shared|[\"']shared[\"']\s*/|parent\s*/\s*[\"']shared[\"']")


def test_no_source_or_test_file_reads_outside_the_repository():
    offenders = []
    for top in ("src", "tests", "bench"):
        for path in (ROOT / top).rglob("*"):
            if path.suffix not in {".py", ".html", ".txt", ".md", ".toml", ".cfg", ".json"}:
                continue
            if path == Path(__file__) or ".egg-info" in path.parts:
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            offenders += [f"{path.relative_to(ROOT)}:{m.group()}" for m in OUTSIDE.finditer(text)]
    assert offenders == []


def test_licence_and_peer_data_are_in_the_repository():
    assert "GNU AFFERO GENERAL PUBLIC LICENSE" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    readme = (ROOT / "tests" / "data" / "README.md").read_text(encoding="utf-8")
    for folder in (ROOT / "tests" / "data").iterdir():
        if folder.is_dir():
            assert f"{folder.name}/" in readme, f"tests/data/{folder.name} is not described"
