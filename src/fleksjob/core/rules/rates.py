"""Rate tables as data: one JSON file per year in ``rates/``, each with one or more rule sets.

Every rate carries its value, unit, source and a ``verified`` flag (false for derived or
second-hand figures, with the derivation). A rule set has effective dates; a calculation for a date
uses the rule set in force that day. A date that no rule set covers is an error, never a fallback.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

_RATE_KEYS = (
    "hoejeste_dagpengesats",
    "fleksloentilskud_max",
    "reduction_threshold",
    "reduction_rate_low",
    "reduction_rate_high",
    "ledighedsydelse_high",
    "kontanthjaelp_forsorger",
    "kontanthjaelp_ikke_forsorger",
    "atp_full",
    "atp_two_thirds",
    "atp_one_third",
    "atp_extra_pct",
    "atp_extra_max",
)


class RatesNotCovered(ValueError):
    """No rule set is in force for the requested year or date."""


class RateTableError(ValueError):
    """A rate file is malformed (names the file and the field)."""


@dataclass(frozen=True)
class RefusionSteps:
    """The refusion staircase (finansieringsloven § 5, stk. 2) and the § 6 reset rule."""

    upper_weeks: tuple[int | None, ...]  # last week of each step; None = open-ended
    pct: tuple[float, ...]
    reset_self_support_weeks: int
    reset_window_weeks: int
    source: str

    def pct_for_week(self, week: int) -> float:
        """The state's share for the ``week``-th week with ydelser (1-based)."""
        if week < 1:
            raise ValueError("ugenummeret i refusionsperioden starter ved 1")
        for upper, pct in zip(self.upper_weeks, self.pct, strict=True):
            if upper is None or week <= upper:
                return pct
        raise AssertionError("refusion steps must end open-ended")  # checked when loading


@dataclass(frozen=True)
class RuleSet:
    """The rates in force from ``effective_from`` to ``effective_to`` (both inclusive)."""

    effective_from: dt.date
    effective_to: dt.date
    hoejeste_dagpengesats: float
    fleksloentilskud_max: float
    reduction_threshold: float  # T: 30 % below, 55 % above
    reduction_rate_low: float
    reduction_rate_high: float
    ledighedsydelse_high: float  # 89 % of højeste dagpengesats
    kontanthjaelp_forsorger: float
    kontanthjaelp_ikke_forsorger: float
    atp_full: float
    atp_two_thirds: float
    atp_one_third: float
    atp_extra_pct: float
    atp_extra_max: float
    refusion: RefusionSteps
    sources: dict[str, dict[str, Any]] = field(repr=False, compare=False)
    notes: str = ""

    def as_dict(self) -> dict[str, Any]:
        """Every rate with value, unit, source, verified (and derivation); for `calc rates`."""
        return {
            "effective_from": self.effective_from.isoformat(),
            "effective_to": self.effective_to.isoformat(),
            "notes": self.notes,
            "rates": {key: dict(self.sources[key]) for key in _RATE_KEYS},
            "refusion": {
                "steps": [
                    {"to_week": upper, "pct": pct}
                    for upper, pct in zip(self.refusion.upper_weeks, self.refusion.pct, strict=True)
                ],
                "reset_self_support_weeks": self.refusion.reset_self_support_weeks,
                "reset_window_weeks": self.refusion.reset_window_weeks,
                "source": self.refusion.source,
            },
        }


