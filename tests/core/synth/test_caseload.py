"""The demo's split of a municipality's open cases among its caseworkers."""

from __future__ import annotations

from collections import Counter

import pytest

from fleksjob.core.synth.caseload import share_out


def test_caseloads_are_even_the_queue_keeps_its_share_and_the_split_is_deterministic():
    cases = list(range(1, 101))
    split = share_out(cases, [7, 3, 5], queue_share=0.15, seed=4)
    assert set(split) == set(cases)
    counts = Counter(split.values())
    assert counts[None] == 15
    assert sorted(counts[h] for h in (3, 5, 7)) == [28, 28, 29]  # 85 cases, at most one apart
    assert share_out(list(reversed(cases)), [5, 7, 3], queue_share=0.15, seed=4) == split
    assert share_out(cases, [7, 3, 5], queue_share=0.15, seed=5) != split


def test_without_caseworkers_every_case_waits_in_the_queue():
    assert share_out([4, 2], []) == {2: None, 4: None}
    assert share_out([], [1]) == {}
    with pytest.raises(ValueError):
        share_out([1], [1], queue_share=1.5)
