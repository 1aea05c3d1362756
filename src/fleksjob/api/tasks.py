"""Job crafting under /api/v1/: a position's tasks (list, GET with ETag, POST, PATCH and DELETE
with If-Match) and a flex position assembled from tasks. Schemas come from the ``POSITION_TASK``
spec; the write functions of ``employers.tasks`` check, lock, compare versions and audit."""

from decimal import Decimal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from fleksjob.api.auth import MUNICIPAL
from fleksjob.api.common import api_channel
from fleksjob.api.employers import PositionOut, _employer
from fleksjob.api.errors import errors
from fleksjob.api.etag import IF_MATCH_DOC, if_match, set_etag
from fleksjob.api.specs import record_schema
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.citizens.models import Citizen
from fleksjob.core.matching.crafting import best_subset, coverage
from fleksjob.core.records import POSITION, POSITION_TASK
from fleksjob.core.records.limits import MAX_TASKS
from fleksjob.employers.models import Position, PositionTask
from fleksjob.employers.tasks import (
    TASK_FIELDS,
    add_task,
    assemble_position,
    crafting_tasks,
    edit_task,
    remove_task,
)

router = Router(auth=MUNICIPAL)


class _TaskOutBase(Schema):
    id: int
    position: int

    @staticmethod
    def resolve_position(obj) -> int:
        return obj.position_id


TaskOut = record_schema("TaskOut", POSITION_TASK, TASK_FIELDS, "out", base=_TaskOutBase)
TaskIn = record_schema("TaskIn", POSITION_TASK, TASK_FIELDS, "in")
TaskPatch = record_schema("TaskPatch", POSITION_TASK, TASK_FIELDS, "patch")

_ASSEMBLY_FIELDS = ("title", "occupation", "provides", "remote_allowed", "openings")
_AssemblyBase = record_schema("_AssemblyBase", POSITION, _ASSEMBLY_FIELDS, "in")


class AssemblyIn(_AssemblyBase):
    """A flex position assembled from tasks: at most the tasks' sum of hours and at least the
    smallest task's, split off from other jobs, open."""

    tasks: list[TaskIn] = Field(..., min_length=1, max_length=MAX_TASKS)


def _position(request, position_id: int) -> Position:
    return get_object_or_404(
        Position.objects.visible_to(request.auth).select_related("employer"), pk=position_id
    )


def _task(request, position_id: int, task_id: int) -> PositionTask:
    # The position first: an id beyond the range is a 404 there (a foreign-key lookup with it
    # would overflow the database's integer instead).
    position = _position(request, position_id)
    return get_object_or_404(
        PositionTask.objects.select_related("position__employer").filter(position=position),
        pk=task_id,
    )


@router.get(
    "/positions/{position_id}/tasks",
    response={200: list[TaskOut], **errors(403, 404)},
    tags=["job crafting"],
    summary=f"A position's tasks (at most {MAX_TASKS}), in order",
)
def list_tasks(request, position_id: int):
    return list(_position(request, position_id).tasks.order_by("pk"))


@router.get(
    "/positions/{position_id}/tasks/{task_id}",
    response={200: TaskOut, **errors(403, 404)},
    tags=["job crafting"],
    summary="A task of a position, with its ETag",
)
def get_task(request, position_id: int, task_id: int, response: HttpResponse):
    found = _task(request, position_id, task_id)
    set_etag(response, found)
    return found


@router.post(
    "/positions/{position_id}/tasks",
    response={201: TaskOut, **errors(403, 404, 409, 422)},
    tags=["job crafting"],
    summary="Add a task to a position (its hours, the competences it needs)",
)
@api_channel
def post_task(request, position_id: int, payload: TaskIn, response: HttpResponse):
    added = add_task(request.auth, _position(request, position_id), **payload.dict())
    set_etag(response, added)
    return Status(201, added)


