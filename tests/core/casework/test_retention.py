"""The retention decision: who is due for anonymisation, on plain data."""

from __future__ import annotations

import datetime as dt

import pytest

from fleksjob.core.casework.retention import (
    REDACTED,
    CaseEnd,
    CitizenCases,
    add_years,
    case_ended_on,
    due_citizens,
    due_on,
    redact_name,
    search_names_citizen,
)

D = dt.date
ENDED = "ended"


def citizen(cid: int, *cases: CaseEnd, anonymised: bool = False) -> CitizenCases:
    return CitizenCases(cid, "101", tuple(cases), anonymised)


def test_a_never_ended_case_is_never_due():
    assert case_ended_on([CaseEnd("in_fleksjob")]) is None
    assert due_citizens([citizen(1, CaseEnd("approved_unemployed"))], D(2099, 1, 1), 5) == []


def test_a_citizen_without_any_case_is_not_due():
    assert case_ended_on([]) is None
    assert due_citizens([citizen(1)], D(2099, 1, 1), 5) == []


def test_due_exactly_on_the_anniversary_not_the_day_before():
    cases = [CaseEnd(ENDED, D(2020, 3, 10))]
    assert due_on(cases, 5) == D(2025, 3, 10)
    assert due_citizens([citizen(7, *cases)], D(2025, 3, 9), 5) == []
    assert due_citizens([citizen(7, *cases)], D(2025, 3, 10), 5) == [7]


def test_a_reopened_case_keeps_the_citizen():
    old = CaseEnd(ENDED, D(2010, 1, 1))
    assert due_citizens([citizen(1, old, CaseEnd("in_fleksjob"))], D(2030, 1, 1), 5) == []


def test_the_latest_of_several_ended_cases_counts():
    cases = [CaseEnd(ENDED, D(2010, 1, 1)), CaseEnd(ENDED, D(2022, 6, 30))]
    assert case_ended_on(cases) == D(2022, 6, 30)
    assert due_citizens([citizen(1, *cases)], D(2027, 6, 29), 5) == []
    assert due_citizens([citizen(1, *cases)], D(2027, 6, 30), 5) == [1]


def test_an_ended_case_without_an_end_date_keeps_the_citizen():
    assert case_ended_on([CaseEnd(ENDED, None)]) is None
    assert case_ended_on([CaseEnd(ENDED, D(2010, 1, 1)), CaseEnd(ENDED, None)]) is None


@pytest.mark.parametrize(
    ("ended", "years", "due"),
    [
        (D(2020, 2, 29), 5, D(2025, 3, 1)),  # no 29 February in 2025: one day later, not earlier
        (D(2020, 2, 29), 4, D(2024, 2, 29)),  # leap year to leap year
        (D(2019, 2, 28), 1, D(2020, 2, 28)),
        (D(2020, 12, 31), 5, D(2025, 12, 31)),
    ],
)
def test_leap_days(ended, years, due):
    assert add_years(ended, years) == due
    assert due_on([CaseEnd(ENDED, ended)], years) == due


def test_already_anonymised_citizens_are_skipped_and_order_is_by_id():
    cases = (CaseEnd(ENDED, D(2001, 1, 1)),)
    population = [citizen(9, *cases), citizen(3, *cases), citizen(5, *cases, anonymised=True)]
    assert due_citizens(population, D(2020, 1, 1), 5) == [3, 9]


def test_the_period_must_be_at_least_a_year():
    with pytest.raises(ValueError, match="mindst 1 år"):
        due_on([CaseEnd(ENDED, D(2020, 1, 1))], 0)


@pytest.mark.parametrize(
    ("query", "found"),
    [("jens", True), ("Jens Hansen", True), ("ans", True), ("jens olsen", False), ("", False)],
)
def test_a_saved_name_search_that_finds_the_citizen(query, found):
    assert search_names_citizen(query, "Jens", "Hansen") is found


def test_the_full_name_is_redacted_in_free_text_but_not_a_lone_first_name():
    text = "Talte med JENS  Hansen om Jens' praktik."
    assert redact_name(text, "Jens", "Hansen") == f"Talte med {REDACTED} om Jens' praktik."
    assert redact_name(text, "", "Hansen") == text
