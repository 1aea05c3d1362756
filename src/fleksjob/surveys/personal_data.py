"""The personal data in the surveys app's models (docs/personal-data.md, docs/surveys.md)."""

from fleksjob.core.personal_data import CITIZEN_KEY, ROW_ID, Model, Section, field
from fleksjob.core.personal_data import Category as C

MODELS = (
    Model(
        "surveys.SurveyInvitation",
        citizen="citizen",
        section=Section(
            "survey_invitations",
            "Invitationer til tilfredshedsmålinger",
            "Invitations to satisfaction surveys",
            139,
        ),
        fields=(
            ROW_ID,
            # The key in the invitation's address (only its own citizen's login opens it).
            field("token", C.KEY, label=("invitationens nøgle", "invitation key")),
            field("municipality", C.KEY, label=("kommune", "municipality")),
            field("survey_id", C.CASE, label=("spørgeskema", "questionnaire")),
            field("version", C.CASE, label=("version", "version")),
            field("audience", C.CASE, label=("målgruppe", "audience")),
            field("trigger", C.CASE, label=("anledning", "occasion")),
            field("source_id", C.KEY, label=("anledningens løbenummer", "occasion id")),
            CITIZEN_KEY,
            field("contact_person", C.KEY, label=("kontaktperson", "contact person")),
            field("triggered_on", C.CASE, label=("anledningens dato", "date of the occasion")),
            field("sent_on", C.CASE, label=("sendt", "sent")),
            field("open_until", C.CASE, label=("åben til og med", "open until")),
            field("answered_at", C.CASE, label=("besvaret", "answered")),
        ),
    ),
    Model(
        "surveys.SurveyAnswer",
        why="a pseudonymous answer: municipality, questionnaire, month and scores, with no key "
        "to the person, the invitation or the case (docs/surveys.md)",
        fields=(
            field("id", C.NOT_PERSONAL),
            field("municipality", C.NOT_PERSONAL),
            field("survey_id", C.NOT_PERSONAL),
            field("version", C.NOT_PERSONAL),
            field("audience", C.NOT_PERSONAL),
            field("trigger", C.NOT_PERSONAL),
            field("month", C.NOT_PERSONAL),
            field("scores", C.NOT_PERSONAL),
            field("satisfied", C.NOT_PERSONAL),
        ),
    ),
)
