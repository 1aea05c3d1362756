"""The satisfaction questionnaires as reviewed data files (``fleksjob/reference/surveys/*.json``).

Each file holds one questionnaire: ``id`` (the file's name), ``version`` (a whole number, raised
when a text or the scale changes, so answers to different wordings are never mixed silently),
``audience`` (``citizen`` or ``employer``), ``trigger`` (what sends it: ``meeting_held``,
``placement_started``, ``placement_ended``, ``visit_logged``), ``send_after_days`` (days after the
trigger), ``open_days`` (how long the invitation stays open), a Danish and English ``title`` and
``intro``, the ``scale`` (1–5, a Danish and English label for each point, and ``satisfied_from``:
the lowest point that counts as satisfied, 4 as in KL's surveys) and the ``questions`` (``id``,
Danish and English ``text``; exactly one marked ``headline``: the overall satisfaction the
indicators count). The loader is pure and names the file and field of any mistake.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

AUDIENCES = ("citizen", "employer")
TRIGGERS = {
    "meeting_held": "citizen",
    "placement_started": "citizen",
    "placement_ended": "employer",
    "visit_logged": "employer",
}
SCALE = (1, 2, 3, 4, 5)
LANGUAGES = ("da", "en")


class SurveyError(ValueError):
    """A questionnaire file that cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class Question:
    id: str
    text: dict[str, str]
    headline: bool


@dataclass(frozen=True)
class Survey:
    id: str
    version: int
    audience: str
    trigger: str
    send_after_days: int
    open_days: int
    title: dict[str, str]
    intro: dict[str, str]
    labels: dict[int, dict[str, str]]
    satisfied_from: int
    questions: tuple[Question, ...]

    @property
    def headline(self) -> Question:
        return next(q for q in self.questions if q.headline)

    def satisfied(self, score: int) -> bool:
        return score >= self.satisfied_from

    def check_scores(self, scores: dict[str, Any]) -> dict[str, int]:
        """The answer's scores, one per question on the scale; the headline must be answered,
        the others may be left out. Raises SurveyError naming the question."""
        known = {q.id for q in self.questions}
        out: dict[str, int] = {}
        for key, value in scores.items():
            if key not in known:
                raise SurveyError(f"{self.id}: no question {key!r}")
            if value in (None, ""):
                continue
            try:
                score = int(value)
            except (TypeError, ValueError):
                raise SurveyError(f"{self.id}: {key} is not on the scale") from None
            if score not in SCALE:
                raise SurveyError(f"{self.id}: {key} is not on the scale")
            out[key] = score
        if self.headline.id not in out:
            raise SurveyError(f"{self.id}: {self.headline.id} is not answered")
        return out


def _texts(data: dict, key: str, where: str) -> dict[str, str]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise SurveyError(f"{where}: {key} must hold a Danish and an English text (da, en)")
    for lang in LANGUAGES:
        if not isinstance(value.get(lang), str) or not value[lang].strip():
            raise SurveyError(f"{where}: {key}.{lang} is missing or empty")
    return {lang: value[lang] for lang in LANGUAGES}


def _whole(data: dict, key: str, where: str, low: int) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise SurveyError(f"{where}: {key} must be a whole number from {low}")
    return value


def parse(data: Any, source: str) -> Survey:
    """One questionnaire from its file's JSON; ``source`` is the file's name (``x.json``)."""
    if not isinstance(data, dict):
        raise SurveyError(f"{source}: the file must hold one JSON object")
    for key in ("id", "audience", "trigger"):
        if not isinstance(data.get(key), str):
            raise SurveyError(f"{source}: {key} is missing")
    if data["id"] + ".json" != source.rsplit("/", 1)[-1]:
        raise SurveyError(f"{source}: id {data['id']!r} is not the file's name")
    if data["audience"] not in AUDIENCES:
        raise SurveyError(f"{source}: audience must be one of {', '.join(AUDIENCES)}")
    if data["trigger"] not in TRIGGERS:
        raise SurveyError(f"{source}: trigger must be one of {', '.join(TRIGGERS)}")
    if TRIGGERS[data["trigger"]] != data["audience"]:
        raise SurveyError(f"{source}: trigger {data['trigger']} is not sent to {data['audience']}")
    scale = data.get("scale")
    if not isinstance(scale, dict):
        raise SurveyError(f"{source}: scale is missing")
    raw = scale.get("labels")
    if not isinstance(raw, dict) or sorted(raw) != [str(p) for p in SCALE]:
        raise SurveyError(f"{source}: scale.labels must label each point 1 to 5")
    labels = {int(p): _texts(raw, p, f"{source}: scale.labels") for p in raw}
    satisfied_from = scale.get("satisfied_from")
    if satisfied_from not in SCALE or isinstance(satisfied_from, bool):
        raise SurveyError(f"{source}: scale.satisfied_from must be a point of the scale")
    questions = data.get("questions")
    if not isinstance(questions, list) or not questions:
        raise SurveyError(f"{source}: questions must be a list of at least one question")
    parsed, seen = [], set()
    for i, q in enumerate(questions):
        where = f"{source}: questions[{i}]"
        if not isinstance(q, dict) or not isinstance(q.get("id"), str) or not q["id"]:
            raise SurveyError(f"{where}: id is missing")
        if q["id"] in seen:
            raise SurveyError(f"{where}: id {q['id']!r} is used twice")
        seen.add(q["id"])
        parsed.append(Question(q["id"], _texts(q, "text", where), q.get("headline") is True))
    if sum(q.headline for q in parsed) != 1:
        raise SurveyError(f"{source}: questions: exactly one must be the headline")
    return Survey(
        id=data["id"],
        version=_whole(data, "version", source, 1),
        audience=data["audience"],
        trigger=data["trigger"],
        send_after_days=_whole(data, "send_after_days", source, 0),
        open_days=_whole(data, "open_days", source, 1),
        title=_texts(data, "title", source),
        intro=_texts(data, "intro", source),
        labels=labels,
        satisfied_from=satisfied_from,
        questions=tuple(parsed),
    )


def parse_text(text: str, source: str) -> Survey:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SurveyError(f"{source}: not JSON (line {exc.lineno}: {exc.msg})") from None
    return parse(data, source)


@cache
def load_surveys() -> dict[str, Survey]:
    """Every shipped questionnaire by id; at most one per trigger."""
    found: dict[str, Survey] = {}
    folder = files("fleksjob.reference").joinpath("surveys")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        survey = parse_text(entry.read_text(encoding="utf-8"), entry.name)
        found[survey.id] = survey
    triggers = [s.trigger for s in found.values()]
    for trigger in set(triggers):
        if triggers.count(trigger) > 1:
            raise SurveyError(f"surveys: two questionnaires are sent on {trigger}")
    return found


def for_trigger(trigger: str) -> Survey | None:
    return next((s for s in load_surveys().values() if s.trigger == trigger), None)
