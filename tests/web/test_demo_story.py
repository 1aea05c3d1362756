"""The demo tells the sources' story (docs/synthetic-denmark.md, "Anchored municipalities"): in
the default synthetic Denmark (national scale, seed 1) over a fifth of Rudersdal's approved
citizens are on ledighedsydelse, about a fifth of Glostrup's and under a tenth of Lejre's, while
the other municipalities keep a realistic spread. Counted from the generated rows (approvals,
spells, citizens), not from the generator's own summary; that the seed loads every generated row
as it is, is tests/web/test_seed.py's (loading the 4 million national rows here cost CI minutes
on each engine)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from fleksjob.core import synth

pytestmark = pytest.mark.slow
TODAY = dt.date(2026, 11, 23)


def _rows(dataset, name: str) -> list[dict]:
    table = dataset.tables[name]
    return [dict(zip(table.columns, row, strict=True)) for row in table.rows]


def _shares(dataset, on: dt.date) -> dict[str, float]:
    """Municipality → share of citizens with an active approval on ``on`` who have a
    ledighedsydelse spell covering that day (within that approval)."""
    home = {c["id"]: c["municipality_id"] for c in _rows(dataset, "citizens.Citizen")}
    active = {
        a["id"]: a["citizen_id"]
        for a in _rows(dataset, "citizens.Approval")
        if a["status"] != "ended" and a["visitation_date"] <= on
    }
    approved: dict[str, set] = {}
    for citizen in active.values():
        approved.setdefault(home[citizen], set()).add(citizen)
    unemployed: dict[str, set] = {code: set() for code in approved}
    for spell in _rows(dataset, "citizens.BenefitSpell"):
        covers = spell["start"] <= on and (spell["end"] is None or spell["end"] >= on)
        if spell["approval_id"] in active and covers:
            unemployed[home[spell["citizen_id"]]].add(spell["citizen_id"])
    return {code: len(unemployed[code]) / len(approved[code]) for code in approved}


def test_the_default_synthetic_denmark_anchors_the_sources_levels():
    shares = _shares(synth.generate("national", 1, TODAY), TODAY)
    assert len(shares) == 98
    assert shares["230"] > 0.20  # Rudersdal: over a fifth
    assert 0.17 <= shares["161"] <= 0.23  # Glostrup: about a fifth
    assert shares["350"] < 0.10  # Lejre: under a tenth
    others = np.array([s for code, s in shares.items() if code not in {"230", "161", "350"}])
    p10, median, p90 = np.percentile(others, [10, 50, 90])
    assert 0.06 <= p10 <= 0.11 and 0.10 <= median <= 0.16 and 0.18 <= p90 <= 0.24
