"""Case decisions as rules (core/rules/decisions.py): what each decision may do to a case, which
dates and values it refuses (409 for the case's state, 422 for a value), and its effect."""

from __future__ import annotations

import datetime as dt

import pytest

from fleksjob.core.errors import InvalidField, Refused
from fleksjob.core.rules import decisions as d
from fleksjob.core.rules.deadlines import CaseFacts, DeadlineState, case_deadline_states

TODAY = dt.date(2026, 6, 15)
VISITED = dt.date(2024, 3, 1)
UNEMPLOYED = d.CaseState("approved_unemployed", VISITED, VISITED)
IN_JOB = d.CaseState(
    "in_fleksjob",
    dt.date(2021, 9, 1),
    dt.date(2021, 5, 3),
    first_fleksjob_start=dt.date(2021, 9, 1),
    temporary_until=dt.date(2026, 9, 1),
)


def decision(kind, on=TODAY, basis=None, reason="", text="Lægeerklæring af 10. juni"):
    basis = basis or d.bases_for(kind)[0].key
    return d.Decision(kind, on, basis, text, reason)


def test_every_legal_basis_has_labels_a_source_and_known_decisions():
    bases = d.legal_bases()
    assert bases
    for basis in bases.values():
        assert basis.label_da and basis.label_en and basis.source and basis.law
        assert basis.decisions <= set(d.DecisionKind)
    for kind in d.DecisionKind:
        assert d.bases_for(kind), f"no legal basis for {kind}"
    assert bases["lab_116"].citation == "LAB § 116 ff."
    assert "review" in bases["lab_122"].decisions


def test_every_kind_reason_and_outcome_has_both_labels():
    for value in [*d.DecisionKind, *d.PauseReason, *d.ReviewOutcome]:
        assert d.LABELS_DA[value] and d.LABELS_EN[value]


def test_pause_and_resume_go_back_to_the_status_paused_from():
    assert d.check(UNEMPLOYED, decision("pause", reason="sickness"), TODAY).to_status == "paused"
    paused = d.CaseState("paused", TODAY, VISITED, before_pause="in_fleksjob")
    assert d.check(paused, decision("resume"), TODAY).to_status == "in_fleksjob"
    legacy = d.CaseState("paused", TODAY, VISITED)  # paused before decisions were recorded
    assert d.check(legacy, decision("resume"), TODAY).to_status == "approved_unemployed"


@pytest.mark.parametrize(
    ("case", "made", "message"),
    [
        (UNEMPLOYED, decision("resume"), "ikke sat på pause"),
        (d.CaseState("paused", TODAY, VISITED), decision("pause", reason="leave"), "allerede"),
        (d.CaseState("ended", TODAY, VISITED), decision("end", reason="other"), "afsluttet"),
        (UNEMPLOYED, decision("visitation"), "allerede en aktiv"),
        (UNEMPLOYED, decision("review", reason="permanent"), "ikke haft et fleksjob"),
        (
            d.CaseState("in_fleksjob", VISITED, VISITED, VISITED, permanent=True),
            decision("review", reason="permanent"),
            "allerede permanent",
        ),
        (
            d.CaseState("in_fleksjob", VISITED, VISITED, VISITED, old_scheme=True),
            decision("review", reason="permanent"),
            "2013",
        ),
        (
            d.CaseState("approved_unemployed", VISITED, VISITED, scheduled_on=TODAY),
            decision("pause", reason="sickness"),
            "planlagt afgørelse",
        ),
        (None, decision("pause", reason="sickness"), "ingen fleksjobsag"),
    ],
)
def test_a_decision_the_case_does_not_allow_is_refused(case, made, message):
    with pytest.raises(Refused, match=message):
        d.check(case, made, TODAY)


@pytest.mark.parametrize(
    ("made", "field"),
    [
        (decision("pause", reason="sickness", on=VISITED - dt.timedelta(days=1)), "on"),
        (decision("pause", reason="sickness", on=TODAY + dt.timedelta(days=367)), "on"),
        (decision("pause", reason="sickness", basis="lab_122"), "legal_basis"),
        (decision("pause", reason="sickness", basis="no_such_basis"), "legal_basis"),
        (decision("pause", reason="pension"), "reason"),
        (decision("pause", reason=""), "reason"),
        (decision("resume", reason="sickness"), "reason"),
        (decision("end", reason="sickness"), "reason"),
        (decision("pause", reason="sickness", text="   "), "justification"),
        (decision("pause", reason="sickness", text="x" * 1001), "justification"),
        (d.Decision("promote", TODAY, "lab_116", "x"), "kind"),
    ],
)
def test_a_value_the_decision_cannot_hold_names_its_field(made, field):
    with pytest.raises(InvalidField) as refused:
        d.check(UNEMPLOYED, made, TODAY)
    assert refused.value.field == field


def test_dates_before_the_current_status_or_the_visitation_are_refused():
    paused = d.CaseState("paused", dt.date(2026, 5, 1), VISITED)
    with pytest.raises(InvalidField, match="nuværende status"):
        d.check(paused, decision("resume", on=dt.date(2026, 4, 30)), TODAY)
    ended = d.CaseState("ended", dt.date(2025, 1, 31), VISITED)
    with pytest.raises(InvalidField, match="forrige sag"):
        d.check(ended, decision("visitation", on=dt.date(2025, 1, 30)), TODAY)
    with pytest.raises(InvalidField, match="fremtiden"):
        d.check(None, decision("visitation", on=TODAY + dt.timedelta(days=1)), TODAY)
    with pytest.raises(InvalidField, match="1998"):
        d.check(None, decision("visitation", on=dt.date(1997, 12, 31)), TODAY)
    # A year ahead is the limit (366 days), and a first or a new visitation opens a case.
    assert d.check(
        UNEMPLOYED, decision("end", reason="other", on=TODAY + dt.timedelta(days=366)), TODAY
    )
    assert d.check(None, decision("visitation"), TODAY).to_status == "approved_unemployed"
    assert d.check(ended, decision("visitation", on=ended.status_since), TODAY)


