"""The personal data in the employment app's models (docs/personal-data.md)."""

from fleksjob.core.personal_data import Category as C
from fleksjob.core.personal_data import Model, Section, field

MODELS = (
    Model(
        "employment.Employment",
        citizen="citizen",
        section=Section("employments", "Ansættelser", "Employments", 50),
        fields=(
            field("id", C.KEY, label=("løbenummer", "id")),
            field("citizen", C.KEY, label=("borger", "citizen")),
            field("approval", C.KEY, label=("visitation", "approval")),
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
            field("id", C.KEY, label=("løbenummer", "id")),
            field("employment", C.KEY, label=("ansættelse", "employment")),
            field("valid_from", C.CASE, label=("fra", "from")),
            field("hours_per_week", C.CASE, label=("timer pr. uge", "hours per week")),
        ),
    ),
)
