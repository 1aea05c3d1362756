"""The personal data in the employment app's models (docs/personal-data.md)."""

from fleksjob.core.personal_data import APPROVAL_KEY, CITIZEN_KEY, ROW_ID, Model, Section, field
from fleksjob.core.personal_data import Category as C

MODELS = (
    Model(
        "employment.Employment",
        citizen="citizen",
        section=Section("employments", "Ansættelser", "Employments", 50),
        fields=(
            ROW_ID,
            CITIZEN_KEY,
            APPROVAL_KEY,
            field("employer", C.KEY, label=("arbejdsgiver", "employer")),
            field("position", C.KEY, label=("stilling", "position")),
            field("kind", C.CASE, label=("type", "type")),
            field("start", C.CASE, label=("start", "start")),
            field("end", C.CASE, label=("slut", "end")),
            field("hourly_wage", C.CASE, label=("timeløn (kr.)", "hourly wage (DKK)")),
            field(
                "old_scheme",
                C.CASE,
                label=("gammel ordning (før 2013)", "old scheme (before 2013)"),
            ),
        ),
    ),
    Model(
        "employment.HoursChange",
        citizen="employment__citizen",
        section=Section("hours_changes", "Timehistorik", "Hours history", 60),
        fields=(
            ROW_ID,
            field("employment", C.KEY, label=("ansættelse", "employment")),
            field("valid_from", C.CASE, label=("fra", "from")),
            field("hours_per_week", C.CASE, label=("timer pr. uge", "hours per week")),
        ),
    ),
)