def test_review_outcomes():
    permanent = d.check(IN_JOB, decision("review", reason="permanent"), TODAY)
    assert (permanent.to_status, permanent.permanent, permanent.reviewed_on) == (None, True, TODAY)
    again = d.check(IN_JOB, decision("review", reason="new_temporary"), TODAY)
    # Five more years after the current period (1 Sep 2026 → 1 Sep 2031).
    assert (again.to_status, again.temporary_until) == (None, dt.date(2031, 9, 1))
    out = d.check(IN_JOB, decision("review", reason="no_longer_eligible"), TODAY)
    assert (out.to_status, out.end_reason) == ("ended", "no_longer_eligible")
    with pytest.raises(InvalidField, match="kan ikke dateres før"):
        d.check(IN_JOB, decision("review", reason="permanent", on=dt.date(2021, 8, 31)), TODAY)


def test_a_review_decision_meets_the_review_deadline_that_was_overdue():
    """The review of a fleksjob started 1 Sep 2021 was due 1 Mar 2026; without a decision it is
    overdue on 15 June 2026, with one (even late) it is met on the decision's day."""
    start = dt.date(2021, 9, 1)

    def review_state(facts):
        return next(s for s in case_deadline_states(facts, TODAY) if s.key == "review")

    assert review_state(CaseFacts(first_fleksjob_start=start)).state == DeadlineState.OVERDUE
    decided = review_state(CaseFacts(first_fleksjob_start=start, review_decisions=(TODAY,)))
    assert (decided.state, decided.met_on, decided.met_late) == (DeadlineState.MET, TODAY, True)
    temporary = next(
        s
        for s in case_deadline_states(
            CaseFacts(first_fleksjob_start=start, review_decisions=(TODAY,)), TODAY
        )
        if s.key == "temporary_until"
    )
    assert temporary.state == DeadlineState.MET


def test_a_new_temporary_period_is_reviewed_in_its_turn():
    """After a review granted a new temporary period, that period's review is a decision of its
    own: dated after the previous one (422 otherwise), with the same outcomes."""
    first = dt.date(2021, 9, 1)
    granted = d.CaseState(
        "in_fleksjob",
        VISITED,
        VISITED,
        first,
        temporary_until=dt.date(2031, 9, 1),
        reviewed_on=dt.date(2026, 3, 1),
    )
    again = d.check(granted, decision("review", reason="permanent"), TODAY)
    assert (again.permanent, again.reviewed_on) == (True, TODAY)
    longer = d.check(granted, decision("review", reason="new_temporary"), TODAY)
    assert longer.temporary_until == dt.date(2036, 9, 1)
    with pytest.raises(InvalidField, match="efter den forrige"):
        d.check(granted, decision("review", reason="permanent", on=dt.date(2026, 3, 1)), TODAY)


def _reviews(facts, today):
    return [
        (s.key, s.calendar_date, s.state)
        for s in case_deadline_states(facts, today)
        if s.key in ("review", "temporary_until")
    ]


def test_a_new_temporary_period_has_its_own_review_deadline():
    """A fleksjob from 1 Sep 2021: the first period ends 1 Sep 2026 (review due 1 Mar 2026). The
    review on 10 Mar 2026 granted a new period to 1 Sep 2031, whose review is due 1 Mar 2031:
    due now, overdue on 1 Apr 2031 unless a review is held after the grant, and not met by the
    review meeting held before it."""
    first = dt.date(2021, 9, 1)
    grant = dt.date(2026, 3, 10)
    facts = CaseFacts(
        first_fleksjob_start=first,
        review_decisions=(grant,),
        temporary_until=dt.date(2031, 9, 1),
        reviews_held=(dt.date(2026, 2, 20),),
    )
    M, D, LATE = DeadlineState.MET, DeadlineState.DUE, DeadlineState.OVERDUE
    assert _reviews(facts, TODAY) == [
        ("review", dt.date(2026, 3, 1), M),
        ("temporary_until", dt.date(2026, 9, 1), M),
        ("review", dt.date(2031, 3, 1), D),
        ("temporary_until", dt.date(2031, 9, 1), D),
    ]
    later = dt.date(2031, 4, 1)
    assert [state for *_, state in _reviews(facts, later)] == [M, M, LATE, D]
    held = CaseFacts(
        **{**facts.__dict__, "reviews_held": (*facts.reviews_held, dt.date(2031, 2, 1))}
    )
    assert [state for *_, state in _reviews(held, later)] == [M, M, M, M]
    labels = [s.label for s in case_deadline_states(facts, TODAY) if s.key == "review"]
    assert labels == ["Revurdering (4½ år)", "Revurdering af ny periode (4½ år)"]


def test_without_a_new_period_there_is_one_review():
    """The first period only, whatever the case's own end date says, until a review grants one."""
    first = dt.date(2021, 9, 1)
    assert len(_reviews(CaseFacts(first_fleksjob_start=first), TODAY)) == 2
    one = CaseFacts(first_fleksjob_start=first, temporary_until=dt.date(2026, 9, 1))
    assert len(_reviews(one, TODAY)) == 2
