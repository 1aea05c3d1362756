"""Small-cell suppression: no published count below 5, and no complement that reveals one.

For a share x/n both x and n are counts of people, and so is n − x: a count x below the
threshold is hidden, and so is x when n − x is below it (x and n together would give the
complement back). Hiding x hides the value too (value and n give x back). For a mean or a ratio
(hours per fleksjob, consultants per 100) only the denominator counts people; the row is hidden
when it is small. A denominator below the threshold hides the whole row. Zero is a count like
any other (it says that nobody in the group has the trait).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

THRESHOLD = 5


def suppression_mask(
    numerator: np.ndarray,
    denominator: np.ndarray,
    threshold: float = THRESHOLD,
    share: bool | np.ndarray = True,
) -> tuple[np.ndarray, np.ndarray]:
    """(hide numerator and value, hide denominator) as boolean arrays.

    ``share`` (one flag, or one per row) says the numerator is a count of people among the
    denominator's; otherwise only the denominator is a count.
    """
    x = np.asarray(numerator, dtype=float)
    n = np.asarray(denominator, dtype=float)
    share = np.broadcast_to(np.asarray(share, dtype=bool), x.shape)
    hide_n = n < threshold
    hide_x = hide_n | (share & ((x < threshold) | ((n - x) < threshold)))
    return hide_x, hide_n


def suppress(
    frame: pd.DataFrame,
    numerator: str = "numerator",
    denominator: str = "denominator",
    value_columns: tuple[str, ...] = ("value",),
    share: bool | pd.Series | np.ndarray = True,
    threshold: float = THRESHOLD,
) -> pd.DataFrame:
    """A copy with hidden cells set to NaN and a boolean ``suppressed`` column (numerator and
    value hidden). ``share`` may be given per row (e.g. by the indicator's kind)."""
    out = frame.copy()
    x = out[numerator].to_numpy(dtype=float)
    n = out[denominator].to_numpy(dtype=float)
    hide_x, hide_n = suppression_mask(x, n, threshold, np.asarray(share, dtype=bool))
    out[numerator] = np.where(hide_x, np.nan, x)
    out[denominator] = np.where(hide_n, np.nan, n)
    for col in value_columns:
        if col in out:
            out[col] = np.where(hide_x, np.nan, out[col].to_numpy(dtype=float))
    out["suppressed"] = hide_x
    return out
