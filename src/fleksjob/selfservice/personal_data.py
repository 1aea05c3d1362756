"""The personal data in the self-service app's models (docs/personal-data.md)."""

from fleksjob.core.personal_data import CITIZEN_KEY, ROW_ID, Model, Section, field
from fleksjob.core.personal_data import Action as A
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
    Model(
        "selfservice.Thread",
        citizen="citizen",
        section=Section("message_threads", "Beskedtråde", "Message threads", 137),
        fields=(
            ROW_ID,
            CITIZEN_KEY,
            field("subject", C.FREE_TEXT, A.ERASE, ("emne", "subject")),
            field("plan_proposal", C.KEY, label=("forslag til planen", "proposed plan change")),
            field("placement", C.KEY, label=("jobforslag", "job proposal")),
            field("waiting_for", C.CASE, label=("venter på", "waiting for")),
            field("last_message_at", C.CASE, label=("seneste besked", "latest message")),
            field("closed_at", C.CASE, label=("lukket", "closed")),
            field("created_at", C.CASE, label=("oprettet", "created")),
            field("updated_at", C.CASE, label=("senest ændret", "last changed")),
        ),
    ),
    Model(
        "selfservice.Message",
        citizen="thread__citizen",
        section=Section("messages", "Beskeder", "Messages", 138),
        fields=(
            ROW_ID,
            field("thread", C.KEY, label=("beskedtråd", "thread")),
            field("side", C.CASE, label=("fra", "from")),
            field("author", C.KEY, label=("skrevet af", "written by")),
            field("body", C.FREE_TEXT, A.ERASE, ("besked", "message")),
            field("sent_at", C.CASE, label=("sendt", "sent")),
        ),
    ),
    Model(
        "selfservice.CitizenNotice",
        why="which event an e-mail notice was sent for; no citizen, address or content",
        fields=(
            field("id", C.NOT_PERSONAL),
            field("kind", C.NOT_PERSONAL),
            field("source_id", C.KEY),
            field("status", C.NOT_PERSONAL),
            field("created_at", C.NOT_PERSONAL),
            field("sent_at", C.NOT_PERSONAL),
        ),
    ),
)
