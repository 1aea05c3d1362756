"""A fleksjob pool as a scenario lever, read from a JSON file.

A pool places citizens from ledighedsydelse in fleksjobs in municipal workplaces, where the
municipality is the employer and pays the wage for the hours worked (no refusion on a wage) as
well as the fleksløntilskud (on the refusion staircase like any ydelse). Kinds, after the pools the
sources describe:

- ``fuld_loen``: places for anyone on ledighedsydelse (Aalborg); a placed citizen stays as in any
  fleksjob (the municipality's own hazards of losing it).
- ``uden_refusion``: only citizens whose refusion has reached the lowest step (Odense's pool for
  those the state no longer refunds much of).
- ``midlertidig``: a temporary job for ``months`` on average, then back to ledighedsydelse
  (Aarhus). Under today's rules a fleksjob week is never self-support, so the refusion clock runs
  on through the job and does not start over: the scenario shows exactly that.

File (all amounts kr): ``{"kind": "midlertidig", "places": 20, "hourly_wage": 190,
"hours_per_week": 15, "months": 12, "annual_cap": 5000000}``; ``annual_cap`` (the most the
municipality spends on pool wages a year) is optional and limits the places.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fleksjob.core.errors import InputError
from fleksjob.core.records.limits import FULL_TIME_HOURS

KINDS = ("fuld_loen", "uden_refusion", "midlertidig")
WEEKS_PER_MONTH = 52 / 12


@dataclass(frozen=True)
class Pool:
    kind: str
    places: int
    hourly_wage: float
    hours_per_week: float
    months: float | None = None  # midlertidig: average stay in months
    annual_cap: float | None = None

    @property
    def monthly_wage(self) -> float:
        return self.hourly_wage * self.hours_per_week * WEEKS_PER_MONTH

    @property
    def wage_ceiling(self) -> float:
        return self.hourly_wage * FULL_TIME_HOURS * WEEKS_PER_MONTH

    @property
    def effective_places(self) -> float:
        """The places the cap pays for (wages for a whole year), at most ``places``."""
        if self.annual_cap is None or self.monthly_wage == 0:
            return float(self.places)
        return min(float(self.places), math.floor(self.annual_cap / (12 * self.monthly_wage)))


def _number(raw: dict[str, Any], key: str, *, low: float, high: float, required: bool = True):
    if key not in raw:
        if required:
            raise InputError("mangler", field=key)
        return None
    value = raw[key]
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InputError("skal være et tal", field=key)
    if not low <= value <= high:
        raise InputError(f"skal ligge mellem {low:g} og {high:g}", field=key)
    return float(value)


def parse_pool(raw: Any) -> Pool:
    """A pool from a parsed JSON object; an InputError names the field that is wrong."""
    if not isinstance(raw, dict):
        raise InputError("puljefilen skal være et JSON-objekt")
    unknown = sorted(
        set(raw) - {"kind", "places", "hourly_wage", "hours_per_week", "months", "annual_cap"}
    )
    if unknown:
        raise InputError("ukendt felt", field=unknown[0])
    kind = raw.get("kind")
    if kind not in KINDS:
        raise InputError(f"skal være en af {', '.join(KINDS)}", field="kind")
    places = _number(raw, "places", low=0, high=100_000)
    if places != int(places):
        raise InputError("skal være et helt tal", field="places")
    months = _number(raw, "months", low=1, high=120, required=kind == "midlertidig")
    if kind != "midlertidig" and months is not None:
        raise InputError("gælder kun en midlertidig pulje", field="months")
    return Pool(
        kind=kind,
        places=int(places),
        hourly_wage=_number(raw, "hourly_wage", low=1, high=2_000),
        hours_per_week=_number(raw, "hours_per_week", low=1, high=FULL_TIME_HOURS),
        months=months,
        annual_cap=_number(raw, "annual_cap", low=0, high=1e11, required=False),
    )


def read_pool(path: Path) -> Pool:
    """A pool from a file; an InputError names the file (and the field or JSON line)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"kan ikke læses ({type(exc).__name__})", source=str(path)) from exc
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError("ugyldig JSON", source=str(path), line=exc.lineno) from exc
    try:
        return parse_pool(raw)
    except InputError as exc:
        raise InputError(exc.reason, field=exc.field, source=str(path)) from exc
