"""Case transfer in the core: deadlines, the settled status and the merge plan."""

import datetime as dt

import pytest

from fleksjob.core.casework.transfer import (
    Answer,
    Case,
    MergePlan,
    Plan,
    RequestStatus,
    Spell,
    TransferError,
    clean_reason,
    is_due,
    plan_merge,
    release_by,
    settled_status,
)

D = dt.date


def test_release_by_and_due():
    assert release_by(D(2026, 3, 2), 14) == D(2026, 3, 16)
    assert not is_due(D(2026, 3, 16), D(2026, 3, 15))
    assert is_due(D(2026, 3, 16), D(2026, 3, 16))
    for days in (0, 366):
        with pytest.raises(ValueError):
            release_by(D(2026, 3, 2), days)


def test_a_refusal_and_no_answer_settle_alike():
    assert settled_status([]) == RequestStatus.NONE
    assert settled_status([Answer.REFUSED]) == RequestStatus.NONE
    assert settled_status([Answer.REFUSED, Answer.RELEASED]) == RequestStatus.TRANSFERRED


def test_a_refusal_needs_a_short_reason():
    assert clean_reason("  borgeren  er ikke\nflyttet ") == "borgeren er ikke flyttet"
    for bad in ("", "  ", "ok", "x" * 201):
        with pytest.raises(TransferError):
            clean_reason(bad)


def test_nothing_to_resolve_when_the_local_record_has_no_active_case():
    plan = plan_merge(
        [Case(1, active=False)],
        [Case(2, active=True)],
        [Spell(10, D(2020, 1, 1), open=False)],
        [Spell(20, D(2024, 1, 1), open=True)],
        [],
        [Plan(30, 2, D(2025, 1, 1))],
    )
    assert plan == MergePlan()


def test_the_local_stand_in_case_is_folded_into_the_moved_case():
    plan = plan_merge(
        [Case(1, active=True)],
        [Case(2, active=False), Case(3, active=True)],
        [Spell(10, D(2025, 3, 1), open=True)],
        [Spell(20, D(2024, 1, 1), open=True)],
        [Plan(40, 1, D(2025, 4, 1))],
        [Plan(30, 3, D(2025, 1, 1))],
    )
    assert plan.fold == (1, 3)
    # The moved spell carries the ledighedsydelse on: the local one that started after it goes.
    assert plan.local_spell == (10, None)
    # The more recently agreed plan stays active.
    assert plan.deactivate_plans == (30,)


def test_an_earlier_local_spell_ends_the_day_before_the_moved_one_and_ties_keep_local_plans():
    plan = plan_merge(
        [Case(1, active=True)],
        [Case(3, active=True)],
        [Spell(10, D(2023, 1, 1), open=True)],
        [Spell(20, D(2024, 1, 1), open=True)],
        [Plan(40, 1, D(2025, 1, 1))],
        [Plan(30, 3, D(2025, 1, 1))],
    )
    assert plan.local_spell == (10, D(2023, 12, 31))
    assert plan.deactivate_plans == (30,)
