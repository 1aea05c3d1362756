"""Benchmarking statistics: the indicators engine and the methods for fair comparison.

Pure Python + NumPy/SciPy/statsmodels/DuckDB; never imports Django. The public API:

* methods on arrays: ``wilson_interval``, ``funnel`` / ``fit_funnel`` (proportions, with
  overdispersion), ``ratio_funnel`` / ``ratio_limits`` (O/E on a Poisson funnel),
  ``risk_adjust``, ``shrink`` / ``fit_beta_binomial``, ``kaplan_meier`` / ``summarise``
  (survival), ``rank_intervals``, ``p_chart`` / ``episodes`` (trend signals),
  ``comparison_label``, ``peers`` / ``peer_details`` (with the reason);
* discretion: ``publish`` (the one gate every published table passes: primary and secondary
  suppression, and every derived value of a hidden row blanked), ``suppression_pattern``,
  ``suppression_mask`` (the primary rule);
* indicators: ``load_indicators`` (the reviewed definitions), ``connect`` / ``compute_indicators``
  (DuckDB over the event tables of ``schemas.TABLES``), ``tables_from_synth`` (event tables from
  synthetic Denmark), ``time_to_first_fleksjob`` / ``case_mix`` (citizen-level extracts);
* for the pages: ``compare`` (one indicator and period: every method in one table, on the
  published cells), ``limit_lines`` (its funnel to draw), ``trend``, ``framework_peers`` /
  ``framework_peer_details``, ``own_figures`` (a hidden row's exact figures for its own staff).
"""

from __future__ import annotations

import importlib

# Imported on first use, so `fleksjob stats funnel` does not pay for DuckDB and statsmodels.
_WHERE = {
    "peer_details": "compare",
    "own_figures": "benchmark",
    "framework_peer_details": "benchmark",
    "episodes": "spc",
    "Peer": "compare",
    "Episode": "spc",
    "BetaBinomialFit": "shrinkage",
    "FLAGS": "funnel",
    "FunnelFit": "funnel",
    "FunnelResult": "funnel",
    "Indicator": "indicators",
    "KMCurve": "survival",
    "LABELS_DA": "compare",
    "LABELS_EN": "compare",
    "PChart": "spc",
    "RankIntervals": "ranking",
    "RatioResult": "poisson",
    "RiskAdjusted": "risk",
    "SchemaError": "schemas",
    "Shrunk": "shrinkage",
    "SurvivalSummary": "survival",
    "TABLES": "schemas",
    "case_mix": "citizen_level",
    "compare": "benchmark",
    "comparison_label": "compare",
    "compute_indicators": "engine",
    "connect": "engine",
    "fit_beta_binomial": "shrinkage",
    "first_fleksjob_survival": "citizen_level",
    "fit_funnel": "funnel",
    "framework_peers": "benchmark",
    "funnel": "funnel",
    "kaplan_meier": "survival",
    "limit_lines": "benchmark",
    "load_indicators": "indicators",
    "p_chart": "spc",
    "peers": "compare",
    "publish": "suppression",
    "rank_intervals": "ranking",
    "ratio_funnel": "poisson",
    "ratio_limits": "poisson",
    "risk_adjust": "risk",
    "shrink": "shrinkage",
    "summarise": "survival",
    "suppression_mask": "suppression",
    "suppression_pattern": "suppression",
    "tables_from_synth": "from_synth",
    "time_to_first_fleksjob": "citizen_level",
    "trend": "benchmark",
    "wilson_interval": "intervals",
}

__all__ = [
    "FLAGS",
    "LABELS_DA",
    "LABELS_EN",
    "TABLES",
    "BetaBinomialFit",
    "Episode",
    "FunnelFit",
    "FunnelResult",
    "Indicator",
    "KMCurve",
    "PChart",
    "Peer",
    "RankIntervals",
    "RatioResult",
    "RiskAdjusted",
    "SchemaError",
    "Shrunk",
    "SurvivalSummary",
    "case_mix",
    "compare",
    "comparison_label",
    "compute_indicators",
    "connect",
    "episodes",
    "first_fleksjob_survival",
    "fit_beta_binomial",
    "fit_funnel",
    "framework_peer_details",
    "framework_peers",
    "funnel",
    "kaplan_meier",
    "limit_lines",
    "load_indicators",
    "own_figures",
    "p_chart",
    "peer_details",
    "peers",
    "publish",
    "rank_intervals",
    "ratio_funnel",
    "ratio_limits",
    "risk_adjust",
    "shrink",
    "summarise",
    "suppression_mask",
    "suppression_pattern",
    "tables_from_synth",
    "time_to_first_fleksjob",
    "trend",
    "wilson_interval",
]


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
