"""Candidate and position records: validation of dicts and reading of JSONL files.

A bad record raises :class:`InputError` naming the file, line and field and why. Values are never
echoed (they may be personal data), only field names and list positions.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fleksjob.core.errors import InputError

from .competences import KEYS as COMPETENCE_KEYS
from .crafting import Task, task
from .taxonomy import KEYS
from .vocabulary import SECTORS

GOALS: tuple[str, ...] = ("progression", "retention", "education")
_CODE = re.compile(r"[0-9]{1,4}")


@dataclass(frozen=True)
class Candidate:
    id: str
    lat: float
    lon: float
    max_commute_km: float
    remote_ok: bool
    hours_min: float
    hours_max: float
    needs: tuple[str, ...]
    occupations: tuple[str, ...]
    skills_text: str
    wishes_sectors: tuple[str, ...]
    weeks_waiting: float
    goal: str
    competences: tuple[str, ...] = ()  # competence keys, matched against positions' tasks
    # Retraining prospects (opt-in, docs/matching.md): the 4-digit unit groups with good
    # prospects in the citizen's area, given for a citizen whose purpose is retraining, and the
    # weight that lifts a position in one of them (0: off, the score is as without it).
    prospects: tuple[str, ...] = ()
    prospects_weight: float = 0.0


@dataclass(frozen=True)
class Position:
    id: str
    employer_id: str
    lat: float
    lon: float
    remote: bool
    hours_min: float
    hours_max: float
    provides: tuple[str, ...]
    occupation: str
    text: str
    sector: str
    openings: int
    employer_fleksjob_hires: int = 0
    tasks: tuple[Task, ...] = ()  # job crafting: the position's tasks, in order

    @property
    def skills(self) -> frozenset[str]:
        """The competences the position's tasks need (their union)."""
        return frozenset().union(*(t.skills for t in self.tasks))


def _get(row: dict[str, Any], name: str, kind: str, default: Any = ...) -> Any:
    if name not in row:
        if default is not ...:
            return default
        raise InputError("missing", field=name)
    value = row[name]
    ok = {
        "str": isinstance(value, str),
        "bool": isinstance(value, bool),
        "int": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, int | float) and not isinstance(value, bool),
        "list": isinstance(value, list),
    }[kind]
    if not ok:
        raise InputError(f"must be a {'JSON ' + kind if kind != 'str' else 'string'}", field=name)
    if kind == "number" and not _finite(value):
        raise InputError("must be a finite number", field=name)
    return value


def _finite(value: float) -> bool:
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer too large for a float
        return False


def _strings(row: dict[str, Any], name: str) -> list[str]:
    items = _get(row, name, "list")
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise InputError(f"item {i} must be a string", field=name)
    return items


def _keys(row: dict[str, Any], name: str, allowed: Iterable[str], what: str) -> tuple[str, ...]:
    items = _strings(row, name)
    allowed = set(allowed)
    for i, item in enumerate(items):
        if item not in allowed:
            raise InputError(f"item {i} is not a known {what}", field=name)
    return tuple(sorted(set(items)))


def _code(value: str, field: str) -> str:
    if not _CODE.fullmatch(value):
        raise InputError("an occupation code is 1-4 digits (DISCO/ISCO-08)", field=field)
    return value


def _place(row: dict[str, Any]) -> tuple[float, float]:
    lat, lon = _get(row, "lat", "number"), _get(row, "lon", "number")
    if not -90.0 <= lat <= 90.0:
        raise InputError("latitude out of range [-90, 90]", field="lat")
    if not -180.0 <= lon <= 180.0:
        raise InputError("longitude out of range [-180, 180]", field="lon")
    return float(lat), float(lon)


def _hours(row: dict[str, Any]) -> tuple[float, float]:
    low, high = _get(row, "hours_min", "number"), _get(row, "hours_max", "number")
    if low < 0:
        raise InputError("must not be negative", field="hours_min")
    if high > 168:
        raise InputError("more hours than a week has", field="hours_max")
    if low > high:
        raise InputError("hours_min is greater than hours_max", field="hours_min")
    return float(low), float(high)


def _non_negative(row: dict[str, Any], name: str) -> float:
    value = _get(row, name, "number")
    if value < 0:
        raise InputError("must not be negative", field=name)
    return float(value)


def _id(row: dict[str, Any], name: str) -> str:
    value = _get(row, name, "str")
    if not value:
        raise InputError("must not be empty", field=name)
    return value


