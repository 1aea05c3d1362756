"""The demo tells the sources' story (docs/synthetic-denmark.md, "Anchored municipalities"): in
the default synthetic Denmark (national scale, seed 1) over a fifth of Rudersdal's approved
citizens are on ledighedsydelse, about a fifth of Glostrup's and under a tenth of Lejre's, while
the other municipalities keep a realistic spread. Counted from the seeded database rows, not
from the generator's own summary."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pytest
from django.core.management import call_command
from django.db.models import Q

from fleksjob.citizens.models import Approval, BenefitSpell

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
TODAY = dt.date(2026, 11, 23)


def _shares(on: dt.date) -> dict[str, float]:
    """Municipality → share of citizens with an active approval on ``on`` who have a
    ledighedsydelse spell covering that day (within that approval)."""
    active = Approval.objects.exclude(status="ended").filter(visitation_date__lte=on)
    approved = dict(
        (code, set())
        for code in active.values_list("citizen__municipality_id", flat=True).distinct()
    )
    for code, citizen in active.values_list("citizen__municipality_id", "citizen_id"):
        approved[code].add(citizen)
    spells = BenefitSpell.objects.filter(approval__in=active, start__lte=on).filter(
        Q(end__isnull=True) | Q(end__gte=on)
    )
    unemployed: dict[str, set] = {code: set() for code in approved}
    for code, citizen in spells.values_list("citizen__municipality_id", "citizen_id"):
        unemployed[code].add(citizen)
    return {code: len(unemployed[code]) / len(approved[code]) for code in approved}


def test_the_default_synthetic_denmark_anchors_the_sources_levels():
    call_command(
        "seed", scale="national", seed=1, today=TODAY, stdout=io.StringIO(), stderr=io.StringIO()
    )
    shares = _shares(TODAY)
    assert len(shares) == 98
    assert shares["230"] > 0.20  # Rudersdal: over a fifth
    assert 0.17 <= shares["161"] <= 0.23  # Glostrup: about a fifth
    assert shares["350"] < 0.10  # Lejre: under a tenth
    others = np.array([s for code, s in shares.items() if code not in {"230", "161", "350"}])
    p10, median, p90 = np.percentile(others, [10, 50, 90])
    assert 0.06 <= p10 <= 0.11 and 0.10 <= median <= 0.16 and 0.18 <= p90 <= 0.24
