"""Discretion (diskretionering): no published count below 5, and nothing that gives one back.

Primary suppression. For a share x/n both x and n are counts of people, and so is n − x: x is
hidden when it is below the threshold, and so is x when n − x is (x and n together would give
the complement back). Hiding x hides the value too (value and n give x back). For a mean or a
ratio (hours per fleksjob, consultants per 100) only the denominator counts people, and the row
is hidden when it is small; for a count per capacity (people on ledighedsydelse per consultant)
only the numerator does, and the row is hidden when it is small. A denominator below the
threshold hides the whole row. Zero is a count like any other (it says that nobody in the group
has the trait).

Secondary suppression. A table of one indicator and month holds the municipalities, the regions
and the country, and a total is the sum of its parts (region = its municipalities, country =
its municipalities = its regions). Within each such group whose total is published, the hidden
parts must be at least two and add up to at least the threshold (for x, for n − x and for n
separately), so a total minus the visible parts gives neither one hidden cell nor a small sum;
a hidden total needs a hidden part (else its parts add up to it). Finally no hidden cell may be
determined by the group sums together (a linear-algebra check: the cell's unit vector must not
lie in the row space of the sums restricted to the hidden cells). The same rules hold for the
staff of each municipality with a hidden cell, who know their own counts (and so any hidden
total of their own count and shown parts): their known cells are constants, not unknowns, so
their own pages may show them exactly without giving another municipality's cell away. More
cells are hidden, smallest first, until all of this holds. Counts that two indicators share
(declared in the indicator files as ``same_counts``, e.g. the people on ledighedsydelse are one
indicator's numerator and another's denominator) are hidden in both or neither, within every
period.

``publish`` is the one gate every published table passes: it applies the pattern and blanks
every column but the keys on a hidden row (flags, labels, limits, ranks, shrunk estimates,
O/E ...), so a derived value can never outlive the count it was derived from.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

THRESHOLD = 5
COUNTRY = "DK"
# Columns that identify a row; never blanked (everything else on a hidden row is).
KEYS = ("unit_level", "unit_id", "unit_name", "period", "indicator")
_PART_OF = {"numerator": "x", "complement": "x", "denominator": "n"}


def suppression_mask(
    numerator: np.ndarray,
    denominator: np.ndarray,
    threshold: float = THRESHOLD,
    share: bool | np.ndarray = True,
) -> tuple[np.ndarray, np.ndarray]:
    """Primary suppression: (hide numerator and value, hide denominator) as boolean arrays.

    ``share`` (one flag, or one per row) says the numerator is a count of people among the
    denominator's; otherwise only the denominator is a count.
    """
    x = np.asarray(numerator, dtype=float)
    n = np.asarray(denominator, dtype=float)
    share = np.broadcast_to(np.asarray(share, dtype=bool), x.shape)
    hide_n = n < threshold
    hide_x = hide_n | (share & ((x < threshold) | ((n - x) < threshold)))
    return hide_x, hide_n


def default_regions() -> dict[str, str]:
    """Municipality code → region code, from the reference list."""
    from fleksjob.reference import municipalities

    return {m.code: str(m.region_code) for m in municipalities()}


def suppression_pattern(
    table: pd.DataFrame,
    *,
    numerator: str = "numerator",
    denominator: str = "denominator",
    share: bool | np.ndarray | None = None,
    also_hide: np.ndarray | None = None,
    region_of: Mapping[str, str] | None = None,
    threshold: float = THRESHOLD,
) -> tuple[np.ndarray, np.ndarray]:
    """(hide numerator, hide denominator) per row of ``table``: primary, shared counts and
    secondary suppression.

    ``table`` has ``unit_id``, the two counts and optionally ``unit_level`` (default
    municipality), ``indicator`` and ``period`` (each pair of the two is one table for the
    group sums). Missing region and country totals are added (as sums) before the groups are
    protected, so a table of municipalities alone is protected as if its totals were published.
    ``share`` defaults to the indicators' kinds (a share for an unknown indicator); ``also_hide``
    marks rows to hide from the start; ``region_of`` maps municipality to region (default: the
    reference list).
    """
    work = _work_frame(table, numerator, denominator, share, region_of)
    x, n = work["x"].to_numpy(float), work["n"].to_numpy(float)
    is_share = work["share"].to_numpy(bool)
    hx, hn = suppression_mask(x, n, threshold, is_share)
    hx, hn = hx.copy(), hn.copy()
    if also_hide is not None:
        hx[: len(table)] |= np.asarray(also_hide, dtype=bool)
    _settle(hx, hn, is_share, slice(None))
    tables = list(work.groupby(["indicator", "period"], sort=False, dropna=False).indices.values())
    table_of = np.empty(len(work), dtype=int)
    for t, pos in enumerate(tables):
        table_of[pos] = t
    units = work["unit_id"].to_numpy()
    layouts: dict[tuple, list] = {}
    links = _links(work)
    dirty = set(range(len(tables)))
    while dirty:
        for t in dirty:
            pos = tables[t]
            layout = tuple(units[pos])
            if layout not in layouts:
                rows = work.iloc[pos]
                owners = (rows["unit_level"] == "municipality").to_numpy()
                layouts[layout] = (_groups(rows), owners)
            groups, owners = layouts[layout]
            _secure(pos, groups, owners, x, n, is_share[pos[0]], hx, hn, threshold)
        changed = np.zeros(len(work), dtype=bool)
        for a, part_a, b, part_b in links:
            both = _mask(part_a, hx, hn)[a] | _mask(part_b, hx, hn)[b]
            for rows, part in ((a, part_a), (b, part_b)):
                new = both & ~_mask(part, hx, hn)[rows]
                _mask(part, hx, hn)[rows[new]] = True
                changed[rows[new]] = True
        _settle(hx, hn, is_share, changed)
        dirty = set(table_of[changed].tolist())
    size = len(table)
    return hx[:size], hn[:size]


def publish(
    table: pd.DataFrame,
    *,
    numerator: str = "numerator",
    denominator: str = "denominator",
    keys: tuple[str, ...] = KEYS,
    share: bool | np.ndarray | None = None,
    also_hide: np.ndarray | None = None,
    region_of: Mapping[str, str] | None = None,
    threshold: float = THRESHOLD,
) -> pd.DataFrame:
    """``table`` as it may be published: hidden counts blanked, and on every hidden row every
    column but ``keys`` and the denominator blanked too; a boolean ``suppressed`` column.

    The pattern is computed (``suppression_pattern``) unless the table carries one: a
    ``suppressed`` column (and ``denominator_suppressed``, else a missing denominator counts as
    hidden). That is how derived tables keep the pattern of the whole table they came from.
    """
    out = table.copy()
    if "suppressed" in out:
        if also_hide is not None:
            raise ValueError("also_hide needs the pattern to be computed, not given")
        hx = out["suppressed"].to_numpy(dtype=bool)
        given = out.pop("denominator_suppressed") if "denominator_suppressed" in out else None
        hn = given.to_numpy(dtype=bool) if given is not None else out[denominator].isna()
        hn = np.asarray(hn, dtype=bool)
    else:
        hx, hn = suppression_pattern(
            out,
            numerator=numerator,
            denominator=denominator,
            share=share,
            also_hide=also_hide,
            region_of=region_of,
            threshold=threshold,
        )
    hx = hx | hn
    keep = {*keys, denominator, "suppressed"}
    for col in out.columns:
        if col not in keep:
            out[col] = out[col].where(~hx)
    out[denominator] = out[denominator].astype(float).where(~hn)
    out["suppressed"] = hx
    return out


# --- the pattern's machinery ---------------------------------------------------------------


def _work_frame(table, numerator, denominator, share, region_of) -> pd.DataFrame:
    """Normalised rows (unit_level, unit_id, indicator, period, x, n, share, region), with the
    missing region and country totals appended."""
    size = len(table)
    work = pd.DataFrame(
        {
            "unit_level": table["unit_level"].to_numpy()
            if "unit_level" in table
            else ["municipality"] * size,
            "unit_id": table["unit_id"].astype(str).to_numpy(),
            "indicator": table["indicator"].to_numpy() if "indicator" in table else [""] * size,
            "period": table["period"].to_numpy() if "period" in table else [0] * size,
            "x": table[numerator].to_numpy(dtype=float),
            "n": table[denominator].to_numpy(dtype=float),
        }
    )
    from .indicators import load_indicators

    catalogue = load_indicators()
    if share is None:
        kinds = {i.id: i.is_proportion for i in catalogue.values()}
        work["share"] = [kinds.get(i, True) for i in work["indicator"]]
    else:
        work["share"] = np.broadcast_to(np.asarray(share, dtype=bool), (size,))
    # A count per capacity (people per consultant): the count is the numerator, and it is
    # what is protected, as the denominator of a mean is; the capacity is no count of anyone.
    per_capacity = {i.id for i in catalogue.values() if i.is_per_capacity}
    swap = work["indicator"].isin(per_capacity).to_numpy()
    if swap.any():
        work.loc[swap, "n"] = work.loc[swap, "x"]
        work.loc[swap, "share"] = False
    regions = default_regions() if region_of is None else dict(region_of)
    muni = work["unit_level"] == "municipality"
    work["region"] = work["unit_id"].map({str(k): str(v) for k, v in regions.items()}).where(muni)
    parts = work[muni]
    totals = []
    for level, by in (("region", ["region"]), ("country", [])):
        rows = parts.dropna(subset=["region"]) if by else parts
        keys = ["indicator", "period", *by]
        total = rows.groupby(keys, sort=False, dropna=False, as_index=False).agg(
            x=("x", "sum"), n=("n", "sum"), share=("share", "first")
        )
        if total.empty:
            continue
        total["unit_level"] = level
        total["unit_id"] = total["region"] if by else COUNTRY
        have = work.loc[work["unit_level"] == level, ["indicator", "period", "unit_id"]]
        if not by:  # one country per table, whatever its id
            have = have.assign(unit_id=COUNTRY)
        total = total.merge(have, how="left", indicator=True)
        totals.append(total[total["_merge"] == "left_only"])
    if not totals:
        return work
    extra = pd.concat(totals, ignore_index=True).assign(region=np.nan)
    return pd.concat([work, extra[work.columns]], ignore_index=True)


def _groups(rows: pd.DataFrame) -> list[tuple[int, np.ndarray]]:
    """(total, parts) as positions within one table: each region and its municipalities, the
    country and its municipalities, the country and its regions (when they cover every
    municipality)."""
    level = rows["unit_level"].to_numpy()
    munis = np.flatnonzero(level == "municipality")
    regions = np.flatnonzero(level == "region")
    region_of = rows["region"].to_numpy()
    ids = rows["unit_id"].to_numpy()
    groups = []
    for r in regions:
        parts = munis[region_of[munis] == ids[r]]
        if parts.size:
            groups.append((int(r), parts))
    # The country is the sum of its regions only when every municipality is in one.
    whole = pd.notna(region_of[munis]).all()
    for c in np.flatnonzero(level == "country"):
        for parts in (munis, regions if whole else regions[:0]):
            if parts.size:
                groups.append((int(c), parts))
    return groups


def _secure(pos, groups, owners, x, n, is_share, hx, hn, threshold) -> None:
    """Secondary suppression within one table, in place on ``hx``/``hn`` at ``pos``: first
    against any reader, then against the staff of each municipality with a hidden cell, who
    know their own counts (``owners``: the municipality rows)."""
    lx, ln = x[pos], n[pos]
    hx_l, hn_l = hx[pos], hn[pos]
    if not (hx_l.any() or hn_l.any()) or not groups:
        return
    if is_share:
        parts = (("x", hx_l, lx), ("x", hx_l, ln - lx), ("n", hn_l, ln))
    else:  # the row stands or falls with its denominator
        parts = (("n", hn_l, ln),)

    def hide(i: int, part: str) -> None:
        hx_l[i] = True
        if part == "n" or not is_share:
            hn_l[i] = True

    def settle() -> bool:
        """Hide more cells while some reader could still work a hidden one out: the group
        rules in one pass (every pick kept), then one cell for the linear-algebra rule."""
        changed = False
        for part, hidden, amount in parts:
            for total, members in groups:
                pick = _group_pick(hidden, amount, total, members, threshold)
                if pick is not None:
                    hide(pick, part)
                    changed = True
        # The staff of a municipality with a hidden cell know it (and so any hidden total of
        # it and shown parts): the same rules with those cells known.
        for part, hidden, amount in parts:
            for reader in np.flatnonzero(owners & hidden):
                known = _known_to(int(reader), hidden, groups)
                seen = hidden & ~known
                for total, members in groups:
                    if known[total] or known[members].any():
                        pick = _group_pick(seen, amount, total, members, threshold, hidden)
                        if pick is not None:
                            hide(pick, part)
                            changed = True
                            known = _known_to(int(reader), hidden, groups)
                            seen = hidden & ~known
        if changed:
            return True
        for part, hidden, amount in parts[::2]:  # x and n; n − x is known exactly when x is
            for rule in (_determined_pick, _owner_determined_pick):
                pick = rule(hidden, amount, groups, owners)
                if pick is not None:
                    hide(pick, part)
                    return True
        return False

    while settle():
        pass
    hx[pos], hn[pos] = hx_l, hn_l


def _known_to(reader: int, hidden: np.ndarray, groups) -> np.ndarray:
    """Hidden cells the staff of ``reader`` know: their own, and every hidden total whose
    hidden parts they know (their own count plus the shown ones)."""
    known = np.zeros(len(hidden), dtype=bool)
    known[reader] = True
    grew = True
    while grew:
        grew = False
        for total, members in groups:
            inside = members[hidden[members]]
            if hidden[total] and not known[total] and known[inside].all():
                known[total] = grew = True
    return known & hidden


def _group_pick(seen, amount, total, members, threshold, hidden=None) -> int | None:
    """The next cell to hide so this group's sum gives no unseen cell away, or None. ``seen``
    marks the cells the reader does not know; ``hidden`` the cells already hidden (not to be
    picked again), ``seen`` by default."""
    hidden = seen if hidden is None else hidden
    mine = seen[members]
    if seen[total]:
        if not mine.any():  # a hidden total with all its parts known is their sum
            shown = members[~hidden[members]]
            return int(shown[np.argmin(amount[shown])]) if shown.size else None
        return None
    if not mine.any() or (mine.sum() >= 2 and amount[members[mine]].sum() >= threshold):
        return None
    visible = members[~hidden[members]]
    if not visible.size:  # every part hidden: the total would give their sum away
        return None if hidden[total] else int(total)
    return int(visible[np.argmin(amount[visible])])


def _determined_pick(hidden, amount, groups, owners=None) -> int | None:
    """A cell to hide when the group sums together pin some hidden cell down exactly."""
    cells, rows = _sum_rows(hidden, groups)
    if not rows.size:
        return None
    determined = _pinned(rows, cells)
    if not determined.size:
        return None
    return _choose(int(determined[0]), hidden, amount, groups, hidden)


def _sum_rows(hidden, groups) -> tuple[np.ndarray, np.ndarray]:
    """(hidden cells, the group sums as rows over them): +1 a hidden total, −1 a hidden part."""
    cells = np.flatnonzero(hidden)
    column = {c: j for j, c in enumerate(cells)}
    rows = []
    for total, members in groups:
        row = np.zeros(len(cells))
        if hidden[total]:
            row[column[total]] = 1.0
        for m in members[hidden[members]]:
            row[column[m]] = -1.0
        if row.any():
            rows.append(row)
    return cells, np.array(rows).reshape(len(rows), len(cells))


def _owner_determined_pick(hidden, amount, groups, owners) -> int | None:
    """A cell to hide when the staff of a municipality with a hidden cell, who know it, could
    pin another hidden cell down. Knowing cell r adds the unit vector e_r to the row space of
    the sums, so a cell c is pinned when e_c lies in span(rows, e_r): with Q an orthonormal
    basis of the rows and u = e_r − QQᵀe_r, when |Qᵀe_c|² + u_c²/|u|² = 1. All readers at
    once; cells the reader knows anyway (its own, totals of it and shown parts) do not count."""
    cells, rows = _sum_rows(hidden, groups)
    readers = np.flatnonzero(owners[cells])
    if not readers.size or not rows.size:
        return None
    _, s, vt = np.linalg.svd(rows, full_matrices=False)
    basis = vt[: int((s > 1e-9 * s.max()).sum())]
    base = (basis**2).sum(axis=0)
    rest = np.eye(len(cells))[:, readers] - basis.T @ basis[:, readers]
    norm = 1 - base[readers]
    new = norm > 1e-9  # a reader already pinned is the plain check's business
    pinned = base[:, None] + rest[:, new] ** 2 / norm[new] > 1 - 1e-8
    for j, reader in enumerate(cells[readers[new]]):
        known = _known_to(int(reader), hidden, groups)
        found = cells[pinned[:, j] & ~known[cells]]
        if found.size:
            return _choose(int(found[0]), hidden, amount, groups, hidden)
    return None


def _choose(cell, seen, amount, groups, hidden) -> int | None:
    """The cell to hide so ``cell`` is no longer pinned down: the smallest shown part of a
    group it is in; failing that (the sums pin it through other groups), of any group that
    holds an unseen cell; failing that, a shown total."""
    mine = [g for g in groups if cell == g[0] or cell in g[1]]
    linked = [g for g in groups if seen[g[0]] or seen[g[1]].any()]
    for chosen in (mine, linked):
        shown = [m for _, members in chosen for m in members if not hidden[m]]
        if shown:
            return int(min(shown, key=lambda m: amount[m]))
        totals = [t for t, _ in chosen if not hidden[t]]
        if totals:
            return int(min(totals, key=lambda t: amount[t]))
    return None


def _pinned(matrix: np.ndarray, cells: np.ndarray) -> np.ndarray:
    """The cells (columns of ``matrix``) whose unit vector lies in the row space: the sums
    give them exactly."""
    if not matrix.any():
        return cells[:0]
    _, s, vt = np.linalg.svd(matrix, full_matrices=False)
    basis = vt[: int((s > 1e-9 * s.max()).sum())]
    return cells[(basis**2).sum(axis=0) > 1 - 1e-8]


def _links(work: pd.DataFrame) -> list[tuple[np.ndarray, str, np.ndarray, str]]:
    """Row positions of the counts two indicators share: (rows a, part a, rows b, part b)."""
    from .indicators import load_indicators

    present = set(work["indicator"])
    rows = work.reset_index()
    on = ["unit_level", "unit_id", "period"]
    out = []
    for ind in load_indicators().values():
        for part, other, other_part in ind.same_counts:
            if ind.id not in present or other not in present:
                continue
            a = rows.loc[rows["indicator"] == ind.id, ["index", *on]]
            b = rows.loc[rows["indicator"] == other, ["index", *on]]
            pairs = a.merge(b, on=on, suffixes=("_a", "_b"))
            out.append(
                (
                    pairs["index_a"].to_numpy(),
                    _part_of(ind, part),
                    pairs["index_b"].to_numpy(),
                    _part_of(load_indicators()[other], other_part),
                )
            )
    return out


def _part_of(ind, part: str) -> str:
    """Where a count sits in the work frame: a count per capacity's numerator is its "n"."""
    return "n" if ind.is_per_capacity else _PART_OF[part]


def _mask(part: str, hx: np.ndarray, hn: np.ndarray) -> np.ndarray:
    return hn if part == "n" else hx


def _settle(hx, hn, is_share, rows) -> None:
    """A hidden denominator hides the row; a mean or ratio row is shown or hidden whole."""
    hx[rows] |= hn[rows]
    whole = ~is_share[rows]
    both = hx[rows] | hn[rows]
    hn_rows = hn[rows]
    hn_rows[whole] = both[whole]
    hn[rows] = hn_rows
