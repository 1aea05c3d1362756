"""Outreach from people: matches and near misses per employer, checked by hand and against a
brute force that adds each provision to the workplace in turn and re-runs the issue's rules."""

from __future__ import annotations

import dataclasses
import random

import pytest

from fleksjob.core.matching.outreach import fits_for, rank, reach, summarise
from fleksjob.core.matching.records import candidate_from_dict, position_from_dict
from fleksjob.core.matching.tables import CandidateTable, PositionTable
from fleksjob.core.matching.taxonomy import KEYS

from .conftest import KEY_LIST, is_feasible, random_instance


def _candidate(id_, needs, *, lat=55.6, hours=(5.0, 12.0), commute=20.0, weeks=10.0):
    return candidate_from_dict(
        {
            "id": id_,
            "lat": lat,
            "lon": 11.9,
            "max_commute_km": commute,
            "remote_ok": False,
            "hours_min": hours[0],
            "hours_max": hours[1],
            "needs": needs,
            "occupations": [],
            "skills_text": "",
            "wishes_sectors": [],
            "weeks_waiting": weeks,
            "goal": "retention",
        }
    )


def _position(id_, employer, provides, hours=(8.0, 15.0)):
    return position_from_dict(
        {
            "id": id_,
            "employer_id": employer,
            "lat": 55.6,
            "lon": 11.9,
            "remote": False,
            "hours_min": hours[0],
            "hours_max": hours[1],
            "provides": provides,
            "occupation": "4110",
            "text": "",
            "sector": "retail",
            "openings": 1,
        }
    )


def test_hand_worked_employer():
    positions = [_position("p1", "e1", ["quiet_environment"])]
    offered = {"e1": ["quiet_environment", "mentor"]}  # a mentor in a position now filled
    candidates = [
        _candidate("a", ["mentor"], weeks=5),  # the workplace's mentor: a match
        _candidate("b", ["extra_breaks"], weeks=50),  # one provision short: a near miss
        _candidate("c", ["extra_breaks", "no_heavy_lifting"]),  # two short: nothing
        _candidate("d", [], hours=(20.0, 30.0)),  # hours do not overlap: nothing
        _candidate("e", [], lat=57.0),  # 155 km away, no remote work: nothing
        _candidate("f", ["quiet_environment"], weeks=80),  # the position's own: a match
        _candidate("g", ["extra_breaks"], hours=(20.0, 30.0)),  # short, but hours: nothing
    ]
    c, p = CandidateTable.build(candidates), PositionTable.build(positions)
    fits = fits_for(c, p, offered["e1"])
    assert [(f.candidate, f.kind, f.missing, f.borrowed) for f in fits] == [
        ("f", "match", (), ()),  # 80 weeks waiting before 5
        ("a", "match", (), ("mentor",)),
        ("b", "near", ("extra_breaks",), ()),
    ]
    assert reach(c, p, offered) == {
        "e1": dataclasses.replace(
            reach(c, p, offered)["e1"], matches=2, near=1, near_by_provision=(("extra_breaks", 1),)
        )
    }
    assert summarise(fits) == (2, 1, (("extra_breaks", 1),))


def test_near_miss_by_different_provisions_at_different_positions():
    positions = [
        _position("p1", "e1", ["extra_breaks"]),
        _position("p2", "e1", ["no_heavy_lifting"]),
    ]
    candidate = _candidate("a", ["extra_breaks", "no_heavy_lifting"])
    fits = fits_for(CandidateTable.build([candidate]), PositionTable.build(positions), [])
    assert [(f.kind, f.missing, f.positions) for f in fits] == [
        ("near", ("extra_breaks", "no_heavy_lifting"), ("p1", "p2"))
    ]


def test_rank_orders_by_matches_then_near_misses_and_drops_employers_without_anyone():
    from fleksjob.core.matching.outreach import Reach

    reaches = [Reach("a", 1, 9), Reach("b", 2, 0), Reach("c", 0, 0), Reach("d", 1, 10)]
    assert [r.employer for r in rank(reaches)] == ["b", "d", "a"]


def test_no_positions_or_no_candidates():
    empty_c = CandidateTable.build([])
    p = PositionTable.build([_position("p1", "e1", [])])
    assert reach(CandidateTable.build([_candidate("a", [])]), PositionTable.build([]), {}) == {}
    assert reach(empty_c, p, {})["e1"].total == 0
    assert fits_for(empty_c, p, []) == []


def _brute_force(candidates, positions, offered):
    """Per employer and candidate: "match", or the set of provisions each of which, added to the
    workplace, makes a match (the rules re-run with every single key of the taxonomy)."""
    result = {}
    for employer in {p.employer_id for p in positions}:
        own = [p for p in positions if p.employer_id == employer]
        workplace = set(offered.get(employer, ()))

        def matches(c, extra, own=own, workplace=workplace):
            return any(
                is_feasible(
                    c, dataclasses.replace(p, provides=tuple(set(p.provides) | workplace | extra))
                )
                for p in own
            )

        for c in candidates:
            if matches(c, set()):
                result[employer, c.id] = "match"
                continue
            keys = {key for key in KEYS if matches(c, {key})}
            if keys:
                result[employer, c.id] = keys
    return result


@pytest.mark.parametrize("seed", range(8))
def test_against_brute_force(seed):
    candidates, positions = random_instance(80, 30, seed, spread_deg=0.25)
    rng = random.Random(seed)
    offered = {f"e{i}": rng.sample(KEY_LIST, rng.choice([0, 1, 3, 6])) for i in range(7)}
    expected = _brute_force(candidates, positions, offered)
    assert any(v == "match" for v in expected.values())
    assert any(v != "match" for v in expected.values())  # the instance has near misses

    c, p = CandidateTable.build(candidates), PositionTable.build(positions)
    got = {}
    for employer in {q.employer_id for q in positions}:
        own = PositionTable.build([q for q in positions if q.employer_id == employer])
        fits = fits_for(c, own, offered[employer])
        for fit in fits:
            got[employer, fit.candidate] = "match" if fit.kind == "match" else set(fit.missing)
        matches, near, by_key = summarise(fits)
        assert (reach(c, p, offered)[employer].matches, reach(c, p, offered)[employer].near) == (
            matches,
            near,
        )
        assert reach(c, p, offered)[employer].near_by_provision == by_key
    assert got == expected


def test_reach_is_the_same_in_any_chunking(monkeypatch):
    from fleksjob.core.matching import outreach

    candidates, positions = random_instance(120, 40, 3, spread_deg=0.25)
    c, p = CandidateTable.build(candidates), PositionTable.build(positions)
    whole = reach(c, p, {})
    monkeypatch.setattr(outreach, "_CHUNK", 7)
    assert reach(c, p, {}) == whole
