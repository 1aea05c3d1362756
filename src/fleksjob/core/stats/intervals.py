"""Confidence intervals for a proportion."""

from __future__ import annotations

import numpy as np
from scipy.stats import norm

Z95 = float(norm.ppf(0.975))  # 1.959964
Z998 = float(norm.ppf(0.999))  # 3.090232


def wilson_interval(
    numerator: np.ndarray | float, denominator: np.ndarray | float, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson (1927) score interval for x successes out of n; vectorised, decimals allowed.

    Unlike the normal approximation it stays inside [0, 1] and behaves at x = 0 or x = n.
    """
    x = np.asarray(numerator, dtype=float)
    n = np.asarray(denominator, dtype=float)
    z = float(norm.ppf(0.5 + level / 2))
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return np.clip(centre - half, 0.0, 1.0), np.clip(centre + half, 0.0, 1.0)
