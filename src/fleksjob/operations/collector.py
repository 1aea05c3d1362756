"""The garbage collector of a server process, set for pages over large kept data.

A page view allocates many short-lived objects, and the process keeps hundreds of thousands of
long-lived ones (Django and the rule tables, the matching's indexes, a municipality's deadline
states). With CPython's default thresholds a full collection walks all of them every few dozen
views: 150–600 ms added to one view in ten on national data (the p95 of ``bench/web.py``).
After start-up the objects already there are frozen (``gc.freeze``: never walked again) and the
collections run less often, so full ones become rare. They are unfrozen at exit, so the
interpreter's shutdown frees them as it would have.
"""

from __future__ import annotations

import atexit
import gc

# Young collections every 50,000 new container objects (CPython: 700); a middle one every 20 of
# those, a full one every 20 middle ones (CPython: 10 and 10).
THRESHOLDS = (50_000, 20, 20)


def tune() -> None:
    """Freeze what start-up left and raise the thresholds (once per server process)."""
    gc.collect()  # only live objects are frozen
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
    atexit.register(gc.unfreeze)
