"""Loaded by pytest (``-p fleksjob.web.pytest_mode``) before Django is set up: test mode."""

import os

os.environ["FLEKSJOB_MODE"] = "test"
