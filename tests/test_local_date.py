"""Dates of "today" are the jobcentre's (Europe/Copenhagen), never the machine's UTC date.

Between 23:00 and midnight UTC the two differ: a test that took ``date.today()`` for a
follow-up due "today" failed against the page's ``timezone.localdate()`` in that hour. The
Django-free core takes its day as an argument; the rules calculator (``fleksjob calc``, no
Django) reads only the year.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ALLOWED = {"src/fleksjob/commands/calc.py"}
MACHINE_DAY = re.compile(r"\bdate\.today\(\)|\bdatetime\.now\(\)\.date\(\)")


def test_no_machine_date_outside_the_core():
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("src", "tests", "bench")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if "fleksjob/core/" not in path.as_posix()
        and path.relative_to(ROOT).as_posix() not in ALLOWED
        and path != Path(__file__).resolve()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if MACHINE_DAY.search(line)
    ]
    assert found == []