def rule_period(where: str, raw: dict[str, Any], error: type) -> tuple[dt.date, dt.date]:
    """A rule set's (effective_from, effective_to); ``error`` when either is missing or bad."""
    try:
        return dt.date.fromisoformat(raw["effective_from"]), dt.date.fromisoformat(
            raw["effective_to"]
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise error(f"{where}: effective_from/effective_to mangler eller er ugyldig") from exc


def _parse_rule_set(name: str, index: int, raw: dict[str, Any]) -> RuleSet:
    where = f"{name}, rule_sets[{index}]"
    start, end = rule_period(where, raw, RateTableError)
    if end < start:
        raise RateTableError(f"{where}: effective_to ligger før effective_from")
    values: dict[str, float] = {}
    sources: dict[str, dict[str, Any]] = {}
    for key in _RATE_KEYS:
        entry = raw.get("rates", {}).get(key)
        if not isinstance(entry, dict) or not isinstance(entry.get("value"), int | float):
            raise RateTableError(f"{where}, rates.{key}: mangler en talværdi")
        if not entry.get("source") or not isinstance(entry.get("verified"), bool):
            raise RateTableError(f"{where}, rates.{key}: mangler source eller verified")
        values[key] = float(entry["value"])
        sources[key] = entry
    ref = raw.get("refusion") or {}
    steps = ref.get("steps") or []
    if not steps or steps[-1].get("to_week") is not None:
        raise RateTableError(f"{where}, refusion.steps: sidste trin skal være åbent (to_week null)")
    refusion = RefusionSteps(
        upper_weeks=tuple(s["to_week"] for s in steps),
        pct=tuple(float(s["pct"]) for s in steps),
        reset_self_support_weeks=int(ref["reset_self_support_weeks"]),
        reset_window_weeks=int(ref["reset_window_weeks"]),
        source=str(ref["source"]),
    )
    return RuleSet(
        start, end, **values, refusion=refusion, sources=sources, notes=str(raw.get("notes", ""))
    )


def load_rule_files(folder_name: str, parse: Callable[[str, int, Any], Any], error: type) -> list:
    """Every rule set of the packaged JSON files in ``folder_name`` (each parsed by
    ``parse(where, index, raw)``), sorted by start date; ``error`` names a file that is no JSON."""
    folder = resources.files("fleksjob.core.rules") / folder_name
    found = []
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".json"):
            continue
        where = f"{folder_name}/{item.name}"
        try:
            doc = json.loads(item.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise error(f"{where}: ugyldig JSON (linje {exc.lineno})") from exc
        for i, raw in enumerate(doc.get("rule_sets", [])):
            found.append(parse(where, i, raw))
    found.sort(key=lambda r: r.effective_from)
    return found


def first_overlap(sets: list) -> tuple[Any, Any] | None:
    """The first two consecutive rule sets (sorted by start) whose periods overlap, if any."""
    for before, after in itertools.pairwise(sets):
        if after.effective_from <= before.effective_to:
            return before, after
    return None


@cache
def all_rule_sets() -> tuple[RuleSet, ...]:
    """Every rule set from the packaged rate files, sorted by start date and checked for overlap."""
    found = load_rule_files("rates", _parse_rule_set, RateTableError)
    if overlap := first_overlap(found):
        before, after = overlap
        raise RateTableError(
            f"regelsæt overlapper: {before.effective_from}–{before.effective_to} og "
            f"{after.effective_from}–{after.effective_to}"
        )
    return tuple(found)


def covered_range() -> tuple[dt.date, dt.date]:
    sets = all_rule_sets()
    return sets[0].effective_from, sets[-1].effective_to


def rules_for(when: dt.date | int) -> RuleSet:
    """The rule set in force on a date; a year means 1 January of that year.

    Raises RatesNotCovered for a date no rule set covers (e.g. before the earliest rate table).
    """
    day = dt.date(when, 1, 1) if isinstance(when, int) else when
    for rule_set in all_rule_sets():
        if rule_set.effective_from <= day <= rule_set.effective_to:
            return rule_set
    first, last = covered_range()
    if day < first:
        raise RatesNotCovered(
            f"ingen satser før {first.isoformat()}: beregninger før den tidligste satstabel afvises"
        )
    if day > last:
        raise RatesNotCovered(f"ingen satser efter {last.isoformat()} endnu")
    raise RatesNotCovered(f"ingen regelsæt dækker {day.isoformat()}")


def as_rules(when: RuleSet | dt.date | int) -> RuleSet:
    """Accept a rule set, a date or a year wherever a calculation needs the rates."""
    return when if isinstance(when, RuleSet) else rules_for(when)
