"""Lever effects estimated across the municipalities, framework conditions adjusted.

For each municipality: the exits from ledighedsydelse into a fleksjob over the months on
ledighedsydelse in the history window (its own hazard), the framework conditions it does not
control (local unemployment, the share aged 50+ and the share without vocational education among
its approved citizens) and the lever's value. A quasi-Poisson regression (log link, months as
offset, dispersion from Pearson's χ²) gives the lever's coefficient and its standard error.

This is a cross-sectional association between municipalities, not an experiment: a municipality
with more consultants may also differ in ways the conditions do not capture. Scenarios therefore
label every lever effect as an estimate and carry its uncertainty into the interval.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

CONDITIONS = ("unemployment_rate", "share_age_50_plus", "share_low_education")
# lever → (scale of the regressor, Danish label); "log": log of the value, "linear": the value
LEVERS: dict[str, tuple[str, str]] = {
    "consultants_fte": ("log", "virksomhedskonsulenter pr. 100 på ledighedsydelse"),
    "active_offer_share": ("linear", "andel på ledighedsydelse i aktivt tilbud"),
}
MIN_UNITS = 20


class NoEstimate(ValueError):
    """Too few municipalities with data on the lever to estimate its effect."""


@dataclass(frozen=True)
class UnitRow:
    code: str
    events: float  # exits from ledighedsydelse into a fleksjob
    exposure: float  # months on ledighedsydelse
    conditions: dict[str, float]
    levers: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Effect:
    """The lever's coefficient on the log hazard of leaving ledighedsydelse for a fleksjob."""

    lever: str
    coefficient: float
    se: float
    n_units: int
    dispersion: float

    @property
    def scale(self) -> str:
        return LEVERS[self.lever][0]

    def multiplier(self, current: float, target: float, coefficient: float | None = None) -> float:
        """The hazard's multiplier for moving the lever from ``current`` to ``target``."""
        b = self.coefficient if coefficient is None else coefficient
        if target == current:
            return 1.0
        if self.scale == "log":
            return (target / current) ** b
        return math.exp(b * (target - current))

    def as_dict(self) -> dict[str, float | int | str | bool]:
        return {
            "lever": self.lever,
            "label": LEVERS[self.lever][1],
            "scale": self.scale,
            "coefficient": self.coefficient,
            "se": self.se,
            "n_units": self.n_units,
            "adjusted_for": ", ".join(CONDITIONS),
            "estimate": True,
        }


def fit_quasi_poisson(
    x: np.ndarray, y: np.ndarray, offset: np.ndarray, iterations: int = 50
) -> tuple[np.ndarray, np.ndarray, float]:
    """Poisson regression by iteratively reweighted least squares; (β, covariance, dispersion)
    with the covariance scaled by Pearson's χ² / (n − p)."""
    beta = np.zeros(x.shape[1])
    beta[0] = math.log(max(y.sum(), 0.5) / np.exp(offset).sum())
    for _ in range(iterations):
        mu = np.exp(x @ beta + offset)
        z = x @ beta + (y - mu) / mu
        xtw = x.T * mu
        new = np.linalg.solve(xtw @ x, xtw @ z)
        done = np.max(np.abs(new - beta)) < 1e-10
        beta = new
        if done:
            break
    mu = np.exp(x @ beta + offset)
    n, p = x.shape
    dispersion = max(1.0, float(((y - mu) ** 2 / mu).sum() / (n - p))) if n > p else 1.0
    cov = np.linalg.inv((x.T * mu) @ x) * dispersion
    return beta, cov, dispersion


def estimate_effect(rows: list[UnitRow], lever: str) -> Effect:
    """The lever's effect across the municipalities that have data on it."""
    scale = LEVERS[lever][0]
    usable = [
        r
        for r in rows
        if r.exposure > 0
        and lever in r.levers
        and math.isfinite(r.levers[lever])
        and (r.levers[lever] > 0 if scale == "log" else True)
        and all(math.isfinite(r.conditions.get(c, math.nan)) for c in CONDITIONS)
    ]
    if len(usable) < MIN_UNITS:
        raise NoEstimate(
            f"for få kommuner med data om {LEVERS[lever][1]} ({len(usable)}; mindst {MIN_UNITS})"
        )
    values = np.array([r.levers[lever] for r in usable])
    if np.ptp(values) == 0:
        raise NoEstimate(f"{LEVERS[lever][1]} er ens i alle kommuner: ingen effekt kan skønnes")
    regressor = np.log(values) if scale == "log" else values
    x = np.column_stack(
        [np.ones(len(usable)), *[[r.conditions[c] for r in usable] for c in CONDITIONS], regressor]
    )
    y = np.array([r.events for r in usable], dtype=float)
    offset = np.log(np.array([r.exposure for r in usable], dtype=float))
    beta, cov, dispersion = fit_quasi_poisson(x, y, offset)
    return Effect(lever, float(beta[-1]), float(math.sqrt(cov[-1, -1])), len(usable), dispersion)
