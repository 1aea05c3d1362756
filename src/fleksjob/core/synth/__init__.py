"""Synthetic Denmark: a deterministic generator of the whole fleksjob population.

``generate(scale, seed, today)`` returns the 14 tables the demo loader inserts (explicit ids,
foreign keys by id, values ready for Django's field types) and a summary of the calibration
figures it achieved. Pure Python + NumPy; never imports Django. See docs/synthetic-denmark.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from .assemble import COLUMNS, Dataset, Table, generate_dataset
from .calibration import SCALE_FACTORS

__all__ = ["COLUMNS", "SCALES", "Dataset", "Table", "generate"]

# Scale factor on the national figures: ≈ 1,000 / 10,000 / 100,000 active approved citizens.
SCALES: dict[str, float] = dict(SCALE_FACTORS)


def generate(
    scale: str,
    seed: int,
    today: dt.date,
    progress: Callable[[str, int, int], None] | None = None,
) -> Dataset:
    """Synthetic Denmark at ``scale`` ("tiny", "municipality", "national"), history to ``today``.

    The same (scale, seed, today) always gives the same Dataset. ``progress(phase, done, total)``
    is called now and then. An unknown scale raises ValueError.
    """
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    return generate_dataset(SCALES[scale], seed, today, progress)
