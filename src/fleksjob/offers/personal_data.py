"""The personal data in the offers app's models (docs/personal-data.md)."""

from fleksjob.core.personal_data import APPROVAL_KEY, CITIZEN_KEY, ROW_ID, Model, Section, field
from fleksjob.core.personal_data import Action as A
from fleksjob.core.personal_data import Category as C

MODELS = (
    Model(
        "offers.ActiveOffer",
        citizen="citizen",
        section=Section("active_offers", "Aktive tilbud", "Active offers", 105),
        fields=(
            ROW_ID,
            CITIZEN_KEY,
            APPROVAL_KEY,
            field("kind", C.CASE, label=("tilbud", "offer")),
            field("employer", C.KEY, label=("arbejdsgiver", "employer")),
            field("start", C.CASE, label=("start", "start")),
            field("planned_end", C.CASE, label=("planlagt slut", "planned end")),
            field("ended_on", C.CASE, label=("faktisk slut", "actual end")),
            field("weekly_hours", C.CASE, label=("timer pr. uge", "hours per week")),
            field("purpose", C.FREE_TEXT, A.ERASE, ("formål", "purpose")),
            field("outcome", C.CASE, label=("udfald", "outcome")),
            field("created_by", C.KEY, label=("registreret af", "recorded by")),
            field("updated_at", C.CASE, label=("senest ændret", "last changed")),
        ),
    ),
    Model(
        "offers.ConsultantCapacity",
        fields=(
            field("id", C.NOT_PERSONAL),
            field("municipality", C.NOT_PERSONAL),
            field("month", C.NOT_PERSONAL),
            field("consultants_fte", C.NOT_PERSONAL),
            field("employer_fte", C.NOT_PERSONAL),
            field("synthetic", C.NOT_PERSONAL),
            field("updated_by", C.NOT_PERSONAL),
            field("updated_at", C.NOT_PERSONAL),
        ),
    ),
)
