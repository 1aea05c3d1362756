"""Sub-commands of ``fleksjob`` that run the functional core on files and arguments.

Every module in this package defines ``register(subparsers)``, which adds its sub-command and sets
``handler`` (a function ``(args) -> exit code``) as a parser default. A handler that needs the
database calls ``setup_django()`` (below) itself; the others start without Django. It lives here,
not in ``fleksjob.cli``, so the commands never import the command line that imports them.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil


def setup_django() -> None:
    # Without explicit configuration the command works against the local demo installation;
    # a production installation sets SECRET_KEY (and FLEKSJOB_MODE) in its environment.
    if "FLEKSJOB_MODE" not in os.environ and "SECRET_KEY" not in os.environ:
        os.environ["FLEKSJOB_MODE"] = "demo"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fleksjob.web.settings")
    import django

    django.setup()


def register_all(sub: argparse._SubParsersAction) -> None:
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        importlib.import_module(f"{__name__}.{module.name}").register(sub)
