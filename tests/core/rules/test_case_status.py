import pytest

from fleksjob.core.rules.case_status import (
    TRANSITIONS,
    EndReason,
    Status,
    TransitionError,
    check_transition,
)


def test_new_case_starts_unemployed_or_in_job():
    check_transition(None, "approved_unemployed")
    check_transition(None, "in_fleksjob")
    with pytest.raises(TransitionError):
        check_transition(None, "ended", "other")


@pytest.mark.parametrize("current", list(Status))
@pytest.mark.parametrize("target", list(Status))
def test_transition_table(current, target):
    reason = EndReason.OTHER if target is Status.ENDED else None
    allowed = target in TRANSITIONS[current]
    if allowed:
        check_transition(current, target, reason)
    else:
        with pytest.raises(TransitionError):
            check_transition(current, target, reason)


def test_end_needs_a_valid_reason_and_only_end_has_one():
    with pytest.raises(TransitionError):
        check_transition("in_fleksjob", "ended")
    with pytest.raises(TransitionError):
        check_transition("in_fleksjob", "ended", "bored")
    with pytest.raises(TransitionError):
        check_transition("in_fleksjob", "paused", "state_pension")
    check_transition("in_fleksjob", "ended", "state_pension")


def test_ended_is_final():
    assert TRANSITIONS[Status.ENDED] == frozenset()
