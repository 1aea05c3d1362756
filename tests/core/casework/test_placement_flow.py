"""The placement workflow: every allowed and every forbidden move, reasons and consent."""

from __future__ import annotations

import itertools

import pytest

from fleksjob.core.casework.placement_flow import (
    LABELS_DA,
    LABELS_EN,
    NotHiredReason,
    PlacementError,
    Stage,
    check_move,
    next_stages,
)

# The workflow as the issue states it, written out independently of TRANSITIONS.
ALLOWED = {
    ("proposed", "presented"),
    ("proposed", "not_hired"),
    ("presented", "interview"),
    ("presented", "hired"),
    ("presented", "not_hired"),
    ("interview", "hired"),
    ("interview", "not_hired"),
}


@pytest.mark.parametrize(("current", "target"), list(itertools.product(Stage, Stage)))
def test_only_the_workflow_moves_are_allowed(current, target):
    reason = "other" if target == "not_hired" else ""
    if (current, target) in ALLOWED:
        check_move(current, target, reason=reason, consent=True)
        assert target in next_stages(current)
    else:
        with pytest.raises(PlacementError):
            check_move(current, target, reason=reason, consent=True)
        assert target not in next_stages(current)


@pytest.mark.parametrize("target", ["presented", "interview", "hired"])
def test_sharing_the_profile_needs_consent(target):
    current = {"presented": "proposed", "interview": "presented", "hired": "interview"}[target]
    with pytest.raises(PlacementError, match="samtykke"):
        check_move(current, target, consent=False)


def test_declining_needs_no_consent_but_a_coded_reason():
    check_move("proposed", "not_hired", reason="citizen_declined", consent=False)
    with pytest.raises(PlacementError, match="årsag"):
        check_move("proposed", "not_hired", reason="", consent=False)
    with pytest.raises(PlacementError, match="årsag"):
        check_move("proposed", "not_hired", reason="bored", consent=False)
    with pytest.raises(PlacementError, match="kun"):
        check_move("proposed", "presented", reason="hours", consent=True)


def test_unknown_stage_is_rejected():
    with pytest.raises(PlacementError, match="ukendt"):
        check_move("proposed", "signed", consent=True)


def test_the_issue_s_reason_codes_and_labels_exist():
    assert {r.value for r in NotHiredReason} == {
        "hours",
        "needs",
        "competences",
        "employer_withdrew",
        "citizen_declined",
        "other",
    }
    for member in [*Stage, *NotHiredReason]:
        assert LABELS_DA[member] and LABELS_EN[member]
