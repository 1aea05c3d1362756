"""The shared plan's rules: who a proposal or a thread waits for, who may answer, which activity
statuses may follow which, and the steps of a plan re-agreed with a new hours step."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fleksjob.core.casework import shared_plan as sp
from fleksjob.core.errors import InvalidField, Refused

D = dt.date(2026, 6, 1)


def test_a_pending_proposal_waits_for_the_other_side():
    assert sp.proposal_waits_for("citizen", "pending") == "jobcentre"
    assert sp.proposal_waits_for("jobcentre", "pending") == "citizen"
    assert sp.proposal_waits_for("jobcentre", "accepted") is None
    assert sp.proposal_waits_for("citizen", "declined") is None


def test_only_the_other_side_answers_and_a_decline_needs_a_reason():
    assert sp.check_answer("citizen", "pending", "jobcentre", accept=True, reason=" x ") == ""
    assert sp.check_answer("citizen", "pending", "jobcentre", accept=False, reason=" nej ") == "nej"
    with pytest.raises(Refused):
        sp.check_answer("citizen", "pending", "citizen", accept=True, reason="")
    with pytest.raises(Refused):
        sp.check_answer("citizen", "accepted", "jobcentre", accept=True, reason="")
    with pytest.raises(InvalidField):
        sp.check_answer("jobcentre", "pending", "citizen", accept=False, reason="  ")
    with pytest.raises(InvalidField):
        sp.check_answer("jobcentre", "pending", "citizen", accept=False, reason="x" * 501)


@pytest.mark.parametrize(
    ("current", "new", "allowed"),
    [
        ("planned", "in_progress", True),
        ("planned", "done", True),
        ("planned", "cancelled", True),
        ("in_progress", "planned", True),
        ("in_progress", "done", True),
        ("planned", "planned", False),
        ("done", "in_progress", False),
        ("cancelled", "planned", False),
        ("done", "cancelled", False),
    ],
)
def test_activity_status_moves(current, new, allowed):
    if allowed:
        sp.check_move(current, new)
    else:
        with pytest.raises(Refused):
            sp.check_move(current, new)


def test_a_thread_waits_for_the_side_that_did_not_write_last():
    assert sp.thread_waits_for("citizen", closed=False) == "jobcentre"
    assert sp.thread_waits_for("jobcentre", closed=False) == "citizen"
    assert sp.thread_waits_for("jobcentre", closed=True) is None
    assert sp.thread_waits_for(None, closed=False) is None


def test_with_step_keeps_future_steps_and_replaces_the_same_day():
    steps = [
        (D - dt.timedelta(days=1), Decimal(8)),
        (D, Decimal(10)),
        (D.replace(month=9), Decimal(14)),
    ]
    got = sp.with_step(steps, D.replace(month=7), Decimal(12), today=D)
    assert got == [
        (D, Decimal(10)),
        (D.replace(month=7), Decimal(12)),
        (D.replace(month=9), Decimal(14)),
    ]
    assert sp.with_step(steps, D, Decimal(11), today=D) == [
        (D, Decimal(11)),
        (D.replace(month=9), Decimal(14)),
    ]


@pytest.mark.parametrize(
    ("proposed_by", "state", "withdrawing", "refused"),
    [
        ("citizen", "pending", "citizen", False),
        ("jobcentre", "pending", "jobcentre", False),
        ("citizen", "pending", "jobcentre", True),  # the other side answers, never withdraws
        ("jobcentre", "pending", "citizen", True),
        ("citizen", "accepted", "citizen", True),  # answered: too late
        ("jobcentre", "declined", "jobcentre", True),
        ("citizen", "withdrawn", "citizen", True),  # once is enough
    ],
)
def test_only_the_proposer_withdraws_and_only_before_the_answer(
    proposed_by, state, withdrawing, refused
):
    if refused:
        with pytest.raises(Refused):
            sp.check_withdraw(proposed_by, state, withdrawing)
    else:
        sp.check_withdraw(proposed_by, state, withdrawing)


def test_a_withdrawn_proposal_waits_for_no_one_and_cannot_be_answered():
    assert sp.proposal_waits_for("citizen", "withdrawn") is None
    with pytest.raises(Refused):
        sp.check_answer("citizen", "withdrawn", "jobcentre", accept=True, reason="")
