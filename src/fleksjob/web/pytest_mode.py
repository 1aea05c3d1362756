"""Loaded by pytest (``-p fleksjob.web.pytest_mode``) before Django is set up: test mode settings."""

import os

os.environ["FLEKSJOB_MODE"] = "test"
