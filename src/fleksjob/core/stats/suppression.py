"""Small-cell suppression: no published count below 5, and no complement that reveals one.

For a share x/n the published figures are x, n and x/n. A count x below the threshold is
hidden; so is x when n − x is below it (x and n together would reveal the complement). Hiding x
hides the value too (value and n give x back). A denominator below the threshold hides the
whole row. Zero is a count like any other (it says that nobody in the group has the trait).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

THRESHOLD = 5


def suppression_mask(
    numerator: np.ndarray,
    denominator: np.ndarray,
    threshold: float = THRESHOLD,
    complement: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """(hide numerator and value, hide denominator) as boolean arrays.

    ``complement`` is for shares, where n − x is a count of people too; for a mean or a ratio
    (hours per job, consultants per 100) it is not, so pass False.
    """
    x = np.asarray(numerator, dtype=float)
    n = np.asarray(denominator, dtype=float)
    hide_n = n < threshold
    hide_x = hide_n | (x < threshold)
    if complement:
        hide_x |= (n - x) < threshold
    return hide_x, hide_n


def suppress(
    frame: pd.DataFrame,
    numerator: str = "numerator",
    denominator: str = "denominator",
    value_columns: tuple[str, ...] = ("value",),
    complement: bool | pd.Series = True,
    threshold: float = THRESHOLD,
) -> pd.DataFrame:
    """A copy with hidden cells set to NaN and a boolean ``suppressed`` column.

    ``complement`` may be a boolean Series aligned with the frame (per row, e.g. by indicator).
    """
    out = frame.copy()
    x = out[numerator].to_numpy(dtype=float)
    n = out[denominator].to_numpy(dtype=float)
    comp = np.asarray(complement, dtype=bool) if not isinstance(complement, bool) else complement
    hide_x, hide_n = suppression_mask(x, n, threshold, complement=False)
    if comp is not False:
        hide_x |= np.asarray(comp) & ((n - x) < threshold)
    out[numerator] = np.where(hide_x, np.nan, x)
    out[denominator] = np.where(hide_n, np.nan, n)
    for col in value_columns:
        if col in out:
            out[col] = np.where(hide_x, np.nan, out[col].to_numpy(dtype=float))
    out["suppressed"] = hide_x
    return out
