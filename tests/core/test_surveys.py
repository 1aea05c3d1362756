"""The questionnaire files: every shipped one loads, and a broken one names its file and field."""

from __future__ import annotations

import copy
import json
from importlib.resources import files

import pytest

from fleksjob.core.surveys import TRIGGERS, SurveyError, load_surveys, parse, parse_text


def _shipped() -> dict:
    folder = files("fleksjob.reference").joinpath("surveys")
    return {
        e.name: json.loads(e.read_text(encoding="utf-8"))
        for e in folder.iterdir()
        if e.name.endswith(".json")
    }


def test_every_shipped_questionnaire_loads_one_per_trigger():
    surveys = load_surveys()
    assert set(surveys) == {
        "citizen_after_meeting",
        "citizen_after_placement",
        "employer_after_placement",
        "employer_after_visit",
    }
    assert {s.trigger for s in surveys.values()} == set(TRIGGERS)
    for s in surveys.values():
        assert s.satisfied_from == 4
        assert [s.satisfied(p) for p in (1, 2, 3, 4, 5)] == [False, False, False, True, True]
        assert s.headline.id == "overall"
        assert all(q.text["da"] and q.text["en"] for q in s.questions)
    assert len(_shipped()) == len(surveys)


def _good() -> dict:
    return copy.deepcopy(_shipped()["citizen_after_meeting.json"])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("version"), "citizen_after_meeting.json: version"),
        (lambda d: d.update(version=0), "citizen_after_meeting.json: version"),
        (lambda d: d.update(audience="staff"), "citizen_after_meeting.json: audience"),
        (lambda d: d.update(trigger="visit_logged"), "trigger visit_logged is not sent to citizen"),
        (lambda d: d.update(trigger="lunch"), "citizen_after_meeting.json: trigger"),
        (lambda d: d["title"].pop("en"), "citizen_after_meeting.json: title.en"),
        (lambda d: d["scale"]["labels"].pop("3"), "scale.labels"),
        (lambda d: d["scale"]["labels"]["5"].update(en=""), "scale.labels: 5.en"),
        (lambda d: d["scale"].update(satisfied_from=6), "scale.satisfied_from"),
        (lambda d: d["questions"][1]["text"].pop("da"), "questions[1]: text.da"),
        (lambda d: d["questions"][2].update(id="overall"), "questions[2]: id 'overall'"),
        (lambda d: d["questions"][0].pop("headline"), "exactly one must be the headline"),
        (lambda d: d.update(questions=[]), "questions must be a list"),
        (lambda d: d.update(id="other"), "is not the file's name"),
        (lambda d: d.update(open_days=0), "open_days"),
    ],
)
def test_a_broken_file_names_its_file_and_field(change, message):
    data = _good()
    change(data)
    with pytest.raises(SurveyError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse(data, "citizen_after_meeting.json")


def test_not_json_names_file_and_line():
    with pytest.raises(SurveyError, match=r"x.json: not JSON \(line 2"):
        parse_text('{\n"id": }', "x.json")


def test_scores_are_checked_against_the_scale():
    survey = load_surveys()["citizen_after_meeting"]
    assert survey.check_scores({"overall": "4", "listened": ""}) == {"overall": 4}
    for bad in ({"overall": "6"}, {"overall": "x"}, {"listened": "3"}, {"nope": "3"}):
        with pytest.raises(SurveyError):
            survey.check_scores(bad)
