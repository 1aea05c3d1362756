"""The public API of fleksjob.core.stats resolves and stays free of Django."""

from __future__ import annotations

import subprocess
import sys

import pytest

import fleksjob.core.stats as stats


def test_every_public_name_resolves():
    for name in stats.__all__:
        assert getattr(stats, name) is not None, name


@pytest.mark.slow
def test_core_stats_never_imports_django():
    code = (
        "import sys, fleksjob.core.stats as s\n"
        "[getattr(s, n) for n in s.__all__]\n"
        "import fleksjob.commands.stats\n"
        "assert 'django' not in sys.modules, 'django imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
