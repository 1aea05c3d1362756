"""Great-circle distances and the longitude window that can hold points within a distance."""

from __future__ import annotations

import math

import numpy as np

from .config import EARTH_RADIUS_KM


def haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Haversine distance in km (Earth radius 6371.0 km); broadcasts over arrays."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def window_deg(lat: float, km: float) -> tuple[float, float | None]:
    """Half-widths (latitude, longitude) in degrees of a box holding every point within ``km``.

    Exact bound, not an approximation: the distance is at least R·|Δφ|, and from
    hav(d/R) = hav(Δφ) + cos φ1 cos φ2 hav(Δλ) with cos φ2 ≥ cos φ_far the longitude difference
    obeys hav(Δλ) ≤ hav(d/R) / (cos φ1 cos φ_far). ``None`` for longitude means all longitudes.
    """
    angle = km / EARTH_RADIUS_KM * (1 + 1e-9) + 1e-12
    dlat = math.degrees(angle)
    far = math.radians(abs(lat)) + angle
    if angle >= math.pi / 2 or far >= math.pi / 2:
        return dlat, None
    bound = math.sin(angle / 2) ** 2 / (math.cos(math.radians(lat)) * math.cos(far))
    if bound >= 1.0:
        return dlat, None
    return dlat, math.degrees(2 * math.asin(math.sqrt(bound))) * (1 + 1e-9)
