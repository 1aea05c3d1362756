"""The personal data in the followup app's models (docs/personal-data.md)."""

from fleksjob.core.personal_data import APPROVAL_KEY, CITIZEN_KEY, ROW_ID, Model, Section, field
from fleksjob.core.personal_data import Action as A
from fleksjob.core.personal_data import Category as C

MODELS = (
    Model(
        "followup.FollowUpPlan",
        citizen="citizen",
        section=Section("followup_plans", "Opfølgningsplaner", "Follow-up plans", 70),
        fields=(
            ROW_ID,
            CITIZEN_KEY,
            APPROVAL_KEY,
            field("purpose", C.CASE, label=("formål", "purpose")),
            field(
                "agreed_text",
                C.FREE_TEXT,
                A.ERASE,
                ("aftalt med borgeren", "agreed with the citizen"),
            ),
            field(
                "cadence_weeks", C.CASE, label=("opfølgning hver (uger)", "follow-up every (weeks)")
            ),
            field("agreed_on", C.CASE, label=("aftalt den", "agreed on")),
            field("next_due", C.CASE, label=("næste opfølgning", "next follow-up")),
            field("active", C.CASE, label=("aktiv", "active")),
            field("updated_at", C.CASE, label=("senest ændret", "last changed")),
        ),
    ),
    Model(
        "followup.HoursStep",
        citizen="plan__citizen",
        section=Section("hours_steps", "Timetrin", "Planned increases in hours", 80),
        fields=(
            ROW_ID,
            field("plan", C.KEY, label=("opfølgningsplan", "follow-up plan")),
            field("target_date", C.CASE, label=("måldato", "target date")),
            field("hours_per_week", C.CASE, label=("timer pr. uge", "hours per week")),
        ),
    ),
    Model(
        "followup.FollowUpMeeting",
        citizen="citizen",
        section=Section("meetings", "Samtaler", "Meetings", 100),
        fields=(
            ROW_ID,
            CITIZEN_KEY,
            APPROVAL_KEY,
            field("held_on", C.CASE, label=("dato", "date")),
            field("kind", C.CASE, label=("type", "type")),
            field("channel", C.CASE, label=("form", "format")),
            field("agreed_text", C.FREE_TEXT, A.ERASE, ("aftalt", "agreed")),
            field("held_by", C.KEY, label=("afholdt af", "held by")),
            field("updated_at", C.CASE, label=("senest ændret", "last changed")),
        ),
    ),
    Model(
        "followup.Reminder",
        citizen="plan__citizen",
        section=Section("reminders", "Påmindelser", "Reminders", 90),
        fields=(
            ROW_ID,
            field("plan", C.KEY, label=("opfølgningsplan", "follow-up plan")),
            field("kind", C.CASE, label=("art", "kind")),
            field("due", C.CASE, label=("forfaldsdato", "due date")),
            field("recipients", C.CASE, label=("modtagere", "recipients")),
            field("claimed_at", C.CASE, label=("taget i behandling", "claimed")),
            field("sent_at", C.CASE, label=("sendt", "sent")),
            field("outcome", C.CASE, label=("udfald", "outcome")),
        ),
    ),
    Model(
        "followup.PlanProposal",
        citizen="citizen",
        section=Section("plan_proposals", "Forslag til planen", "Proposed plan changes", 82),
        fields=(
            ROW_ID,
            CITIZEN_KEY,
            APPROVAL_KEY,
            field("kind", C.CASE, label=("forslag om", "proposal of")),
            field("proposed_by", C.CASE, label=("foreslået af", "proposed by")),
            field("purpose", C.CASE, label=("formål", "purpose")),
            field(
                "cadence_weeks", C.CASE, label=("opfølgning hver (uger)", "follow-up every (weeks)")
            ),
            field("step_date", C.CASE, label=("måldato", "target date")),
            field("step_hours", C.CASE, label=("timer pr. uge", "hours per week")),
            field("activity", C.KEY, label=("aktivitet", "activity")),
            field("note", C.FREE_TEXT, A.ERASE, ("begrundelse", "reason given")),
            field("state", C.CASE, label=("status", "state")),
            field("decline_reason", C.FREE_TEXT, A.ERASE, ("afvist fordi", "declined because")),
            field("created_by", C.KEY, label=("oprettet af", "created by")),
            field("answered_by", C.KEY, label=("besvaret af", "answered by")),
            field("created_at", C.CASE, label=("oprettet", "created")),
            field("answered_at", C.CASE, label=("besvaret", "answered")),
            field("updated_at", C.CASE, label=("senest ændret", "last changed")),
        ),
    ),
    Model(
        "followup.PlanActivity",
        citizen="citizen",
        section=Section("plan_activities", "Aktiviteter i planen", "Plan activities", 84),
        fields=(
            ROW_ID,
            CITIZEN_KEY,
            APPROVAL_KEY,
            field("title", C.FREE_TEXT, A.ERASE, ("aktivitet", "activity")),
            field("kind", C.CASE, label=("type", "type")),
            field("starts_on", C.CASE, label=("fra", "from")),
            field("ends_on", C.CASE, label=("til", "until")),
            field("status", C.CASE, label=("status", "status")),
            field("owner", C.CASE, label=("hvem gør det", "done by")),
            field("created_by_side", C.CASE, label=("foreslået af", "proposed by")),
            field("agreed_at", C.CASE, label=("aftalt", "agreed")),
            field("created_at", C.CASE, label=("oprettet", "created")),
            field("updated_at", C.CASE, label=("senest ændret", "last changed")),
        ),
    ),
    Model(
        "followup.ActivityChange",
        citizen="activity__citizen",
        section=Section("activity_changes", "Aktiviteternes historik", "Activity history", 86),
        fields=(
            ROW_ID,
            field("activity", C.KEY, label=("aktivitet", "activity")),
            field("side", C.CASE, label=("ændret af", "changed by")),
            field("changed_by", C.KEY, label=("bruger", "user")),
            field("from_status", C.CASE, label=("fra status", "from status")),
            field("to_status", C.CASE, label=("til status", "to status")),
            field("changed_at", C.CASE, label=("ændret", "changed")),
        ),
    ),
)
