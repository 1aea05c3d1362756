"""Sub-commands of ``fleksjob`` that run the functional core on files and arguments.

Every module in this package defines ``register(subparsers)``, which adds its sub-command and sets
``handler`` (a function ``(args) -> exit code``) as a parser default. A handler that needs the
database calls ``fleksjob.cli.setup_django()`` itself; the others start without Django.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil


def register_all(sub: argparse._SubParsersAction) -> None:
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        importlib.import_module(f"{__name__}.{module.name}").register(sub)
