"""Benchmarking statistics: the indicators engine and the methods for fair comparison.

Pure Python + NumPy/SciPy/statsmodels/DuckDB; never imports Django. The public API:

* methods on arrays: ``wilson_interval``, ``funnel`` / ``fit_funnel`` (proportions, with
  overdispersion), ``ratio_funnel`` / ``ratio_limits`` (O/E on a Poisson funnel),
  ``risk_adjust``, ``shrink`` / ``fit_beta_binomial``, ``kaplan_meier`` / ``summarise``
  (survival), ``rank_intervals``, ``p_chart`` (trend signals), ``comparison_label``, ``peers``,
  ``suppress`` / ``suppression_mask``;
* indicators: ``load_indicators`` (the reviewed definitions), ``compute_indicators`` (DuckDB over
  the event tables of ``schemas``), ``tables_from_synth`` (event tables from synthetic Denmark).
"""

from __future__ import annotations

from .compare import LABELS_DA, LABELS_EN, comparison_label, peers
from .funnel import FLAGS, FunnelFit, FunnelResult, fit_funnel, funnel
from .intervals import wilson_interval
from .poisson import RatioResult, ratio_funnel, ratio_limits
from .ranking import RankIntervals, rank_intervals
from .risk import RiskAdjusted, risk_adjust
from .shrinkage import BetaBinomialFit, Shrunk, fit_beta_binomial, shrink
from .spc import PChart, p_chart
from .suppression import suppress, suppression_mask
from .survival import KMCurve, SurvivalSummary, kaplan_meier, summarise

__all__ = [
    "FLAGS",
    "LABELS_DA",
    "LABELS_EN",
    "BetaBinomialFit",
    "FunnelFit",
    "FunnelResult",
    "KMCurve",
    "PChart",
    "RankIntervals",
    "RatioResult",
    "RiskAdjusted",
    "Shrunk",
    "SurvivalSummary",
    "comparison_label",
    "fit_beta_binomial",
    "fit_funnel",
    "funnel",
    "kaplan_meier",
    "p_chart",
    "peers",
    "rank_intervals",
    "ratio_funnel",
    "ratio_limits",
    "risk_adjust",
    "shrink",
    "summarise",
    "suppress",
    "suppression_mask",
    "wilson_interval",
]
