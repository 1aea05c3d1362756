"""Peers by framework conditions (checked against scikit-learn) and the official figures matched
to an indicator's counts."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from sklearn.neighbors import NearestNeighbors
from sklearn.preprocessing import StandardScaler

from fleksjob.core.stats.benchmark import framework_peer_details
from fleksjob.core.stats.compare import peer_details
from fleksjob.core.stats.official import beside, is_whole, month_of


def test_peer_details_match_scikit_learn_on_standardised_conditions():
    rng = np.random.default_rng(7)
    cond = pd.DataFrame(
        {
            "unemployment_rate": rng.uniform(0.02, 0.08, 40),
            "share_age_50_plus": rng.uniform(0.3, 0.6, 40),
            "share_low_education": rng.uniform(0.15, 0.4, 40),
            "log_population": np.log(rng.integers(2_000, 600_000, 40)),
        },
        index=[f"{100 + i}" for i in range(40)],
    )
    got = peer_details(cond, k=5)
    z = StandardScaler().fit_transform(cond.to_numpy())
    distances, index = NearestNeighbors(n_neighbors=6).fit(z).kneighbors(z)
    for i, unit in enumerate(cond.index):
        mine = got[unit]
        # Position 0 of scikit-learn's answer is the unit itself (distance 0).
        assert [p.unit for p in mine] == [cond.index[j] for j in index[i, 1:]]
        np.testing.assert_allclose([p.distance for p in mine], distances[i, 1:], rtol=1e-10)
        for p, j in zip(mine, index[i, 1:], strict=True):
            diffs = z[j] - z[i]
            np.testing.assert_allclose(list(p.differences.values()), diffs, atol=1e-12)
            # The reason adds up to the distance.
            assert np.sqrt(sum(d * d for d in p.differences.values())) == pytest.approx(
                p.distance, rel=1e-12
            )


def test_framework_peers_use_the_population_on_a_log_scale():
    month = dt.date(2025, 6, 1)
    # Two big and two small municipalities with the same labour-market conditions: the size
    # decides who is like whom.
    rows = pd.DataFrame(
        {
            "municipality_id": ["a", "b", "c", "d"],
            "month": [month] * 4,
            "unemployment_rate": [0.04] * 4,
            "share_age_50_plus": [0.4] * 4,
            "share_low_education": [0.2] * 4,
            "population": [300_000, 250_000, 5_000, 6_000],
        }
    )
    got = framework_peer_details(rows, month, k=1)
    assert {u: p[0].unit for u, p in got.items()} == {"a": "b", "b": "a", "c": "d", "d": "c"}
    assert set(got["a"][0].differences) == {
        "unemployment_rate",
        "share_age_50_plus",
        "share_low_education",
        "log_population",
    }


def test_official_figures_beside_their_indicator():
    rows = [
        {
            "table": "y09a02",
            "label": "Antal personer",
            "measure": "memba02_x1",
            "period": "2026M09",
            "dimensions": {},
            "value": 41.0,
        },
        {  # split by sex: a part, not the municipality's count
            "table": "y09a02",
            "label": "Antal personer",
            "measure": "memba02_x1",
            "period": "2026M09",
            "dimensions": {"_kon": "Kvinder"},
            "value": 20.0,
        },
        {  # another month
            "table": "y09a02",
            "label": "Antal personer",
            "measure": "memba02_x1",
            "period": "2026M08",
            "dimensions": {},
            "value": 39.0,
        },
        {
            "table": "Y08A02",
            "label": "Antal personer",
            "measure": "memba02_x1",
            "period": "2026M09",
            "dimensions": {"_kon": "Køn i alt"},
            "value": None,
        },
        {  # another measure
            "table": "y08a02",
            "label": "Antal fuldtidspersoner",
            "measure": "memba02_x2",
            "period": "2026M09",
            "dimensions": {},
            "value": 30.0,
        },
    ]
    got = beside(rows, dt.date(2026, 9, 1))
    assert got["ledighedsydelse_share"] == [
        {"table": "Y09A02", "measure": "Antal personer", "part": "numerator", "value": 41.0}
    ]
    assert got["consultants_per_100_ledighedsydelse"][0]["part"] == "denominator"
    assert got["share_under_10_hours"] == [
        {"table": "Y08A02", "measure": "Antal personer", "part": "denominator", "value": None}
    ]
    assert "jobsamtaler_first_6m" not in got
    assert month_of("2026M09") == dt.date(2026, 9, 1)
    assert month_of("2026Q3") is None and month_of("2026") is None
    assert is_whole({}) and is_whole({"_kon": "Køn i alt"}) and not is_whole({"_kon": "Mænd"})
