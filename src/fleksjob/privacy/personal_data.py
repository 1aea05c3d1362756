"""The personal data in the third-party apps' models (Django's admin, auth, sessions; axes;
django-otp; django-tasks), declared here because those apps cannot declare it themselves
(docs/personal-data.md). None of them holds a citizen's record; staff's logins and devices are
personal data of the staff.
"""

from fleksjob.core.personal_data import Action as A
from fleksjob.core.personal_data import Category as C
from fleksjob.core.personal_data import Model, field

# What django-axes keeps of every login attempt, failed or not.
_AXES_ATTEMPT = (
    field("id", C.KEY),
    field("user_agent", C.CASE),
    field("ip_address", C.IDENTIFIER),
    field("username", C.IDENTIFIER),
    field("http_accept", C.CASE),
    field("path_info", C.CASE),
    field("attempt_time", C.CASE),
)

# What django-otp keeps of every two-factor device, whatever its kind.
_OTP_DEVICE = (
    field("id", C.KEY),
    field("user", C.KEY),
    field("name", C.CASE),
    field("confirmed", C.CASE),
    field("throttling_failure_timestamp", C.CASE),
    field("throttling_failure_count", C.CASE),
    field("created_at", C.CASE),
    field("last_used_at", C.CASE),
)

MODELS = (
    Model(
        "admin.LogEntry",
        why="The Django admin's own log of edits by superusers.",
        # object_repr is the record's name as shown: a citizen's full name when a citizen was
        # edited in the admin.
        generic=("content_type", "object_id"),
        fields=(
            field("id", C.KEY),
            field("action_time", C.CASE),
            field("user", C.KEY),
            field("content_type", C.NOT_PERSONAL),
            field("object_id", C.KEY),
            field("object_repr", C.IDENTIFIER, A.REDACT, redact="name"),
            field("action_flag", C.CASE),
            field("change_message", C.FREE_TEXT),
        ),
    ),
    Model(
        "auth.Permission",
        fields=(
            field("id", C.NOT_PERSONAL),
            field("name", C.NOT_PERSONAL),
            field("content_type", C.NOT_PERSONAL),
            field("codename", C.NOT_PERSONAL),
        ),
    ),
    Model(
        "auth.Group",
        fields=(
            field("id", C.NOT_PERSONAL),
            field("name", C.NOT_PERSONAL),
        ),
    ),
    Model(
        "contenttypes.ContentType",
        fields=(
            field("id", C.NOT_PERSONAL),
            field("app_label", C.NOT_PERSONAL),
            field("model", C.NOT_PERSONAL),
        ),
    ),
    Model(
        "sessions.Session",
        why="Login sessions of staff; expire on their own.",
        fields=(
            field("session_key", C.KEY),
            field("session_data", C.KEY),
            field("expire_date", C.CASE),
        ),
    ),
    Model(
        "axes.AccessFailureLog",
        why="Failed logins of staff (throttling): user name and IP address.",
        fields=(
            *_AXES_ATTEMPT,
            field("locked_out", C.CASE),
        ),
    ),
    Model(
        "axes.AccessAttempt",
        why="Failed logins of staff (throttling): user name and IP address.",
        fields=(
            *_AXES_ATTEMPT,
            field("get_data", C.FREE_TEXT),
            field("post_data", C.FREE_TEXT),
            field("failures_since_start", C.CASE),
        ),
    ),
    Model(
        "axes.AccessAttemptExpiration",
        why="When a throttled login attempt expires.",
        fields=(
            field("access_attempt", C.KEY),
            field("expires_at", C.CASE),
        ),
    ),
    Model(
        "axes.AccessLog",
        why="Logins of staff: user name and IP address.",
        fields=(
            *_AXES_ATTEMPT,
            field("logout_time", C.CASE),
            field("session_hash", C.KEY),
        ),
    ),
    Model(
        "otp_totp.TOTPDevice",
        why="Staff's two-factor devices: the secret key is a credential.",
        fields=(
            *_OTP_DEVICE,
            field("key", C.KEY),
            field("step", C.CASE),
            field("t0", C.CASE),
            field("digits", C.CASE),
            field("tolerance", C.CASE),
            field("drift", C.CASE),
            field("last_t", C.CASE),
        ),
    ),
    Model(
        "otp_static.StaticDevice",
        why="Staff's two-factor backup codes.",
        fields=(*_OTP_DEVICE,),
    ),
    Model(
        "otp_static.StaticToken",
        why="Staff's two-factor backup codes.",
        fields=(
            field("id", C.KEY),
            field("device", C.KEY),
            field("token", C.KEY),
        ),
    ),
    Model(
        "django_tasks_database.DBTaskResult",
        why="The background jobs' queue: arguments are ids, dates, counts, file paths and the "
        "importing staff user's name; never a citizen's data (docs/background-jobs.md).",
        fields=(
            field("id", C.NOT_PERSONAL),
            field("status", C.NOT_PERSONAL),
            field("enqueued_at", C.NOT_PERSONAL),
            field("started_at", C.NOT_PERSONAL),
            field("finished_at", C.NOT_PERSONAL),
            field("args_kwargs", C.IDENTIFIER),
            field("priority", C.NOT_PERSONAL),
            field("task_path", C.NOT_PERSONAL),
            field("worker_ids", C.NOT_PERSONAL),
            field("queue_name", C.NOT_PERSONAL),
            field("backend_name", C.NOT_PERSONAL),
            field("run_after", C.NOT_PERSONAL),
            field("return_value", C.NOT_PERSONAL),
            field("exception_class_path", C.NOT_PERSONAL),
            field("traceback", C.NOT_PERSONAL),
        ),
    ),
)
