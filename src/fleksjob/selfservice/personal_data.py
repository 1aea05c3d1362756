"""The personal data in the self-service app's models (docs/personal-data.md)."""

from fleksjob.core.personal_data import CITIZEN_KEY, ROW_ID, Model, Section, field
from fleksjob.core.personal_data import Category as C

MODELS = (
    Model(
        "selfservice.CitizenAccount",
        citizen="citizen",
        section=Section("logins", "Log ind med MitID", "MitID login", 135),
        fields=(
            ROW_ID,
            field("user", C.KEY, label=("bruger", "user")),
            CITIZEN_KEY,
            field("created_at", C.CASE, label=("login oprettet", "login created")),
        ),
    ),
    Model(
        "selfservice.EmployerAccount",
        why="an employer's contact person's login; no citizen's data",
        fields=(
            field("id", C.KEY),
            field("user", C.KEY),
            field("contact_person", C.KEY),
            field("created_at", C.NOT_PERSONAL),
        ),
    ),
)
