"""Every module of the functional core imports without Django (DESIGN.md: the core never does)."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import importlib, pkgutil, sys
import fleksjob.core, fleksjob.reference
names = ["fleksjob.reference"] + [
    m.name for m in pkgutil.walk_packages(fleksjob.core.__path__, "fleksjob.core.")
]
for name in names:
    importlib.import_module(name)
    leaked = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
    assert not leaked, f"{name} imported {leaked[0]}"
print(len(names))
"""


def test_every_core_module_imports_without_django():
    result = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert int(result.stdout) > 40  # the walk found the whole core, not an empty package
