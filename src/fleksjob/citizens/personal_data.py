"""The personal data in the citizens app's models (docs/personal-data.md)."""

from fleksjob.core.personal_data import APPROVAL_KEY, CITIZEN_KEY, ROW_ID, Model, Section, field
from fleksjob.core.personal_data import Action as A
from fleksjob.core.personal_data import Category as C

MODELS = (
    Model(
        "citizens.Citizen",
        citizen="",
        section=Section("citizen", "Borger", "Citizen", 10),
        fields=(
            ROW_ID,
            field("municipality", C.KEY, label=("kommune", "municipality")),
            field(
                "cpr_encrypted",
                C.IDENTIFIER,
                A.ERASE,
                ("CPR", "CPR"),
                encrypted=True,
                export_as="cpr",
            ),
            field("cpr_hash", C.KEY, A.REPLACE, replace="anonymised_marker"),
            field(
                "birth_date",
                C.IDENTIFIER,
                A.REPLACE,
                ("fødselsdato", "date of birth"),
                replace="year_only",
            ),
            field("sex", C.CASE, label=("køn", "sex")),
            field("first_name", C.IDENTIFIER, A.ERASE, ("fornavn", "first name")),
            field("last_name", C.IDENTIFIER, A.ERASE, ("efternavn", "last name")),
            field(
                "lat",
                C.IDENTIFIER,
                A.REPLACE,
                ("breddegrad", "latitude"),
                replace="municipality_centre",
            ),
            field(
                "lon",
                C.IDENTIFIER,
                A.REPLACE,
                ("længdegrad", "longitude"),
                replace="municipality_centre",
            ),
            field("max_commute_km", C.CASE, label=("maks. transport (km)", "max. commute (km)")),
            field("remote_ok", C.CASE, label=("kan arbejde hjemmefra", "can work from home")),
            field("education", C.CASE, label=("uddannelse", "education")),
            field(
                "occupations",
                C.CASE,
                A.ERASE,
                ("erhverv (DISCO-08)", "occupation (DISCO-08)"),
                vocabulary="occupations",
            ),
            field("skills_text", C.FREE_TEXT, A.ERASE, ("kompetencer", "skills")),
            field(
                "needs",
                C.SPECIAL,
                A.ERASE,
                ("skånehensyn", "accommodation needs (skånehensyn)"),
                vocabulary="needs",
            ),
            field(
                "needs_note",
                C.SPECIAL,
                A.ERASE,
                ("note om skånehensyn", "note on accommodation needs"),
            ),
            field("hours_min", C.CASE, label=("timer pr. uge, mindst", "hours per week, minimum")),
            field(
                "hours_capacity",
                C.CASE,
                label=("timer pr. uge, kan nu", "hours per week, current capacity"),
            ),
            field("hours_target", C.CASE, label=("timer pr. uge, mål", "hours per week, target")),
            field(
                "wishes_sectors",
                C.CASE,
                A.ERASE,
                ("ønskede brancher", "preferred sectors"),
                vocabulary="sectors",
            ),
            field(
                "wishes_task_types",
                C.CASE,
                A.ERASE,
                ("ønskede opgavetyper", "preferred types of tasks"),
                vocabulary="task_types",
            ),
            field(
                "competences",
                C.CASE,
                A.ERASE,
                ("kompetencer (til opgaver)", "competences (for tasks)"),
                vocabulary="competences",
            ),
            field("goal", C.CASE, label=("mål", "goal")),
            field(
                "consent_share_profile",
                C.CASE,
                A.ERASE,
                (
                    "samtykke til at dele profil med virksomheder",
                    "consent to share profile with employers",
                ),
            ),
            field(
                "consent_recorded_at", C.CASE, A.ERASE, ("samtykke registreret", "consent recorded")
            ),
            field("synthetic", C.NOT_PERSONAL, label=("syntetiske data", "synthetic data")),
            field("created_at", C.CASE, label=("oprettet", "created")),
            field("updated_at", C.CASE, label=("senest ændret", "last changed")),
            field(
                "anonymised_at",
                C.CASE,
                label=("anonymiseret", "anonymised"),
                why="set by the anonymisation itself: the record is never re-processed",
            ),
            field("merged_from", C.KEY, label=("sammenlagt fra (løbenumre)", "merged from (ids)")),
        ),
    ),
    Model(
        "citizens.Approval",
        citizen="citizen",
        section=Section("approvals", "Visitationer", "Approvals (visitation)", 20),
        fields=(
            ROW_ID,
            CITIZEN_KEY,
            field(
                "visitation_date",
                C.CASE,
                label=("visitationsdato", "date of approval (visitation)"),
            ),
            field(
                "first_fleksjob_start",
                C.CASE,
                label=("start på første fleksjob", "start of first fleksjob"),
            ),
            field(
                "temporary_until",
                C.CASE,
                label=("midlertidig periode slutter", "temporary period ends"),
            ),
            field("permanent", C.CASE, label=("permanent fleksjob", "permanent fleksjob")),
            field("old_scheme", C.CASE, label=("før reformen 2013", "before the 2013 reform")),
            field("status", C.CASE, label=("status", "status")),
            field("status_since", C.CASE, label=("status siden", "status since")),
            field("ended_reason", C.CASE, label=("afslutningsårsag", "reason for closure")),
            field(
                "caseworker",
                C.KEY,
                label=("ansvarlig sagsbehandler", "responsible caseworker"),
            ),
            field("consultant", C.KEY, label=("fleksjobformidler", "named consultant (broker)")),
            field("reviewed_on", C.CASE, label=("revurdering afgjort", "review decided")),
        ),
    ),
    Model(
        "citizens.CaseDecision",
        citizen="approval__citizen",
        section=Section("case_decisions", "Afgørelser", "Case decisions", 35),
        fields=(
            ROW_ID,
            APPROVAL_KEY,
            field("kind", C.CASE, label=("afgørelse", "decision")),
            field("on", C.CASE, label=("gælder fra", "takes effect")),
            field("legal_basis", C.CASE, label=("retsgrundlag", "legal basis")),
            field("reason", C.CASE, label=("årsag", "reason")),
            field("justification", C.FREE_TEXT, A.ERASE, ("begrundelse", "justification")),
            field("by", C.KEY, label=("af", "by")),
            field("recorded_at", C.CASE, label=("registreret", "recorded")),
            field("applied_on", C.CASE, label=("trådt i kraft", "took effect")),
            field("cancelled_at", C.CASE, label=("annulleret", "cancelled")),
            field("transition", C.KEY, label=("statusskift", "status change")),
        ),
    ),
    Model(
        "citizens.StatusTransition",
        citizen="approval__citizen",
        section=Section("status_transitions", "Statushistorik", "Status history", 30),
        fields=(
            ROW_ID,
            APPROVAL_KEY,
            field("from_status", C.CASE, label=("fra status", "from status")),
            field("to_status", C.CASE, label=("til status", "to status")),
            field("on", C.CASE, label=("dato", "date")),
            field("reason", C.FREE_TEXT, A.ERASE, ("begrundelse", "reason")),
            field("by", C.KEY, label=("af", "by")),
            field("recorded_at", C.CASE, label=("registreret", "recorded")),
        ),
    ),
    Model(
        "citizens.BenefitSpell",
        citizen="citizen",
        section=Section(
            "benefit_spells", "Ledighedsydelsesperioder", "Ledighedsydelse periods", 40
        ),
        fields=(
            ROW_ID,
            CITIZEN_KEY,
            APPROVAL_KEY,
            field("kind", C.CASE, label=("art", "kind")),
            field("start", C.CASE, label=("fra", "from")),
            field("end", C.CASE, label=("til", "to")),
            field("rate_category", C.CASE, label=("satskategori", "rate category")),
        ),
    ),
    Model(
        "citizens.ConsentChange",
        citizen="citizen",
        section=Section(
            "consent", "Samtykke til deling med virksomheder", "Consent to share with employers", 45
        ),
        fields=(
            ROW_ID,
            CITIZEN_KEY,
            field("item", C.CASE, label=("samtykke til", "consent to")),
            field("given", C.CASE, label=("givet", "given")),
            field("at", C.CASE, label=("tidspunkt", "time")),
            field("by", C.KEY, label=("af", "by")),
            field("via", C.CASE, label=("hvordan", "how")),
        ),
    ),
    Model(
        "citizens.SavedFilter",
        # A caseworker's saved caseload searches may search for a citizen by name.
        mentions=("user__municipality__citizens",),
        fields=(
            field("id", C.KEY),
            field("user", C.KEY),
            field("name", C.FREE_TEXT, A.REDACT, redact="name_or_delete"),
            field("filters", C.FREE_TEXT, A.REDACT, redact="name_search"),
            field("created_at", C.CASE),
        ),
    ),
)
