"""A server process freezes what start-up left and collects garbage less often
(fleksjob/operations/collector.py): full collections walked every kept object once every few dozen
page views, the slow view in ten on national data."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from fleksjob.operations.collector import THRESHOLDS


@pytest.mark.parametrize("entry", ["wsgi", "asgi"])
def test_the_server_entry_points_tune_the_collector(entry, tmp_path):
    probe = (
        "import gc, json\n"
        f"import fleksjob.web.{entry}\n"
        "import duckdb\n"
        "print(json.dumps([gc.get_threshold(), gc.get_freeze_count()]))\n"
    )
    env = {**os.environ, "FLEKSJOB_MODE": "demo", "FLEKSJOB_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    thresholds, frozen = json.loads(done.stdout.strip().splitlines()[-1])
    assert tuple(thresholds) == THRESHOLDS != (700, 10, 10)
    assert frozen > 10_000  # Django and the application, never walked again
    assert "leaked" not in done.stderr  # unfrozen at exit: extension modules shut down cleanly
