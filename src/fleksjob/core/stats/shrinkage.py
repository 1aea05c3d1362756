"""Beta-binomial empirical Bayes shrinkage of unit rates.

The units' true rates are taken to be Beta(α, β); α and β are fitted by maximum likelihood of
the beta-binomial over all units, and each unit's rate is the posterior Beta(α + x, β + n − x).
Small units are pulled towards the common mean, large ones hardly move. When the rates show no
between-unit spread the likelihood keeps rising as α + β → ∞ (a Beta with no width): then the
fit has not converged and every unit gets the pooled rate, and the result says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize
from scipy.special import betaln, expit, logit
from scipy.stats import beta as beta_dist

# Prior strength α + β beyond which the prior is a point mass for any realistic denominator.
_MAX_LOG_STRENGTH = np.log(1e8)


@dataclass(frozen=True)
class BetaBinomialFit:
    alpha: float | None  # None when the fit fell back to the pooled rate
    beta: float | None
    pooled: float  # Σx / Σn
    converged: bool
    message: str


@dataclass(frozen=True)
class Shrunk:
    fit: BetaBinomialFit
    rate: np.ndarray
    lower95: np.ndarray
    upper95: np.ndarray


def _neg_loglik(params: np.ndarray, x: np.ndarray, n: np.ndarray) -> float:
    mu, strength = expit(params[0]), np.exp(params[1])
    a, b = mu * strength, (1 - mu) * strength
    # The binomial coefficient does not depend on α, β (and decimals are allowed).
    return -float(np.sum(betaln(x + a, n - x + b) - betaln(a, b)))


def fit_beta_binomial(numerator: np.ndarray, denominator: np.ndarray) -> BetaBinomialFit:
    x = np.asarray(numerator, dtype=float)
    n = np.asarray(denominator, dtype=float)
    if x.shape != n.shape or len(x) == 0 or np.any(n <= 0) or np.any(x < 0) or np.any(x > n):
        raise ValueError("need denominator > 0 and 0 ≤ numerator ≤ denominator")
    pooled = float(x.sum() / n.sum())
    if len(x) < 2 or pooled in (0.0, 1.0):
        return BetaBinomialFit(None, None, pooled, False, "too few units or no variation")
    # Start from the method of moments, bounded to a sensible range.
    p = x / n
    var = float(np.var(p))
    start_strength = pooled * (1 - pooled) / var - 1 if var > 0 else 1e4
    start = np.array(
        [logit(np.clip(pooled, 1e-6, 1 - 1e-6)), np.log(np.clip(start_strength, 1e-2, 1e6))]
    )
    res = minimize(
        _neg_loglik,
        start,
        args=(x, n),
        method="L-BFGS-B",
        bounds=[(-30, 30), (np.log(1e-4), _MAX_LOG_STRENGTH)],
    )
    # The binomial (α + β → ∞ at the pooled rate) is the boundary of the model; when the best
    # finite fit is no better than it, the data show no between-unit spread.
    binomial = float(np.sum(x * np.log(pooled) + (n - x) * np.log1p(-pooled)))
    at_edge = res.x[1] >= _MAX_LOG_STRENGTH - 1e-3 or -res.fun <= binomial + 1e-6
    if not res.success or at_edge:
        why = "no between-unit spread" if at_edge else f"optimiser: {res.message}"
        return BetaBinomialFit(None, None, pooled, False, f"{why}; pooled rate used for every unit")
    mu, strength = float(expit(res.x[0])), float(np.exp(res.x[1]))
    return BetaBinomialFit(mu * strength, (1 - mu) * strength, pooled, True, "converged")


def shrink(numerator: np.ndarray, denominator: np.ndarray, level: float = 0.95) -> Shrunk:
    """Posterior mean and central ``level`` interval of every unit's rate."""
    x = np.asarray(numerator, dtype=float)
    n = np.asarray(denominator, dtype=float)
    fit = fit_beta_binomial(x, n)
    if not fit.converged:
        same = np.full(len(x), fit.pooled)
        return Shrunk(fit, same, same.copy(), same.copy())
    a, b = fit.alpha + x, fit.beta + n - x
    tail = (1 - level) / 2
    return Shrunk(fit, a / (a + b), beta_dist.ppf(tail, a, b), beta_dist.ppf(1 - tail, a, b))