def candidate_from_dict(row: Any) -> Candidate:
    """A validated candidate; raises :class:`InputError` naming the field."""
    if not isinstance(row, dict):
        raise InputError("a candidate must be a JSON object")
    lat, lon = _place(row)
    hours_min, hours_max = _hours(row)
    occupations = tuple(
        dict.fromkeys(_code(c, "occupations") for c in _strings(row, "occupations"))
    )
    goal = _get(row, "goal", "str")
    if goal not in GOALS:
        raise InputError("must be progression, retention or education", field="goal")
    return Candidate(
        id=_id(row, "id"),
        lat=lat,
        lon=lon,
        max_commute_km=_non_negative(row, "max_commute_km"),
        remote_ok=_get(row, "remote_ok", "bool"),
        hours_min=hours_min,
        hours_max=hours_max,
        needs=_keys(row, "needs", KEYS, "skånehensyn key"),
        occupations=occupations,
        skills_text=_get(row, "skills_text", "str"),
        wishes_sectors=_keys(row, "wishes_sectors", SECTORS, "sector"),
        weeks_waiting=_non_negative(row, "weeks_waiting"),
        goal=goal,
        competences=(
            _keys(row, "competences", COMPETENCE_KEYS, "competence key")
            if "competences" in row
            else ()
        ),
        prospects=_unit_groups(row, "prospects"),
        prospects_weight=_weight(row, "prospects_weight"),
    )


def _unit_groups(row: dict[str, Any], name: str) -> tuple[str, ...]:
    """Optional 4-digit occupation codes (unit groups), sorted and without repeats."""
    if name not in row:
        return ()
    codes = _strings(row, name)
    for i, code in enumerate(codes):
        if not _CODE.fullmatch(code) or len(code) != 4:
            raise InputError(f"item {i} is not a 4-digit occupation code", field=name)
    return tuple(sorted(set(codes)))


def _weight(row: dict[str, Any], name: str) -> float:
    """An optional weight in [0, 1) (0 when left out)."""
    value = _get(row, name, "number", 0.0)
    if not 0 <= value < 1:
        raise InputError("must be at least 0 and below 1", field=name)
    return float(value)


def _tasks(row: dict[str, Any]) -> tuple[Task, ...]:
    """A position's optional ``tasks``: objects with ``hours`` (over 0, at most 168) and
    ``skills`` (competence keys), optionally ``id`` and ``occupation``."""
    if "tasks" not in row:
        return ()
    found = []
    for i, item in enumerate(_get(row, "tasks", "list")):
        if not isinstance(item, dict):
            raise InputError("must be a JSON object", field=f"tasks[{i}]")
        try:
            found.append(_task(item, i))
        except InputError as exc:
            raise InputError(exc.reason, field=f"tasks[{i}].{exc.field}") from None
    return tuple(found)


def _task(item: dict[str, Any], i: int) -> Task:
    hours = _get(item, "hours", "number")
    if not 0 < hours <= 168:
        raise InputError("must be over 0 and at most 168", field="hours")
    skills = _keys(item, "skills", COMPETENCE_KEYS, "competence key")
    occupation = _get(item, "occupation", "str", "")
    if occupation:
        _code(occupation, "occupation")
    return task(_get(item, "id", "str", str(i)), hours, skills, occupation)


def position_from_dict(row: Any) -> Position:
    """A validated position; raises :class:`InputError` naming the field."""
    if not isinstance(row, dict):
        raise InputError("a position must be a JSON object")
    lat, lon = _place(row)
    hours_min, hours_max = _hours(row)
    sector = _get(row, "sector", "str")
    if sector not in SECTORS:
        raise InputError("not a known sector", field="sector")
    openings = _get(row, "openings", "int")
    if openings < 1:
        raise InputError("must be at least 1", field="openings")
    hires = _get(row, "employer_fleksjob_hires", "int", 0)
    if hires < 0:
        raise InputError("must not be negative", field="employer_fleksjob_hires")
    return Position(
        id=_id(row, "id"),
        employer_id=_id(row, "employer_id"),
        lat=lat,
        lon=lon,
        remote=_get(row, "remote", "bool"),
        hours_min=hours_min,
        hours_max=hours_max,
        provides=_keys(row, "provides", KEYS, "skånehensyn key"),
        occupation=_code(_get(row, "occupation", "str"), "occupation"),
        text=_get(row, "text", "str"),
        sector=sector,
        openings=openings,
        employer_fleksjob_hires=hires,
        tasks=_tasks(row),
    )


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    try:
        with path.open(encoding="utf-8") as handle:
            yield from enumerate(handle, start=1)
    except UnicodeDecodeError as exc:
        raise InputError("the file is not UTF-8 text", source=str(path)) from exc
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", source=str(path)) from exc


def read_jsonl(path: str | Path, parse: Any) -> list[Any]:
    """Parse every non-blank line with ``parse``; ids must be unique within the file."""
    path = Path(path)
    records, seen = [], set()
    for number, text in _lines(path):
        if not text.strip():
            continue
        try:
            row = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"bad JSON ({exc.msg})", source=str(path), line=number) from None
        except (ValueError, RecursionError):  # too many digits, or nested too deep
            raise InputError(
                "bad JSON (a number too long or nesting too deep)", source=str(path), line=number
            ) from None
        try:
            record = parse(row)
        except InputError as exc:
            raise exc.at(str(path), number) from None
        if record.id in seen:
            raise InputError("duplicate id", field="id", source=str(path), line=number)
        seen.add(record.id)
        records.append(record)
    return records


def read_candidates(path: str | Path) -> list[Candidate]:
    return read_jsonl(path, candidate_from_dict)


def read_positions(path: str | Path) -> list[Position]:
    return read_jsonl(path, position_from_dict)
