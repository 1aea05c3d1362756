"""The personal data in the audit app's models (docs/personal-data.md)."""

from fleksjob.core.personal_data import ROW_ID, Model, Section, field
from fleksjob.core.personal_data import Category as C

MODELS = (
    Model(
        "audit.AuditEvent",
        select="about_citizen",
        why="Append-only: the log holds ids and field names, never values; it outlives the "
        "anonymisation and then points at the anonymous record.",
        section=Section(
            "access_log",
            "Adgang til oplysningerne (revisionslog)",
            "Access to the data (audit log)",
            140,
            order_by=("at", "id"),  # oldest first, as the log was written
        ),
        fields=(
            ROW_ID,
            field("at", C.CASE, label=("tidspunkt", "timestamp")),
            field("user", C.KEY, label=("brugerkonto", "user account")),
            field("username", C.IDENTIFIER, label=("bruger", "user")),
            field("action", C.CASE, label=("handling", "action")),
            field("object_type", C.CASE, label=("objekttype", "object type")),
            field("object_id", C.KEY, label=("objekt-id", "object ID")),
            field("citizen_id", C.KEY, label=("borger-id", "citizen ID")),
            field("municipality_code", C.CASE, label=("kommune", "municipality")),
            field("channel", C.CASE, label=("kanal", "channel")),
            field("detail", C.CASE, label=("detalje", "detail")),
            field("citizen_ids", C.KEY),
        ),
    ),
    Model(
        "audit.AccessChange",
        fields=(
            field("id", C.KEY),
            field("at", C.CASE),
            field("kind", C.CASE),
            field("by", C.KEY),
            field("by_name", C.IDENTIFIER),
            field("user", C.KEY),
            field("username", C.IDENTIFIER),
            field("channel", C.CASE),
            field("before", C.CASE),
            field("after", C.CASE),
            field("municipality_before", C.CASE),
            field("municipality_after", C.CASE),
            field("grants_personal_data", C.CASE),
        ),
    ),
)
