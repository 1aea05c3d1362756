"""Recorded baselines of the benchmarks (bench/baselines/<name>.json) and the table that prints
each figure beside its baseline with the ratio now / baseline.

A baseline is a JSON object: flat ({metric: value}) or grouped by a size ({scale: {metric:
value}}); scripts that record one group keep the others (``{**load(name), scale: figures}``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DIRECTORY = Path(__file__).with_name("baselines")
NONE = "–"  # shown for a figure without a baseline (or a baseline of zero: no ratio)


def path(name: str) -> Path:
    return DIRECTORY / f"{name}.json"


def load(name: str) -> dict[str, Any]:
    """The recorded baseline, or an empty one if none was recorded yet."""
    file = path(name)
    return json.loads(file.read_text()) if file.exists() else {}


def record(name: str, figures: Mapping[str, Any]) -> None:
    """Store ``figures`` as the baseline (the whole file: merge groups before calling)."""
    file = path(name)
    file.parent.mkdir(exist_ok=True)
    file.write_text(json.dumps(figures, indent=2) + "\n")


def ratio(value: float, base: float | None) -> str:
    return f"{value / base:.2f}" if base else NONE


def shown(base: float | None, spec: str = "") -> str:
    return NONE if base is None else format(base, spec)


@dataclass(frozen=True)
class Table:
    """Fixed-width rows: [group] metric, now, baseline, ratio."""

    metric: int  # width of the metric column
    value: int  # width of the "now" and "baseline" columns
    group: int = 0  # width of a leading column (e.g. the scale); 0: no such column
    group_title: str = "scale"
    spec: str = ""  # format of the figures, e.g. "," for thousands separators
    ratio_width: int = 8

    def header(self) -> str:
        lead = f"{self.group_title:<{self.group}}" if self.group else ""
        return (
            f"{lead}{'metric':<{self.metric}}{'now':>{self.value}}{'baseline':>{self.value}}"
            f"{'ratio':>{self.ratio_width}}"
        )

    def row(self, metric: str, value: float, base: float | None, group: str = "") -> str:
        lead = f"{group:<{self.group}}" if self.group else ""
        return (
            f"{lead}{metric:<{self.metric}}{format(value, self.spec):>{self.value}}"
            f"{shown(base, self.spec):>{self.value}}{ratio(value, base):>{self.ratio_width}}"
        )

    def print_rows(
        self, figures: Mapping[str, float], baseline: Mapping[str, Any], group: str = ""
    ) -> None:
        """One row per figure, beside ``baseline[metric]`` (already the group's part)."""
        for metric, value in figures.items():
            print(self.row(metric, value, baseline.get(metric), group))
