"""The outreach score: each factor computed by hand, orderings a consultant would expect."""

from __future__ import annotations

import math

import pytest

from fleksjob.core.casework.outreach import EmployerFacts, contact_rate, score, sector_demand


def test_sector_demand_counts_each_citizen_once_per_sector():
    demand = sector_demand([["retail", "retail", "health_care"], ["retail"], ["education"]])
    assert demand == {"retail": 1.0, "health_care": 0.5, "education": 0.5}
    assert sector_demand([]) == {}


def test_score_by_hand():
    facts = EmployerFacts(
        fleksjob_hires=3, size_band="medium", sector="retail", days_since_contact=73
    )
    result = score(facts, {"retail": 0.5})
    # 0.35·(1 − e^−1) + 0.25·0.5 + 0.25·(73/365) + 0.15·0.8
    expected = 0.35 * (1 - math.exp(-1)) + 0.125 + 0.25 * 0.2 + 0.12
    assert result.score == pytest.approx(expected)
    assert result.reasons == [
        "har ansat 3 i fleksjob før",
        "branchen er ønsket af mange ledige borgere",
        "stor arbejdsplads med mange opgaver",
    ]


def test_orderings():
    base = dict(size_band="small", sector="retail")
    never = score(EmployerFacts(0, days_since_contact=None, **base), {})
    yesterday = score(EmployerFacts(0, days_since_contact=1, **base), {})
    assert never.score > yesterday.score and "aldrig kontaktet" in never.reasons
    hired = score(EmployerFacts(5, days_since_contact=1, **base), {})
    assert hired.score > yesterday.score
    assert 0 <= yesterday.score <= hired.score <= 1
    top = score(EmployerFacts(1000, "large", "retail", None), {"retail": 1.0})
    assert top.score == pytest.approx(1.0, abs=1e-9)


def test_bad_input_and_contact_rate():
    with pytest.raises(ValueError):
        score(EmployerFacts(-1, "small", "retail", 3), {})
    assert contact_rate(3, 4) == 0.75
    assert contact_rate(0, 0) is None
    with pytest.raises(ValueError):
        contact_rate(5, 4)


def test_every_reason_reads_in_english():
    from fleksjob.core.casework.outreach import reason_in_english

    cases = [
        EmployerFacts(3, "large", "retail", None),
        EmployerFacts(0, "small", "retail", 400),
    ]
    reasons = {r for facts in cases for r in score(facts, {"retail": 0.9}).reasons}
    reasons |= set(score(EmployerFacts(0, "small", "retail", 10), {}).reasons)
    assert len(reasons) == 6
    for reason in reasons:
        english = reason_in_english(reason)
        assert english != reason and not set("æøå") & set(english), reason
    assert reason_in_english("ikke kontaktet i 400 dage") == "not contacted for 400 days"
    assert reason_in_english("ukendt") == "ukendt"
