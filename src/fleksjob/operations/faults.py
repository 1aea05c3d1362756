"""A test-only pause point, so fault tests can kill a worker at a known place in its work.

With ``FLEKSJOB_MODE=test`` and ``FLEKSJOB_FAULT_PAUSE_AT=<stage>`` a worker reaching
``pause_at("<stage>")`` creates the file ``fault-pause-<stage>`` in the data directory and then
waits: until it is killed, or until the test deletes the file (then the worker goes on, e.g. to
meet a database connection the test has cut meanwhile). In any other mode, or for any other
stage, it does nothing.
"""

from __future__ import annotations

import os
import time

from django.conf import settings

VARIABLE = "FLEKSJOB_FAULT_PAUSE_AT"


def pause_at(stage: str) -> None:
    if not settings.TESTING or os.environ.get(VARIABLE) != stage:
        return
    marker = settings.DATA_DIR / f"fault-pause-{stage}"
    marker.touch()
    while marker.exists():
        time.sleep(0.1)
