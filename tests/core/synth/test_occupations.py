"""The occupation table is data (data/occupations.json): each entry agrees with the vocabularies."""

from __future__ import annotations

import json

import pytest

from fleksjob.core.matching.taxonomy import KEYS
from fleksjob.core.matching.vocabulary import SECTORS, TASK_TYPES
from fleksjob.core.synth import occupations
from fleksjob.reference import isco_groups


def test_every_entry_uses_known_codes_and_keys():
    units = {code for code, g in isco_groups().items() if g.level == 4}
    assert len({o.code for o in occupations.OCCUPATIONS}) == len(occupations.OCCUPATIONS)
    for o in occupations.OCCUPATIONS:
        assert o.code in units, o.code
        assert set(o.sectors) <= set(SECTORS), o.code
        assert o.task_type in TASK_TYPES, o.code
        assert set(o.provides) <= KEYS, o.code
        assert 0 <= o.female_share <= 1 and o.weight > 0, o.code
        assert o.title and o.tasks and o.skills, o.code
    assert set(occupations.ACADEMIC_CODES) <= set(occupations.BY_CODE)


def test_a_malformed_entry_is_refused_with_its_position(tmp_path):
    rows = json.loads(occupations._DATA.read_text(encoding="utf-8"))
    del rows[3]["weight"]
    bad = tmp_path / "occupations.json"
    bad.write_text(json.dumps(rows), encoding="utf-8")
    with pytest.raises(ValueError, match=r"entry 3: fields \['weight'\]"):
        occupations._load(bad)
