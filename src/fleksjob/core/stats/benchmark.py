"""Fair comparison of the municipalities on one indicator in one period, ready for a page.

``compare`` takes the engine's rows for one indicator and period and adds, for a proportion:
the Wilson interval, funnel limits and flag (with overdispersion), the Better / Similar / Worse
label in the indicator's direction, the empirical-Bayes shrunk rate with its interval, a rank
with its interval, and small-cell suppression. Means and ratios get their value only and are
"not compared" (a funnel for them needs a distribution the files do not define).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from fleksjob.reference import municipalities

from .compare import comparison_label, peers
from .funnel import funnel
from .indicators import Indicator, load_indicators
from .intervals import wilson_interval
from .ranking import rank_intervals
from .shrinkage import shrink
from .spc import PChart, p_chart
from .suppression import THRESHOLD, suppress, suppression_mask

_DERIVED = (
    "numerator",
    "value",
    "wilson_lower95",
    "wilson_upper95",
    "z",
    "shrunk_rate",
    "shrunk_lower95",
    "shrunk_upper95",
)


def compare(
    rows: pd.DataFrame,
    indicator: str | Indicator,
    overdispersion: str = "additive",
    trim: float = 0.1,
    label_level: str = "95",
    suppress_below: float = THRESHOLD,
) -> tuple[pd.DataFrame, dict]:
    """(one row per unit, summary) for the units in ``rows`` (unit_id, numerator, denominator).

    Units with a zero denominator are listed as not compared. Suppressed units keep their
    label and flag but lose every figure that would give their count back. The summary holds
    the funnel's target, φ, τ², n_units and the shrinkage fit.
    """
    ind = load_indicators()[indicator] if isinstance(indicator, str) else indicator
    out = rows[["unit_id", "numerator", "denominator"]].copy().reset_index(drop=True)
    x = out["numerator"].to_numpy(dtype=float)
    n = out["denominator"].to_numpy(dtype=float)
    ok = n > 0
    out["value"] = np.where(ok, ind.multiplier * x / np.where(ok, n, 1), np.nan)
    out["flag"] = None
    summary: dict = {"indicator": ind.id, "n_units": int(ok.sum())}
    if ind.is_proportion and ok.sum() >= 2:
        lo, hi = wilson_interval(x[ok], n[ok])
        res = funnel(x[ok], n[ok], overdispersion, trim)
        sh = shrink(x[ok], n[ok])
        for col, vals in (
            ("wilson_lower95", lo),
            ("wilson_upper95", hi),
            ("lower95", res.lower95),
            ("upper95", res.upper95),
            ("lower998", res.lower998),
            ("upper998", res.upper998),
            ("z", res.z),
            ("shrunk_rate", sh.rate),
            ("shrunk_lower95", sh.lower95),
            ("shrunk_upper95", sh.upper95),
        ):
            out[col] = np.nan
            out.loc[ok, col] = vals
        out.loc[ok, "flag"] = res.flag
        # Ranks on a lightly smoothed rate so a 0 % or 100 % unit still has a standard error.
        p = (x[ok] + 0.5) / (n[ok] + 1)
        higher = ind.direction != "low_is_good"
        ranks = rank_intervals(x[ok] / n[ok], np.sqrt(p * (1 - p) / n[ok]), higher)
        for col, vals in (
            ("rank", ranks.rank),
            ("rank_lower", ranks.lower),
            ("rank_upper", ranks.upper),
        ):
            out[col] = pd.array([pd.NA] * len(out), dtype="Int64")
            out.loc[ok, col] = vals
        fit = res.fit
        summary.update(
            target=fit.target,
            phi=fit.phi,
            tau2=fit.tau2,
            adjusted=fit.adjusted,
            overdispersion=fit.overdispersion,
            shrinkage={
                "alpha": sh.fit.alpha,
                "beta": sh.fit.beta,
                "converged": sh.fit.converged,
                "message": sh.fit.message,
            },
        )
    out["label"] = comparison_label(out["flag"].to_numpy(), ind.direction, label_level)
    hide_x, hide_n = suppression_mask(x, n, suppress_below, share=ind.is_proportion)
    for col in _DERIVED:
        if col in out:
            out[col] = out[col].astype(float).where(~hide_x)
    for col in ("rank", "rank_lower", "rank_upper"):
        if col in out:  # a rank among known rates narrows the hidden one down
            out[col] = out[col].where(~hide_x)
    out["denominator"] = out["denominator"].astype(float).where(~hide_n)
    out["suppressed"] = hide_x
    return out, summary


def trend(rows: pd.DataFrame) -> PChart:
    """SPC signals for one unit's monthly series of a proportion (rows: period, numerator,
    denominator); months with a zero denominator are left out."""
    series = rows.sort_values("period")
    series = series[series["denominator"] > 0]
    return p_chart(series["numerator"].to_numpy(float), series["denominator"].to_numpy(float))


FRAMEWORK = ("unemployment_rate", "share_age_50_plus", "share_low_education")


def framework_peers(conditions: pd.DataFrame, month, k: int = 5) -> dict[str, list[str]]:
    """The ``k`` municipalities most similar in framework conditions in ``month`` (the
    ``conditions`` event table: local unemployment, share aged 50+, share with low education)."""
    month = pd.Timestamp(month).to_period("M")
    rows = conditions[pd.to_datetime(conditions["month"]).dt.to_period("M") == month]
    if rows.empty:
        raise ValueError(f"no framework conditions for {month}")
    return peers(rows.set_index("municipality_id")[list(FRAMEWORK)], k)


def publishable(
    long: pd.DataFrame,
    threshold: float = THRESHOLD,
    region_of: dict[str, str] | None = None,
) -> pd.DataFrame:
    """The engine's long table with small cells suppressed, ready to publish.

    Primary: every row by ``suppression`` (counts below ``threshold``; for shares also the
    complement). Secondary: a region's figure minus its visible municipalities would give back
    the sum of the hidden ones, so within each region, indicator and period more municipalities
    are hidden (smallest first) until the hidden numerators, complements and denominators each
    add up to at least ``threshold`` (or all are hidden). ``region_of`` maps municipality to
    region (default: the reference list); a column ``suppressed`` marks hidden numerators.
    """
    kinds = {i.id: i.is_proportion for i in load_indicators().values()}
    is_prop = long["indicator"].map(kinds).to_numpy(dtype=bool)
    out = suppress(long, share=is_prop, threshold=threshold)
    if region_of is None:
        region_of = {m.code: str(m.region_code) for m in municipalities()}
    muni = out.index[out["unit_level"] == "municipality"]
    x = long["numerator"].to_numpy(dtype=float)
    n = long["denominator"].to_numpy(dtype=float)
    hide_x = out["suppressed"].to_numpy().copy()
    hide_n = out["denominator"].isna().to_numpy() & long["denominator"].notna().to_numpy()
    keys = pd.DataFrame(
        {
            "region": long.loc[muni, "unit_id"].map(region_of),
            "indicator": long.loc[muni, "indicator"],
            "period": long.loc[muni, "period"],
        },
        index=muni,
    )
    positions = pd.Series(range(len(long)), index=long.index)
    for _, group in keys.groupby(["region", "indicator", "period"], sort=False):
        idx = positions[group.index].to_numpy()
        if not hide_x[idx].any() and not hide_n[idx].any():
            continue
        _protect(idx, hide_n, n, threshold, also=hide_x)
        if is_prop[idx[0]]:  # for a mean or a ratio the numerator is not a count of people
            _protect(idx, hide_x, x, threshold)
            _protect(idx, hide_x, n - x, threshold)
    out.loc[hide_x, ["numerator", "value"]] = np.nan
    out.loc[hide_n, "denominator"] = np.nan
    out["suppressed"] = hide_x
    return out


def _protect(idx, hidden, amount, threshold, also=None) -> None:
    """Hide more cells of ``idx`` (smallest ``amount`` first) until the hidden ones add up to
    at least ``threshold`` or all are hidden. ``also`` is hidden alongside."""
    while True:
        mine = hidden[idx]
        if not mine.any() or mine.all() or amount[idx][mine].sum() >= threshold:
            return
        visible = idx[~mine]
        pick = visible[np.argmin(amount[visible])]
        hidden[pick] = True
        if also is not None:
            also[pick] = True
