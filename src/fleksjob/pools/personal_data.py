"""The personal data in the pools app's models (docs/personal-data.md)."""

from fleksjob.core.personal_data import CITIZEN_KEY, ROW_ID, Model, Section, field
from fleksjob.core.personal_data import Action as A
from fleksjob.core.personal_data import Category as C

MODELS = (
    Model(
        "pools.Pool",
        why="a municipality's pool: its kind, cap, places and target group, about no person",
        fields=(
            field("id", C.NOT_PERSONAL),
            field("municipality", C.NOT_PERSONAL),
            field("name", C.NOT_PERSONAL),
            field("kind", C.NOT_PERSONAL),
            field("annual_cap", C.NOT_PERSONAL),
            field("places", C.NOT_PERSONAL),
            field("eligibility", C.NOT_PERSONAL),
            field("requires_ledighedsydelse", C.NOT_PERSONAL),
            field("min_weeks_on_ledighedsydelse", C.NOT_PERSONAL),
            field("active", C.NOT_PERSONAL),
            field("created_at", C.NOT_PERSONAL),
            field("updated_at", C.NOT_PERSONAL),
        ),
    ),
    Model(
        "pools.PoolApplication",
        citizen="citizen",
        section=Section(
            "pool_applications", "Ansøgninger om puljeplads", "Applications for a pool place", 115
        ),
        fields=(
            ROW_ID,
            CITIZEN_KEY,
            field("pool", C.KEY, label=("pulje", "pool")),
            field("applied_by", C.KEY, label=("ansøgt af", "applied by")),
            field("applied_at", C.CASE, label=("ansøgt", "applied")),
            field("motivation", C.FREE_TEXT, A.ERASE, ("begrundelse", "motivation")),
            field("status", C.CASE, label=("status", "status")),
            field("decided_by", C.KEY, label=("afgjort af", "decided by")),
            field("decided_at", C.CASE, label=("afgjort", "decided")),
            field("reason", C.FREE_TEXT, A.ERASE, ("begrundelse for afgørelsen", "reason given")),
            field("waitlisted_at", C.CASE, label=("på venteliste fra", "waiting list from")),
            field("granted_at", C.CASE, label=("bevilget", "granted")),
            field("closed_at", C.CASE, label=("afsluttet", "closed")),
            field("updated_at", C.CASE, label=("senest ændret", "last changed")),
        ),
    ),
    Model(
        "pools.PoolPlacement",
        citizen="citizen",
        section=Section("pool_placements", "Puljejob", "Pool jobs", 117),
        fields=(
            ROW_ID,
            CITIZEN_KEY,
            field("application", C.KEY, label=("ansøgning", "application")),
            field("pool", C.KEY, label=("pulje", "pool")),
            field("workplace", C.CASE, label=("arbejdsplads", "workplace")),
            field("weekly_hours", C.CASE, label=("timer pr. uge", "hours per week")),
            field("monthly_cost", C.CASE, label=("lønudgift pr. måned", "wage cost per month")),
            field("start", C.CASE, label=("start", "start")),
            field("end", C.CASE, label=("slut", "end")),
            field("end_reason", C.FREE_TEXT, A.ERASE, ("årsag til ophør", "reason for the end")),
            field("created_by", C.KEY, label=("registreret af", "recorded by")),
            field("created_at", C.CASE, label=("registreret", "recorded")),
            field("updated_at", C.CASE, label=("senest ændret", "last changed")),
        ),
    ),
)
