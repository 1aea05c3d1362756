"""An independent check of published benchmarking figures: what a reader could work out.

Given the engine's counts and what was published, list every way a hidden count comes back:
a count below 5 shown, a derived value on a hidden row, a group (a region or the country and
its parts) whose published total minus the shown parts leaves one hidden part or a sum below
5, a hidden total whose parts are all shown, and a hidden cell that the group sums together
pin down exactly (by rank: the cell's unit vector lies in the row space of the sums restricted
to the hidden cells). Written apart from ``fleksjob.core.stats.suppression`` (it shares no code
with it) so the two do not share a mistake.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np

THRESHOLD = 5
# What a hidden row may still show: who it is, and its denominator when that is published.
IDENTITY = {"unit_level", "unit_id", "unit_name", "period", "indicator", "suppressed"}


def empty(value) -> bool:
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


def derived_on_hidden(rows: Iterable[Mapping], allowed: set[str] = IDENTITY) -> list[str]:
    """Fields other than identity and denominator that a hidden row still carries."""
    problems = []
    for row in rows:
        if row.get("suppressed") in (True, "True", "true", 1):
            for key, value in row.items():
                if key not in allowed | {"denominator", "n"} and not empty(value):
                    problems.append(f"{row.get('unit_id')}: hidden row shows {key}={value!r}")
    return problems


def groups(levels, ids, region_of: Mapping[str, str]) -> list[tuple[int, list[int]]]:
    """(total, parts) by position: region and its municipalities, country and its
    municipalities, country and its regions (when they cover every municipality)."""
    munis = [i for i, lv in enumerate(levels) if lv == "municipality"]
    regions = [i for i, lv in enumerate(levels) if lv == "region"]
    out = []
    for r in regions:
        parts = [m for m in munis if region_of.get(str(ids[m])) == str(ids[r])]
        if parts:
            out.append((r, parts))
    # The country is the sum of its regions only when every municipality is in one.
    whole = all(str(ids[m]) in region_of for m in munis)
    for c in (i for i, lv in enumerate(levels) if lv == "country"):
        out += [(c, parts) for parts in (munis, regions if whole else []) if parts]
    return out


def _determined(hidden: np.ndarray, structure: list[tuple[int, list[int]]]) -> list[int]:
    cells = [i for i in range(len(hidden)) if hidden[i]]
    if not cells:
        return []
    col = {c: j for j, c in enumerate(cells)}
    rows = []
    for total, parts in structure:
        row = [0.0] * len(cells)
        if hidden[total]:
            row[col[total]] = 1.0
        for p in parts:
            if hidden[p]:
                row[col[p]] = -1.0
        rows.append(row)
    if not rows:
        return []
    # A cell is pinned down when its unit vector lies in the row space of the sums, that is
    # when its projection on that space (an orthonormal basis from the thin SVD) has length 1:
    # no change to the hidden cells that keeps every sum can move it. One SVD per table, of a
    # few rows, instead of a rank test per cell (the full null space cost ten times as much).
    _, sizes, basis = np.linalg.svd(np.array(rows), full_matrices=False)
    basis = basis[sizes > sizes.max(initial=0.0) * max(len(rows), len(cells)) * 1e-12]
    reach = (basis**2).sum(axis=0)
    return [c for c, j in col.items() if reach[j] > 1 - 1e-9]


def table_problems(
    levels,
    ids,
    x,
    n,
    hidden_x,
    hidden_n,
    share: bool,
    region_of: Mapping[str, str],
    name: str = "",
) -> list[str]:
    """Everything wrong with one table (one indicator, one month; municipalities, regions and
    the country) given the true counts ``x``, ``n`` and what was hidden."""
    x, n = np.asarray(x, float), np.asarray(n, float)
    hx, hn = np.asarray(hidden_x, bool), np.asarray(hidden_n, bool)
    problems = []
    for i in range(len(x)):
        if not hn[i] and n[i] < THRESHOLD:
            problems.append(f"{name} {ids[i]}: denominator {n[i]} shown")
        if not hx[i] and share and (x[i] < THRESHOLD or n[i] - x[i] < THRESHOLD):
            problems.append(f"{name} {ids[i]}: {x[i]} of {n[i]} shown")
        if hn[i] and not hx[i]:
            problems.append(f"{name} {ids[i]}: value shown with a hidden denominator")
        if not share and hx[i] != hn[i]:
            problems.append(f"{name} {ids[i]}: a mean shown in part")
    return problems + _group_problems(levels, ids, x, n, hx, hn, share, region_of, name)


def owner_problems(
    levels,
    ids,
    x,
    n,
    hidden_x,
    hidden_n,
    share: bool,
    region_of: Mapping[str, str],
    name: str = "",
) -> list[str]:
    """What the staff of one municipality could work out: each municipality knows its own
    counts (from its own cases, and the page shows them to it), so for every hidden
    municipality the table is checked again with that one cell known to the reader."""
    hx, hn = np.asarray(hidden_x, bool), np.asarray(hidden_n, bool)
    problems = []
    for m in range(len(levels)):
        if levels[m] != "municipality" or not (hx[m] or hn[m]):
            continue
        structure = groups(levels, ids, region_of)
        kx, kn = _learnt(m, hx, structure), _learnt(m, hn, structure)
        where = f"{name} (seen by {ids[m]})"
        problems += _group_problems(levels, ids, x, n, kx, kn, share, region_of, where)
    return problems


def _learnt(owner: int, hidden: np.ndarray, structure) -> np.ndarray:
    """``hidden`` less what the owner knows: its own cell, and any hidden total all of whose
    hidden parts it knows (repeated until nothing more is learnt)."""
    left = hidden.copy()
    left[owner] = False
    changed = True
    while changed:
        changed = False
        for total, parts in structure:
            if left[total] and not any(left[p] for p in parts):
                left[total], changed = False, True
    return left


def _group_problems(levels, ids, x, n, hx, hn, share, region_of, name) -> list[str]:
    x, n = np.asarray(x, float), np.asarray(n, float)
    problems = []
    counts = [("numerator", x, hx), ("complement", n - x, hx), ("denominator", n, hn)]
    structure = groups(levels, ids, region_of)
    for label, amount, hidden in counts if share else counts[2:]:
        for total, parts in structure:
            mine = [p for p in parts if hidden[p]]
            where = f"{name} {label} {ids[total]}"
            if hidden[total]:
                if not mine:
                    problems.append(f"{where}: hidden total, every part shown")
            elif len(mine) == 1:
                problems.append(f"{where}: total minus the shown parts gives {ids[mine[0]]}")
            elif mine and sum(amount[p] for p in mine) < THRESHOLD:
                problems.append(f"{where}: the hidden parts add up to less than {THRESHOLD}")
        for cell in _determined(hidden, structure):
            problems.append(f"{name} {label} {ids[cell]}: determined by the group sums")
    return problems
