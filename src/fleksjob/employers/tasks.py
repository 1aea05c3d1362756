"""Write use cases of job crafting (docs/writes.md): add, edit and remove a position's task, and
assemble a flex position from tasks. Each owns its transaction, lock, version check and audit;
views and API handlers only translate what they answer.

A change of a task is a change of its position: the position's ``updated_at`` moves with it, so
the position's version (ETag) and the matching index's key (``placements/matching.py``) follow.

A task is checked by its spec (``POSITION_TASK``: description, hours over 0, known competence
keys, an optional DISCO-08 group), and a position's tasks together by ``check_task_total`` (at
most ``MAX_TASKS`` tasks and a full week of hours). Refusals name the field, never the value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.audit.writes import write
from fleksjob.core.errors import InvalidField
from fleksjob.core.matching.crafting import needed_skills, task
from fleksjob.core.records import POSITION_TASK
from fleksjob.core.records.task import check_task_total
from fleksjob.core.versions import check_version
from fleksjob.employers.actions import EmployerError, _check_scope
from fleksjob.employers.models import Employer, Position, PositionStatus, PositionTask
from fleksjob.reference import is_unit_group

TASK_FIELDS = tuple(f.name for f in POSITION_TASK)
NOT_A_GROUP = "skal være en DISCO-08-enhedsgruppe (fire cifre)"
NO_TASKS = "vælg mindst én opgave"


def clean_task(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The task's fields checked by the spec (an empty optional field takes its default), the
    competences sorted and unique; ValidationError naming each refused field."""
    values: dict[str, Any] = {}
    found: dict[str, str] = {}
    for spec in POSITION_TASK:
        value = fields.get(spec.name)
        if value in (None, "") and not spec.required:
            value = spec.default if spec.default is not None else value
        if spec.kind == "decimal" and value not in (None, ""):
            try:
                value = Decimal(str(value))
            except ArithmeticError:
                found[spec.name] = "skal være et tal"
                continue
        verdict = spec.check(value)
        if verdict is not None:
            found[spec.name] = verdict.text
        elif spec.kind == "occupation" and value and not is_unit_group(value):
            found[spec.name] = NOT_A_GROUP
        values[spec.name] = sorted(set(value)) if spec.kind == "keys" else value
    if found:
        raise ValidationError(found)
    return values


def _check_total(hours: list[Decimal], field: str = "hours") -> None:
    verdict = check_task_total(hours)
    if verdict is not None:
        raise InvalidField(field, verdict.text)


def clean_tasks(occupation: str, tasks: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """A position's occupation and tasks checked as the assembly checks them (each task by the
    task spec, then their sum); a task's error names ``tasks.<n>.<field>``."""
    if not is_unit_group(occupation):
        raise InvalidField("occupation", NOT_A_GROUP)
    if not tasks:
        raise InvalidField("tasks", NO_TASKS)
    cleaned = []
    for n, fields in enumerate(tasks):
        try:
            cleaned.append(clean_task(fields))
        except ValidationError as error:
            raise ValidationError(
                {f"tasks.{n}.{name}": msgs for name, msgs in error.message_dict.items()}
            ) from None
    _check_total([t["hours"] for t in cleaned], "tasks")
    return cleaned


def _scoped_position(user, position: Position) -> Position:
    """The position locked, after checking the user may see its employer."""
    _check_scope(user, position.employer)
    return Position.objects.select_for_update().get(pk=position.pk)


def _touch(position: Position) -> None:
    position.save(update_fields=["updated_at"])


@write
def add_task(user, position: Position, **fields) -> PositionTask:
    """A new task of ``position``; refused when the tasks would exceed the bounds."""
    values = clean_task(fields)
    position = _scoped_position(user, position)
    hours = list(position.tasks.values_list("hours", flat=True))
    _check_total([*hours, values["hours"]])
    new = PositionTask(position=position, **values)
    new.full_clean()
    new.save()
    _touch(position)
    record(user, Action.CREATE, new, detail="opgave")
    return new


@write
def edit_task(
    user, position_task: PositionTask, *, expected_version: str | None = None, **fields
) -> PositionTask:
    """Change a task made from version ``expected_version`` of it (StaleVersion if someone
    saved since, VersionRequired without one); fields left out keep their value."""
    position = _scoped_position(user, position_task.position)
    current = PositionTask.objects.select_for_update().get(pk=position_task.pk)
    check_version(current, expected_version)
    values = clean_task({**{n: getattr(current, n) for n in TASK_FIELDS}, **fields})
    others = position.tasks.exclude(pk=current.pk).values_list("hours", flat=True)
    _check_total([*others, values["hours"]])
    for name, value in values.items():
        setattr(current, name, value)
    current.full_clean()
    current.save()
    _touch(position)
    record(user, Action.UPDATE, current, detail="opgave")
    return current


@write
def remove_task(user, position_task: PositionTask, *, expected_version: str | None = None) -> None:
    """Remove a task (its version required, as for an edit)."""
    position = _scoped_position(user, position_task.position)
    current = PositionTask.objects.select_for_update().get(pk=position_task.pk)
    check_version(current, expected_version)
    record(user, Action.DELETE, current, detail="opgave")
    current.delete()
    _touch(position)


@write
def assemble_position(
    user,
    employer: Employer,
    *,
    title: str,
    occupation: str,
    tasks: Sequence[Mapping[str, Any]],
    provides: Sequence[str] = (),
    remote_allowed: bool = False,
    openings: int = 1,
    status: str = PositionStatus.OPEN,
) -> Position:
    """A flex position assembled from tasks split off from other jobs: at most the tasks' sum of
    hours, at least the smallest task's (it can be shaped around a person who takes only some of
    the tasks, ``crafting.best_subset``), its tasks text their descriptions, and the competences
    it needs their union (``required_skills``). Refused as a whole when any task or the sum is
    refused; a task's error names ``tasks.<n>.<field>``."""
    _check_scope(user, employer)
    cleaned = clean_tasks(occupation, tasks)
    total = sum((t["hours"] for t in cleaned), Decimal(0))
    position = Position(
        employer=employer,
        title=title,
        occupation=occupation,
        tasks_text="\n".join(t["description"] for t in cleaned),
        hours_min=min(t["hours"] for t in cleaned),
        hours_max=total,
        provides=sorted(set(provides)),
        remote_allowed=remote_allowed,
        openings=openings,
        split_off=True,
        status=status,
        created_on=timezone.localdate(),
    )
    position.full_clean()
    position.save()
    record(user, Action.CREATE, position, detail="stilling sammensat af opgaver")
    made = PositionTask.objects.bulk_create(PositionTask(position=position, **t) for t in cleaned)
    for made_task in made:
        record(user, Action.CREATE, made_task, detail="opgave")
    return position


def required_skills(position: Position) -> list[str]:
    """The competences the position's tasks need (their union), sorted."""
    return sorted(needed_skills(crafting_tasks(position.tasks.all())))


def crafting_tasks(rows) -> list:
    """PositionTask rows as the core's tasks, in the position's order."""
    return [task(t.pk, t.hours, t.skills, t.occupation) for t in rows]


__all__ = [
    "EmployerError",
    "add_task",
    "assemble_position",
    "clean_task",
    "crafting_tasks",
    "edit_task",
    "remove_task",
    "required_skills",
]
