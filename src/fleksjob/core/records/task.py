"""A position's task (job crafting): one piece of work with its weekly hours and the competences
it needs, so a flex position can be assembled from tasks split off from other jobs and a citizen
matched to the tasks they can do (docs/matching.md, *Job crafting*)."""

from __future__ import annotations

from decimal import Decimal

from fleksjob.core.matching.competences import COMPETENCES

from . import limits as L
from .citizen import hours, key_list, text
from .spec import NOT_FOUR_DIGITS, FieldSpec, RecordSpec, Verdict, gettext_noop

TOO_MANY_HOURS = gettext_noop("opgavernes timer i alt må højst være %(max)s timer pr. uge")
TOO_MANY_TASKS = gettext_noop("en stilling kan højst have %(max)s opgaver")

POSITION_TASK = RecordSpec(
    kind="position_tasks",
    model="employers.PositionTask",
    label_da="opgave",
    label_en="task",
    fields=(
        text(
            "description",
            "opgave",
            "opgave",
            "task",
            max_length=L.TASK_TEXT_MAX,
            help="Hvad opgaven går ud på, i almindeligt sprog",
            example="Gennemgang af kontrakter",
        ),
        hours(
            "hours",
            "timer",
            "timer pr. uge",
            "hours a week",
            "Timer pr. uge til opgaven",
            "13",
            above_zero=True,
        ),
        key_list(
            "skills",
            "kompetencer",
            "kompetencer opgaven kræver",
            "competences the task needs",
            COMPETENCES,
            "Kompetencenøgler, adskilt af komma eller mellemrum",
            "law_contracts writing",
        ),
        FieldSpec(
            "occupation",
            "occupation",
            "erhverv (DISCO-08)",
            "occupation (DISCO-08)",
            "erhverv",
            required=False,
            default="",
            pattern="[0-9]{4}",
            pattern_reason=NOT_FOUR_DIGITS,
            help="DISCO-08-enhedsgruppe (fire cifre), hvis opgaven hører til et andet erhverv",
            example="2611",
        ),
    ),
)


def check_task_total(hours_of_tasks: list[Decimal]) -> Verdict | None:
    """The refusal when a position's tasks together exceed a full week or are too many."""
    if len(hours_of_tasks) > L.MAX_TASKS:
        return Verdict(TOO_MANY_TASKS, (("max", L.MAX_TASKS),))
    if sum(hours_of_tasks, Decimal(0)) > L.MAX_WEEKLY_HOURS:
        return Verdict(TOO_MANY_HOURS, (("max", L.MAX_WEEKLY_HOURS),))
    return None