@router.patch(
    "/positions/{position_id}/tasks/{task_id}",
    response={200: TaskOut, **errors(403, 404, 409, 412, 422, 428)},
    tags=["job crafting"],
    summary="Change a task (If-Match required)",
    openapi_extra=IF_MATCH_DOC,
)
@api_channel
def patch_task(request, position_id: int, task_id: int, payload: TaskPatch, response: HttpResponse):
    changed = edit_task(
        request.auth,
        _task(request, position_id, task_id),
        expected_version=if_match(request),
        **payload.dict(exclude_unset=True),
    )
    set_etag(response, changed)
    return changed


@router.delete(
    "/positions/{position_id}/tasks/{task_id}",
    response={204: None, **errors(403, 404, 409, 412, 428)},
    tags=["job crafting"],
    summary="Remove a task (If-Match required)",
    openapi_extra=IF_MATCH_DOC,
)
@api_channel
def delete_task(request, position_id: int, task_id: int):
    remove_task(
        request.auth, _task(request, position_id, task_id), expected_version=if_match(request)
    )
    return Status(204, None)


@router.post(
    "/employers/{employer_id}/positions/from-tasks",
    response={201: PositionOut, **errors(403, 404, 409, 422)},
    tags=["job crafting"],
    summary="Assemble a flex position from tasks (at most the tasks' sum of hours)",
)
@api_channel
def post_assembly(request, employer_id: int, payload: AssemblyIn, response: HttpResponse):
    employer = _employer(request, employer_id)
    # Left out or null, an optional field takes the spec's default (the write function's).
    fields = {name: value for name, value in payload.dict().items() if value is not None}
    position = assemble_position(request.auth, employer, **fields)
    set_etag(response, position)
    return Status(201, Position.objects.select_related("employer").get(pk=position.pk))


class CoverageOut(Schema):
    tasks: int = Field(description="the position's tasks")
    tasks_covered: int = Field(description="tasks whose every competence the citizen has")
    skills_needed: int = Field(description="distinct competences the tasks need")
    skills_covered: int = Field(description="of those, the ones the citizen has")
    score: float = Field(description="skills_covered / skills_needed (1 when none is needed)")
    reason: str = Field(description="in Danish, as the matching writes it")


class SubsetOut(Schema):
    tasks: list[int] = Field(description="ids of the tasks, in the position's order")
    hours: Decimal = Field(description="their hours a week together")


class FitOut(Schema):
    position: int
    citizen: int
    coverage: CoverageOut
    subset: SubsetOut | None = Field(
        description="the best set of tasks the citizen can do within their hours: most hours, "
        "then fewest tasks, then earliest tasks; null when none fits"
    )


@router.get(
    "/positions/{position_id}/tasks/fit/{citizen_id}",
    response={200: FitOut, **errors(403, 404)},
    tags=["job crafting"],
    summary="How a citizen fits a position's tasks: coverage and the best set of tasks",
)
def task_fit(request, position_id: int, citizen_id: int):
    position = _position(request, position_id)
    citizen = get_object_or_404(Citizen.objects.visible_to(request.auth), pk=citizen_id)
    # The citizen's competences and hours are read: audited like any read of the profile.
    record(request.auth, Action.VIEW, citizen, citizen=citizen, channel="api", detail="opgaver")
    tasks = crafting_tasks(position.tasks.order_by("pk"))
    low = citizen.hours_min
    high = max(citizen.hours_capacity, citizen.hours_min)  # as the matching reads it
    found = coverage(citizen.competences, tasks)
    subset = best_subset(tasks, citizen.competences, low, high)
    return {
        "position": position.pk,
        "citizen": citizen.pk,
        "coverage": {
            "tasks": found.tasks,
            "tasks_covered": found.tasks_covered,
            "skills_needed": found.skills_needed,
            "skills_covered": found.skills_covered,
            "score": found.score,
            "reason": found.reason,
        },
        "subset": subset and {"tasks": [int(t.id) for t in subset.tasks], "hours": subset.hours},
    }
