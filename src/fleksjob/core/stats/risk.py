"""Risk adjustment: expected outcomes per unit from citizen-level factors it does not control.

A logistic regression of a citizen-level 0/1 outcome on case-mix factors (age, sex, education,
time since approval, local unemployment) is fitted over all units together; a unit's expected
count is the sum of its citizens' predicted probabilities and O/E compares it with what it
achieved. With an intercept, maximum likelihood makes Σ expected = Σ observed over all units.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm

from .poisson import RatioResult, ratio_funnel

CASE_MIX = ("age", "sex", "education", "years_since_approval", "unemployment_rate")


@dataclass(frozen=True)
class RiskAdjusted:
    units: pd.DataFrame  # unit, n, observed, expected, oe, lower95, upper95, ..., flag
    coefficients: pd.Series  # on the logit scale, by design-matrix column
    funnel: RatioResult


def design_matrix(frame: pd.DataFrame, covariates: list[str]) -> pd.DataFrame:
    """Numeric covariates as they are, text covariates as indicator columns (first dropped)."""
    parts = []
    for col in covariates:
        s = frame[col]
        if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            parts.append(s.astype(float).rename(col))
        else:
            dummies = pd.get_dummies(s.astype(str), prefix=col, drop_first=True, dtype=float)
            parts.append(dummies)
    x = pd.concat(parts, axis=1) if parts else pd.DataFrame(index=frame.index)
    return sm.add_constant(x, has_constant="add")


def risk_adjust(
    frame: pd.DataFrame,
    unit: str = "unit",
    outcome: str = "outcome",
    covariates: list[str] | tuple[str, ...] = CASE_MIX,
) -> RiskAdjusted:
    """Fit the case-mix model and return observed, expected and O/E per unit with limits."""
    covariates = list(covariates)
    missing = [c for c in [unit, outcome, *covariates] if c not in frame]
    if missing:
        raise ValueError(f"missing columns: {', '.join(missing)}")
    if frame[[outcome, *covariates]].isna().to_numpy().any():
        raise ValueError("outcome and covariates must not be missing")
    y = frame[outcome].astype(float)
    if not y.isin([0.0, 1.0]).all():
        raise ValueError("outcome must be 0 or 1")
    x = design_matrix(frame, covariates)
    model = sm.GLM(y.to_numpy(), x.to_numpy(), family=sm.families.Binomial())
    result = model.fit()
    expected = np.asarray(result.predict(x.to_numpy()))
    per = (
        pd.DataFrame({"unit": frame[unit].astype(str).to_numpy(), "o": y.to_numpy(), "e": expected})
        .groupby("unit", sort=True)
        .agg(n=("o", "size"), observed=("o", "sum"), expected=("e", "sum"))
        .reset_index()
    )
    funnel = ratio_funnel(per["observed"].to_numpy(), per["expected"].to_numpy())
    for name, values in funnel.columns().items():
        per["oe" if name == "ratio" else name] = values
    coefs = pd.Series(np.asarray(result.params), index=x.columns)
    return RiskAdjusted(per, coefs, funnel)
