"""Planted best pairs rank in the top 10, on a synthetic Denmark instance."""

from __future__ import annotations

import random

import pytest

from fleksjob.core.matching import engine
from fleksjob.core.matching.index import PositionIndex
from fleksjob.core.matching.ranking import recommend
from fleksjob.core.matching.records import candidate_from_dict, position_from_dict
from fleksjob.core.synth.matching_instance import matching_instance


@pytest.mark.slow
def test_planted_pairs_rank_in_top_10():
    cands, poss = matching_instance(600, 3000, seed=5)
    rng = random.Random(5)
    chosen = rng.sample([c for c in cands if c["occupations"]], 120)
    planted = {}
    for i, c in enumerate(chosen):
        pid = f"planted{i}"
        planted[c["id"]] = pid
        poss.append(
            {
                "id": pid,
                "employer_id": f"pe{i}",
                "lat": round(c["lat"] + 0.003, 5),  # a few hundred metres away
                "lon": c["lon"],
                "remote": False,
                "hours_min": c["hours_min"],
                "hours_max": c["hours_max"],
                "provides": c["needs"],  # exactly what the citizen needs, nothing extra
                "occupation": c["occupations"][0],
                "text": c["skills_text"],
                "sector": c["wishes_sectors"][0] if c["wishes_sectors"] else "retail",
                "openings": 1,
            }
        )
    records_c = [candidate_from_dict(c) for c in cands]
    records_p = [position_from_dict(p) for p in poss]
    index = PositionIndex(records_p)
    by_id = {c.id: c for c in records_c}
    hits = sum(
        planted[cid] in [m.position for m in recommend(by_id[cid], index, 10)] for cid in planted
    )
    assert hits / len(planted) >= 0.9
    # The batch run (with exposure caps) agrees.
    out = engine.run(records_c, records_p, top=10, index=index).output
    batch_hits = sum(
        planted[cid] in [r["position"] for r in out["recommendations"][cid]] for cid in planted
    )
    assert batch_hits / len(planted) >= 0.9


def test_instance_is_deterministic_and_valid():
    a = matching_instance(50, 120, seed=3)
    assert a == matching_instance(50, 120, seed=3)
    assert a != matching_instance(50, 120, seed=4)
    cands = [candidate_from_dict(c) for c in a[0]]
    poss = [position_from_dict(p) for p in a[1]]
    assert len(cands) == 50 and len(poss) == 120
    assert all(c.needs and c.occupations and c.skills_text for c in cands)
    assert len({p.id for p in poss}) == 120
