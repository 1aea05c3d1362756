"""The personal data in the placements app's models (docs/personal-data.md)."""

from fleksjob.core.personal_data import APPROVAL_KEY, CITIZEN_KEY, ROW_ID, Model, Section, field
from fleksjob.core.personal_data import Action as A
from fleksjob.core.personal_data import Category as C

MODELS = (
    Model(
        "placements.Placement",
        citizen="citizen",
        section=Section("placements", "Match-forslag", "Match proposals", 110),
        fields=(
            ROW_ID,
            CITIZEN_KEY,
            APPROVAL_KEY,
            field("position", C.KEY, label=("stilling", "position")),
            field("stage", C.CASE, label=("trin", "stage")),
            field("stage_since", C.CASE, label=("trin siden", "stage since")),
            field("not_hired_reason", C.CASE, label=("årsag", "reason")),
            field("score", C.CASE, label=("match-score", "match score")),
            field(
                "reasons",
                C.SPECIAL,
                A.ERASE,
                ("begrundelse for forslaget", "reasons for the proposal"),
            ),
            field("employment", C.KEY, label=("ansættelse", "employment")),
            field("created_by", C.KEY, label=("oprettet af", "created by")),
            field("created_at", C.CASE, label=("oprettet", "created")),
            field("updated_at", C.CASE, label=("senest ændret", "last changed")),
            field("citizen_answer", C.CASE, label=("borgerens svar", "answer from the citizen")),
            field(
                "citizen_reason", C.CASE, label=("borgerens begrundelse", "reason from the citizen")
            ),
            field("citizen_answered_at", C.CASE, label=("besvaret", "answered")),
            field(
                "employer_answer", C.CASE, label=("virksomhedens svar", "answer from the employer")
            ),
            field(
                "employer_reason",
                C.CASE,
                label=("virksomhedens begrundelse", "reason from the employer"),
            ),
            field(
                "employer_answered_at", C.CASE, label=("virksomheden svarede", "employer answered")
            ),
        ),
    ),
    Model(
        "placements.PlacementTransition",
        citizen="placement__citizen",
        section=Section(
            "placement_transitions",
            "Match-forslagenes historik",
            "History of the match proposals",
            120,
        ),
        fields=(
            ROW_ID,
            field("placement", C.KEY, label=("match-forslag", "placement")),
            field("from_stage", C.CASE, label=("fra trin", "from stage")),
            field("to_stage", C.CASE, label=("til trin", "to stage")),
            field("on", C.CASE, label=("dato", "date")),
            field("reason", C.CASE, label=("årsag", "reason")),
            field("note", C.FREE_TEXT, A.ERASE, ("note", "note")),
            field("by", C.KEY, label=("af", "by")),
            field("recorded_at", C.CASE, label=("registreret", "recorded")),
        ),
    ),
    Model(
        "placements.MatchRun",
        fields=(
            field("id", C.NOT_PERSONAL),
            field("municipality", C.NOT_PERSONAL),
            field("status", C.NOT_PERSONAL),
            field("stage", C.NOT_PERSONAL),
            field("requested_by", C.KEY),
            field("requested_at", C.NOT_PERSONAL),
            field("started_at", C.NOT_PERSONAL),
            field("finished_at", C.NOT_PERSONAL),
            field("seconds", C.NOT_PERSONAL),
            field("candidates", C.NOT_PERSONAL),
            field("positions", C.NOT_PERSONAL),
            field("placements", C.NOT_PERSONAL),
            field("objective", C.NOT_PERSONAL),
            field("stats", C.NOT_PERSONAL),
            field("error", C.NOT_PERSONAL),
        ),
    ),
    Model(
        "placements.ProspectImport",
        fields=(
            field("id", C.NOT_PERSONAL),
            field("file_name", C.NOT_PERSONAL),
            field("period", C.NOT_PERSONAL),
            field("rows", C.NOT_PERSONAL),
            field("imported_by", C.KEY),
            field("imported_at", C.NOT_PERSONAL),
        ),
        why="STAR's national labour-market balance (docs/prospects.md): about no person",
    ),
    Model(
        "placements.OccupationProspect",
        fields=(
            field("id", C.NOT_PERSONAL),
            field("batch", C.NOT_PERSONAL),
            field("area", C.NOT_PERSONAL),
            field("occupation", C.NOT_PERSONAL),
            field("title", C.NOT_PERSONAL),
            field("category", C.NOT_PERSONAL),
            field("shortage", C.NOT_PERSONAL),
        ),
        why="STAR's national labour-market balance (docs/prospects.md): about no person",
    ),
    Model(
        "placements.MatchResult",
        citizen="citizen",
        section=Section(
            "match_results", "Resultater af matchkørsler", "Results of matching runs", 130
        ),
        fields=(
            ROW_ID,
            field("run", C.KEY, label=("matchkørsel", "match run")),
            CITIZEN_KEY,
            field("position", C.KEY, label=("stilling", "position")),
            field("rank", C.CASE, label=("placering", "rank")),
            field("score", C.CASE, label=("score", "score")),
            field("reasons", C.SPECIAL, A.ERASE, ("begrundelse", "reasons")),
            field("assigned", C.CASE, label=("tildelt", "assigned")),
            field("weight", C.CASE, label=("vægt", "weight")),
        ),
    ),
)
