"""The benchmarking indicators as reviewed data files, one ``<id>.json`` each.

Every file holds the id; Danish and English title, description, why it matters and numerator
and denominator definitions; unit, kind (proportion / mean / ratio / per_capacity: a count per
consultant full-time equivalent, whose numerator is the protected count and whose denominator
is capacity), direction (low_is_good / high_is_good / no_judgement), multiplier (value =
multiplier · numerator / denominator); authored / checked / next review dates; ``sql``, the
definition over the event tables; and optionally ``same_counts`` (e.g.
``{"denominator": "ledighedsydelse_share.numerator"}``): the counts it shares with another
indicator, which suppression hides in both or neither.

The SQL returns rows ``(municipality_id, k0, k1, num, den)``: each row adds ``num`` to the
numerator and ``den`` to the denominator of every month index k0…k1 (k = year·12 + month − 1).
A state on the month's last day is an interval of months; a flow counted over a trailing
window is one month stretched over the window. The engine (``fleksjob.core.stats.engine``)
provides the views these queries use.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

DIRECTIONS = ("low_is_good", "high_is_good", "no_judgement")
KINDS = ("proportion", "mean", "ratio", "per_capacity")
COUNT_PARTS = ("numerator", "denominator", "complement")
_TEXTS = ("title", "description", "why_it_matters", "numerator", "denominator")


@dataclass(frozen=True)
class Indicator:
    id: str
    title: dict[str, str]  # {"da": ..., "en": ...}
    description: dict[str, str]
    why_it_matters: dict[str, str]
    numerator: dict[str, str]
    denominator: dict[str, str]
    unit: str
    kind: str
    direction: str
    multiplier: float
    sql: str
    authored_on: dt.date
    authored_by: str
    checked_on: dt.date | None
    checked_by: str
    next_review_on: dt.date
    # Counts this indicator shares with another: (own part, other indicator, its part), parts
    # being numerator, denominator or complement (denominator − numerator). Suppression hides
    # a shared count in both or neither.
    same_counts: tuple[tuple[str, str, str], ...] = ()

    @property
    def is_proportion(self) -> bool:
        """Funnel limits, Wilson intervals, shrinkage and suppression of complements apply."""
        return self.kind == "proportion"

    @property
    def is_per_capacity(self) -> bool:
        """A count (people, contacts) per unit of capacity (consultant full-time equivalents):
        the numerator is the count suppression protects, the denominator is no count of
        anyone."""
        return self.kind == "per_capacity"

    @property
    def pseudonymous(self) -> bool:
        """Counts of the satisfaction surveys' pseudonymous answers (docs/surveys.md): never
        shown exactly to the municipality's own staff, who know whom they invited; they see
        the published (suppressed) figures like everyone else."""
        return "survey_answers" in self.sql or "survey_invitations" in self.sql

    @property
    def count_parts(self) -> tuple[str, ...]:
        """The parts that are counts of people (or contacts) suppression protects."""
        return counted_parts(self.kind)


class IndicatorError(ValueError):
    pass


def counted_parts(kind: str) -> tuple[str, ...]:
    """A share's numerator, denominator and complement count people; a mean's or a ratio's
    denominator; a count per capacity's numerator."""
    if kind == "proportion":
        return COUNT_PARTS
    return ("numerator",) if kind == "per_capacity" else ("denominator",)


def parse(data: dict, source: str) -> Indicator:
    def need(key):
        if key not in data:
            raise IndicatorError(f"{source}: missing field {key!r}")
        return data[key]

    for key in _TEXTS:
        text = need(key)
        if not isinstance(text, dict) or not text.get("da") or not text.get("en"):
            raise IndicatorError(f"{source}: field {key!r} needs Danish and English text")
    if need("direction") not in DIRECTIONS:
        raise IndicatorError(f"{source}: direction must be one of {', '.join(DIRECTIONS)}")
    if need("kind") not in KINDS:
        raise IndicatorError(f"{source}: kind must be one of {', '.join(KINDS)}")
    sql = need("sql")
    if not isinstance(sql, list) or not all(isinstance(line, str) for line in sql):
        raise IndicatorError(f"{source}: sql must be a list of lines")

    same = data.get("same_counts", {})
    if not isinstance(same, dict):
        raise IndicatorError(f"{source}: same_counts must map a part to 'indicator.part'")
    same_counts = []
    for part, target in same.items():
        other, _, other_part = str(target).partition(".")
        if part not in COUNT_PARTS or other_part not in COUNT_PARTS or not other:
            raise IndicatorError(
                f"{source}: same_counts maps {', '.join(COUNT_PARTS)} to 'indicator.part'"
            )
        if part not in counted_parts(data["kind"]):
            raise IndicatorError(f"{source}: a {data['kind']}'s {part} is no count of people")
        same_counts.append((part, other, other_part))

    def day(key, optional=False):
        value = data.get(key) if optional else need(key)
        if value is None and optional:
            return None
        try:
            return dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            raise IndicatorError(f"{source}: {key} must be a date YYYY-MM-DD") from None

    return Indicator(
        id=need("id"),
        **{key: dict(data[key]) for key in _TEXTS},
        unit=need("unit"),
        kind=data["kind"],
        direction=data["direction"],
        multiplier=float(need("multiplier")),
        sql="\n".join(sql),
        authored_on=day("authored_on"),
        authored_by=need("authored_by"),
        checked_on=day("checked_on", optional=True),
        checked_by=data.get("checked_by", ""),
        next_review_on=day("next_review_on"),
        same_counts=tuple(same_counts),
    )


@cache
def load_indicators() -> dict[str, Indicator]:
    """All shipped indicators by id, in id order."""
    found = {}
    for entry in sorted(files(__package__).iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".json"):
            continue
        ind = parse(json.loads(entry.read_text(encoding="utf-8")), entry.name)
        if ind.id != entry.name.removesuffix(".json"):
            raise IndicatorError(f"{entry.name}: id {ind.id!r} does not match the file name")
        found[ind.id] = ind
    for ind in found.values():
        for _, other, part in ind.same_counts:
            if other not in found or part not in found[other].count_parts:
                raise IndicatorError(f"{ind.id}.json: same_counts names {other}.{part}")
    return found
