"""The personal data in the jobs app's models (docs/personal-data.md)."""

from fleksjob.core.personal_data import Category as C
from fleksjob.core.personal_data import Model, field

MODELS = (
    Model(
        "jobs.JobRun",
        fields=(
            field("id", C.NOT_PERSONAL),
            field("kind", C.NOT_PERSONAL),
            field("key", C.NOT_PERSONAL),
            field("status", C.NOT_PERSONAL),
            field("municipality", C.NOT_PERSONAL),
            field("params", C.IDENTIFIER, why="an import's staff user name"),
            field("task_id", C.NOT_PERSONAL),
            field("requested_by", C.KEY),
            field("requested_at", C.NOT_PERSONAL),
            field("started_at", C.NOT_PERSONAL),
            field("finished_at", C.NOT_PERSONAL),
            field("worker", C.NOT_PERSONAL),
            field("heartbeat_at", C.NOT_PERSONAL),
            field("attempts", C.NOT_PERSONAL),
            field("stage", C.NOT_PERSONAL),
            field("done", C.NOT_PERSONAL),
            field("total", C.NOT_PERSONAL),
            field("counts", C.NOT_PERSONAL),
            field("error", C.NOT_PERSONAL),
            field("exit_code", C.NOT_PERSONAL),
        ),
    ),
)
