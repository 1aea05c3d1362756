"""Funnel limits for proportions, with Spiegelhalter's (2005) overdispersion adjustment.

Spiegelhalter, D. J. (2005) "Handling over-dispersion of performance indicators", Qual Saf
Health Care 14:347–351, and "Funnel plots for comparing institutional performance", Stat Med
24:1185–1202. The target p0 is the pooled rate Σx / Σn. Units are judged by z-scores; φ is the
mean squared z-score after winsorising the z-scores at ``trim`` and 1 − ``trim``.

* ``none``: p0 ± z·√(p0(1 − p0)/n), clipped to [0, 1]. This is also the point at which the
  unit's Wilson interval touches p0, so it equals PHE's proportion funnel.
* ``multiplicative``: the same limits with the standard error inflated by √φ.
* ``additive``: random effects on the arcsine-square-root scale (variance 1/(4n)); τ² by the
  DerSimonian–Laird-type moment estimate from the winsorised φ; limits are back-transformed.

When φ ≤ 1 there is no overdispersion to adjust for and the ``none`` limits are returned.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .intervals import Z95, Z998

OVERDISPERSION = ("none", "additive", "multiplicative")
FLAGS = ("high998", "high95", "within", "low95", "low998")


@dataclass(frozen=True)
class FunnelFit:
    """Everything needed to draw the funnel at any denominator."""

    target: float  # pooled rate p0
    overdispersion: str  # as requested
    adjusted: bool  # False for "none" and when φ ≤ 1
    phi: float  # winsorised mean squared z (on the scale the method uses)
    tau2: float  # additive between-unit variance on the arcsine scale; 0 unless adjusted
    n_units: int
    trim: float

    def limits(self, denominator: np.ndarray | float) -> dict[str, np.ndarray]:
        """Lower and upper limits at 95 % and 99.8 % for these denominators."""
        n = np.asarray(denominator, dtype=float)
        out = {}
        for name, z in (("95", Z95), ("998", Z998)):
            lo, hi = self._band(n, z)
            out[f"lower{name}"], out[f"upper{name}"] = lo, hi
        return out

    def _band(self, n: np.ndarray, z: float) -> tuple[np.ndarray, np.ndarray]:
        p0 = self.target
        if self.adjusted and self.overdispersion == "additive":
            theta0 = np.arcsin(np.sqrt(p0))
            half = z * np.sqrt(1 / (4 * n) + self.tau2)
            lo = np.sin(np.clip(theta0 - half, 0.0, np.pi / 2)) ** 2
            hi = np.sin(np.clip(theta0 + half, 0.0, np.pi / 2)) ** 2
            return lo, hi
        inflate = self.phi if self.adjusted else 1.0
        half = z * np.sqrt(inflate * p0 * (1 - p0) / n)
        return np.clip(p0 - half, 0.0, 1.0), np.clip(p0 + half, 0.0, 1.0)

    def z_scores(self, numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
        """z-scores under this fit (adjusted for overdispersion when it is)."""
        x = np.asarray(numerator, dtype=float)
        n = np.asarray(denominator, dtype=float)
        if self.adjusted and self.overdispersion == "additive":
            return _arcsine_z(x, n, self.target, self.tau2)
        z = _normal_z(x, n, self.target)
        return z / np.sqrt(self.phi) if self.adjusted else z


@dataclass(frozen=True)
class FunnelResult:
    fit: FunnelFit
    rate: np.ndarray
    lower95: np.ndarray
    upper95: np.ndarray
    lower998: np.ndarray
    upper998: np.ndarray
    z: np.ndarray
    flag: np.ndarray  # of FLAGS

    def columns(self) -> dict[str, np.ndarray]:
        return {
            "rate": self.rate,
            "lower95": self.lower95,
            "upper95": self.upper95,
            "lower998": self.lower998,
            "upper998": self.upper998,
            "z": self.z,
            "flag": self.flag,
        }


def _normal_z(x: np.ndarray, n: np.ndarray, p0: float) -> np.ndarray:
    se = np.sqrt(p0 * (1 - p0) / n)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(se > 0, (x / n - p0) / np.where(se > 0, se, 1.0), 0.0)


def _arcsine_z(x: np.ndarray, n: np.ndarray, p0: float, tau2: float = 0.0) -> np.ndarray:
    theta = np.arcsin(np.sqrt(x / n))
    return (theta - np.arcsin(np.sqrt(p0))) / np.sqrt(1 / (4 * n) + tau2)


def winsorise(z: np.ndarray, trim: float) -> np.ndarray:
    """Pull the z-scores below the ``trim`` quantile (above 1 − trim) in to that quantile."""
    if trim <= 0 or len(z) == 0:
        return z
    lo, hi = np.quantile(z, [trim, 1 - trim])
    return np.clip(z, lo, hi)


def _check(x: np.ndarray, n: np.ndarray) -> None:
    if x.shape != n.shape or x.ndim != 1 or len(x) == 0:
        raise ValueError("numerator and denominator must be non-empty 1-d arrays of one length")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(n))):
        raise ValueError("numerators and denominators must be finite numbers")
    if np.any(n <= 0) or np.any(x < 0) or np.any(x > n):
        raise ValueError("need denominator > 0 and 0 ≤ numerator ≤ denominator")


def fit_funnel(
    numerator: np.ndarray,
    denominator: np.ndarray,
    overdispersion: str = "additive",
    trim: float = 0.1,
) -> FunnelFit:
    """Target, φ and τ² for a set of units (one period of one indicator)."""
    if overdispersion not in OVERDISPERSION:
        raise ValueError(f"overdispersion must be one of {', '.join(OVERDISPERSION)}")
    if not 0 <= trim < 0.5:
        raise ValueError("trim must be in [0, 0.5)")
    x = np.asarray(numerator, dtype=float)
    n = np.asarray(denominator, dtype=float)
    _check(x, n)
    p0 = float(x.sum() / n.sum())
    k = len(x)
    z = _arcsine_z(x, n, p0) if overdispersion == "additive" else _normal_z(x, n, p0)
    phi = float(np.mean(winsorise(z, trim) ** 2))
    # One unit cannot show spread between units; its z-score is all there is.
    adjusted = overdispersion != "none" and phi > 1 and k > 1
    tau2 = 0.0
    if adjusted and overdispersion == "additive":
        w = 4 * n  # 1 / s² on the arcsine scale
        tau2 = max(0.0, float((k * phi - (k - 1)) / (w.sum() - (w * w).sum() / w.sum())))
    return FunnelFit(p0, overdispersion, adjusted, phi, tau2, k, trim)


def flag(rate: np.ndarray, limits: dict[str, np.ndarray]) -> np.ndarray:
    """high998 / high95 / within / low95 / low998 for rates against their limits (strict)."""
    rate = np.asarray(rate, dtype=float)
    return np.select(
        [
            rate > limits["upper998"],
            rate > limits["upper95"],
            rate < limits["lower998"],
            rate < limits["lower95"],
        ],
        ["high998", "high95", "low998", "low95"],
        default="within",
    )


def funnel(
    numerator: np.ndarray,
    denominator: np.ndarray,
    overdispersion: str = "additive",
    trim: float = 0.1,
) -> FunnelResult:
    """Rate, limits at each unit's own denominator, z-score and flag for every unit."""
    x = np.asarray(numerator, dtype=float)
    n = np.asarray(denominator, dtype=float)
    fit = fit_funnel(x, n, overdispersion, trim)
    rate = x / n
    lim = fit.limits(n)
    return FunnelResult(
        fit=fit,
        rate=rate,
        lower95=lim["lower95"],
        upper95=lim["upper95"],
        lower998=lim["lower998"],
        upper998=lim["upper998"],
        z=fit.z_scores(x, n),
        flag=flag(rate, lim),
    )
