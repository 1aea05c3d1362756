"""The floors between the packages (docs/floors.md), as pyproject.toml's import contracts say.

``make lint`` runs the contracts; these tests hold the contracts themselves to the source tree: a
new package must be placed on a floor (and, unless it is the core's reference data, be forbidden
to the core), and ``web/`` stays the Django project only.
"""

from __future__ import annotations

import pkgutil
import tomllib
from pathlib import Path

import pytest
from importlinter import configuration
from importlinter.application.use_cases import lint_imports

import fleksjob

ROOT = Path(__file__).resolve().parents[1]
SRC = Path(fleksjob.__file__).parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
    "importlinter"
]
CONTRACTS = {contract["id"]: contract for contract in CONFIG["contracts"]}
# Below the core: pure data the core reads; it is no app, so the core may import it.
BELOW_CORE = {"reference"}


def _floors() -> list[list[str]]:
    """The layers contract's floors, top first, each a list of package names."""
    floors = []
    for layer in CONTRACTS["floors"]["layers"]:
        separator = ":" if ":" in layer else "|"
        floors.append([name.strip() for name in layer.split(separator)])
    return floors


def _packages() -> set[str]:
    """Every module and package directly under fleksjob/ (what ``fleksjob.X`` can name)."""
    return {module.name for module in pkgutil.iter_modules(fleksjob.__path__)}


def test_every_package_is_on_exactly_one_floor():
    placed = [name for floor in _floors() for name in floor]
    assert len(placed) == len(set(placed)), "a package is on two floors"
    missing = sorted(_packages() - set(placed))
    assert not missing, (
        f"place {missing} on a floor in pyproject.toml's [tool.importlinter] layers "
        "(docs/floors.md: how to add an app)"
    )
    gone = sorted(set(placed) - _packages())
    assert not gone, f"the floors name packages that do not exist: {gone}"


def test_the_core_is_the_floor_above_only_its_reference_data():
    floors = _floors()
    assert floors[-1] == sorted(BELOW_CORE)
    assert floors[-2] == ["core"]


def test_the_core_is_forbidden_every_app_and_django():
    above_core = {name for floor in _floors()[:-2] for name in floor} - {"__main__"}
    forbidden = set(CONTRACTS["pure-core"]["forbidden_modules"])
    assert {"django", "ninja"} <= forbidden
    missing = sorted({f"fleksjob.{name}" for name in above_core} - forbidden)
    assert not missing, f"add {missing} to the pure-core contract's forbidden_modules"


def test_web_keeps_only_the_django_project():
    project = {"settings", "env", "urls", "wsgi", "asgi", "pytest_mode"}
    web = {module.name for module in pkgutil.iter_modules([str(SRC / "web")])}
    assert web <= project, f"web/ is the Django project only; move {sorted(web - project)} out"


@pytest.mark.parametrize("contract", sorted(CONTRACTS))
def test_no_contract_ignores_imports(contract):
    # An edge that cannot move yet may be listed with a comment why; today none is.
    assert not CONTRACTS[contract].get("ignore_imports")


def test_the_contracts_are_kept(capsys):
    # The same check as `make lint`'s lint-imports (which configures import-linter this way).
    configuration.configure()
    kept = lint_imports(str(ROOT / "pyproject.toml"), cache_dir=None, no_logo=True)
    assert kept, capsys.readouterr().out
