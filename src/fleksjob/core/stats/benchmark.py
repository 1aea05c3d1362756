"""Fair comparison of the municipalities on one indicator in one period, ready for a page.

``compare`` takes the engine's rows for one indicator and period and adds, for a proportion:
the Wilson interval, funnel limits and flag (with overdispersion), the Better / Similar / Worse
label in the indicator's direction, the empirical-Bayes shrunk rate with its interval, a rank
with its interval. Means and ratios get their value only and are "not compared" (a funnel for
them needs a distribution the files do not define).

Everything is computed from the published cells only (suppression first, see
``suppression``): the funnel's target and overdispersion, the shrinkage prior and the ranks
never see a hidden count, and a hidden row gets no derived value at all.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .compare import Peer, comparison_label, peer_details
from .funnel import fit_funnel, flag, funnel
from .indicators import Indicator, load_indicators
from .intervals import wilson_interval
from .ranking import rank_intervals
from .shrinkage import shrink
from .spc import PChart, p_chart
from .suppression import THRESHOLD, publish


def _published(rows: pd.DataFrame, ind: Indicator, threshold: float) -> pd.DataFrame:
    """``rows`` with the suppression pattern applied (computed here unless they carry one)."""
    if "suppressed" in rows:
        return publish(rows)
    if "indicator" not in rows:  # the kind decides which count is protected
        rows = rows.assign(indicator=ind.id)
    return publish(rows, share=ind.is_proportion, threshold=threshold)


def _shown(table: pd.DataFrame) -> np.ndarray:
    """Rows that take part in the comparison: published, with people in the denominator."""
    n = table["denominator"].to_numpy(dtype=float)
    return ~table["suppressed"].to_numpy(dtype=bool) & (np.nan_to_num(n) > 0)


def compare(
    rows: pd.DataFrame,
    indicator: str | Indicator,
    overdispersion: str = "additive",
    trim: float = 0.1,
    label_level: str = "95",
    suppress_below: float = THRESHOLD,
) -> tuple[pd.DataFrame, dict]:
    """(one row per unit, summary) for the units in ``rows`` (unit_id, numerator, denominator).

    ``rows`` may carry the suppression pattern of the whole table they come from
    (``suppressed``, ``denominator_suppressed``); otherwise it is computed on ``rows`` alone.
    Hidden units are listed with no figure but a published denominator; every method is fitted
    on the published units only. The summary holds the funnel's target, φ, τ², n_units (the
    units compared) and the shrinkage fit.
    """
    ind = load_indicators()[indicator] if isinstance(indicator, str) else indicator
    rows = _published(rows.reset_index(drop=True), ind, suppress_below)
    out = rows[["unit_id", "numerator", "denominator", "suppressed"]].copy()
    ok = _shown(out)
    x = out["numerator"].to_numpy(dtype=float)
    n = out["denominator"].to_numpy(dtype=float)
    out["value"] = np.nan
    out.loc[ok, "value"] = ind.multiplier * x[ok] / n[ok]
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
        # Ranks on a lightly smoothed rate so a 0 % or 100 % unit still has a standard error;
        # among the published units only (a gap in the ranks would place a hidden one).
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
    return publish(out), summary


def own_figures(
    table: pd.DataFrame,
    numerator: float,
    denominator: float,
    indicator: str | Indicator,
    overdispersion: str = "additive",
    trim: float = 0.1,
    label_level: str = "95",
) -> dict:
    """A unit's exact figures for its own staff, when the published table hides them: its
    counts, value and Wilson interval, and its flag and label against the funnel fitted on the
    published units of ``table`` (``compare``'s), at its own denominator. Nothing here comes
    from another unit's hidden count: the fit sees the published units only, as on the page.
    No shrunk rate or rank: both place the unit among the others, which the fit does not."""
    ind = load_indicators()[indicator] if isinstance(indicator, str) else indicator
    x, n = float(numerator), float(denominator)
    out: dict = dict.fromkeys(
        ("value", "wilson_lower95", "wilson_upper95", "lower95", "upper95", "flag")
    )
    out.update(numerator=x, denominator=n)
    if n > 0:
        out["value"] = ind.multiplier * x / n
    ok = _shown(table)
    if ind.is_proportion and n > 0:
        lo, hi = wilson_interval(np.array([x]), np.array([n]))
        out["wilson_lower95"], out["wilson_upper95"] = float(lo[0]), float(hi[0])
        if ok.sum() >= 2:
            fit = fit_funnel(
                table["numerator"].to_numpy(float)[ok],
                table["denominator"].to_numpy(float)[ok],
                overdispersion,
                trim,
            )
            limits = fit.limits(np.array([n]))
            out["lower95"], out["upper95"] = (
                float(limits["lower95"][0]),
                float(limits["upper95"][0]),
            )
            out["flag"] = str(flag(np.array([x / n]), limits)[0])
    out["label"] = str(
        comparison_label(np.array([out["flag"]], dtype=object), ind.direction, label_level)[0]
    )
    return out


def limit_lines(
    table: pd.DataFrame,
    overdispersion: str = "additive",
    trim: float = 0.1,
    points: int = 60,
) -> pd.DataFrame | None:
    """Funnel limits to draw (denominator, lower95, upper95, lower998, upper998) over the range
    of the published denominators of ``compare``'s table, from the same fit; None with fewer
    than two units compared."""
    ok = _shown(table)
    if ok.sum() < 2:
        return None
    x = table["numerator"].to_numpy(dtype=float)[ok]
    n = table["denominator"].to_numpy(dtype=float)[ok]
    fit = fit_funnel(x, n, overdispersion, trim)
    grid = np.unique(np.geomspace(max(1.0, n.min() * 0.8), n.max() * 1.1, points).round())
    return pd.DataFrame({"denominator": grid, **fit.limits(grid)})


def trend(rows: pd.DataFrame) -> PChart:
    """SPC signals for one unit's monthly series of a proportion (rows: period, numerator,
    denominator); hidden months (a missing numerator or ``suppressed``) and months with a zero
    denominator are left out, so a signal never rests on a hidden count."""
    series = rows.sort_values("period")
    keep = series["numerator"].notna() & (series["denominator"] > 0)
    if "suppressed" in series:
        keep &= ~series["suppressed"].astype(bool)
    series = series[keep]
    return p_chart(series["numerator"].to_numpy(float), series["denominator"].to_numpy(float))


FRAMEWORK = ("unemployment_rate", "share_age_50_plus", "share_low_education")
# With the population (log scale: a city and a village differ by orders of magnitude) when the
# conditions carry it.
POPULATION = "log_population"


def framework_peers(conditions: pd.DataFrame, month, k: int = 5) -> dict[str, list[str]]:
    """The ``k`` municipalities most similar in framework conditions in ``month`` (the
    ``conditions`` event table: local unemployment, share aged 50+, share with low education)."""
    return {
        unit: [p.unit for p in found]
        for unit, found in framework_peer_details(conditions, month, k).items()
    }


def framework_peer_details(conditions: pd.DataFrame, month, k: int = 5) -> dict[str, list[Peer]]:
    """``framework_peers`` with the reasons (``compare.peer_details``); with a ``population``
    column its logarithm is one more condition."""
    month = pd.Timestamp(month).to_period("M")
    rows = conditions[pd.to_datetime(conditions["month"]).dt.to_period("M") == month]
    if rows.empty:
        raise ValueError(f"no framework conditions for {month}")
    frame = rows.set_index("municipality_id")[list(FRAMEWORK)]
    if "population" in rows:
        frame = frame.assign(**{POPULATION: np.log(rows["population"].to_numpy(dtype=float))})
    return peer_details(frame, k)
