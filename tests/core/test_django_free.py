"""Every module of the functional core imports without Django and without any of the apps
(DESIGN.md: the core never does). One fresh interpreter imports the modules one by one and checks
after each, so the first module that loads Django or an app is the one named."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import fleksjob.core
import fleksjob.reference

# The core and the reference data beneath it (the floor below the core, pyproject.toml).
PACKAGES = [fleksjob.core, fleksjob.reference]

CHECK = """
import importlib, json, sys

def leaked():
    return sorted(
        m for m in sys.modules
        if m == "django" or m.startswith("django.")
        or (m.startswith("fleksjob.") and m.split(".")[1] not in {"core", "reference"})
    )

for name in json.loads(sys.argv[1]):
    importlib.import_module(name)
    assert not leaked(), f"{name} loaded {leaked()[:5]}"
"""


def core_modules() -> list[str]:
    """Every module file under the core, found on disk (a walk of the packages would miss a
    directory that lacks __init__.py)."""
    names = []
    for package in PACKAGES:
        root = Path(package.__file__).parent
        for path in sorted(root.rglob("*.py")):
            parts = [*package.__name__.split("."), *path.relative_to(root).with_suffix("").parts]
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_every_core_module_imports_without_django_or_an_app():
    modules = core_modules()
    assert len(modules) > 40 and "fleksjob.core.rules.cpr" in modules  # the whole core was found
    result = subprocess.run(
        [sys.executable, "-c", CHECK, json.dumps(modules)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
