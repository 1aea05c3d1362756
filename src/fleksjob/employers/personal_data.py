"""The personal data in the employers app's models (docs/personal-data.md)."""

from fleksjob.core.personal_data import Action as A
from fleksjob.core.personal_data import Category as C
from fleksjob.core.personal_data import Model, field

MODELS = (
    Model(
        "employers.Employer",
        fields=(
            field("id", C.NOT_PERSONAL),
            field("cvr", C.NOT_PERSONAL),
            field("name", C.NOT_PERSONAL),
            field("municipality", C.NOT_PERSONAL),
            field("sector", C.NOT_PERSONAL),
            field("size_band", C.NOT_PERSONAL),
            field("is_public", C.NOT_PERSONAL),
            # The business address, as the public CVR register shows it.
            field("street", C.NOT_PERSONAL),
            field("postcode", C.NOT_PERSONAL),
            field("city", C.NOT_PERSONAL),
            field("lat", C.NOT_PERSONAL),
            field("lon", C.NOT_PERSONAL),
            field("synthetic", C.NOT_PERSONAL),
            field("created_at", C.NOT_PERSONAL),
            field("updated_at", C.NOT_PERSONAL),
        ),
    ),
    Model(
        "employers.ContactPerson",
        fields=(
            field("id", C.KEY),
            field("employer", C.KEY),
            field("name", C.IDENTIFIER),
            field("title", C.CASE),
            field("email", C.CONTACT),
            field("phone", C.CONTACT),
        ),
    ),
    Model(
        "employers.Position",
        fields=(
            field("id", C.NOT_PERSONAL),
            field("employer", C.NOT_PERSONAL),
            field("title", C.NOT_PERSONAL),
            field("occupation", C.NOT_PERSONAL),
            field("tasks_text", C.NOT_PERSONAL),
            field("hours_min", C.NOT_PERSONAL),
            field("hours_max", C.NOT_PERSONAL),
            field("provides", C.NOT_PERSONAL),
            field("remote_allowed", C.NOT_PERSONAL),
            field("openings", C.NOT_PERSONAL),
            field("split_off", C.NOT_PERSONAL),
            field("status", C.NOT_PERSONAL),
            field("created_on", C.NOT_PERSONAL),
            field("updated_at", C.NOT_PERSONAL),
            field("synthetic", C.NOT_PERSONAL),
        ),
    ),
    Model(
        "employers.PositionTask",
        # A task of a position, as an employer describes the work: not about a person.
        fields=(
            field("id", C.NOT_PERSONAL),
            field("position", C.NOT_PERSONAL),
            field("description", C.NOT_PERSONAL),
            field("hours", C.NOT_PERSONAL),
            field("skills", C.NOT_PERSONAL),
            field("occupation", C.NOT_PERSONAL),
            field("updated_at", C.NOT_PERSONAL),
        ),
    ),
    Model(
        "employers.ContactLogEntry",
        # A note on an employer the citizen worked at or was proposed to may name them.
        mentions=("employer__employments__citizen", "employer__positions__placements__citizen"),
        fields=(
            field("id", C.KEY),
            field("employer", C.KEY),
            field("consultant", C.KEY),
            field("contact_person", C.KEY),
            field("on", C.CASE),
            field("channel", C.CASE),
            field("outcome", C.CASE),
            field("note", C.FREE_TEXT, A.REDACT, redact="name"),
            field("follow_up_on", C.CASE),
            field("follow_up_done_on", C.CASE),
            field("follow_up_done_by", C.KEY),
        ),
    ),
    Model(
        "employers.PositionSubmission",
        # A flex position a company proposed (docs/selfservice.md): about the work, not a
        # person; the consultant's comment is to the company.
        fields=(
            field("id", C.NOT_PERSONAL),
            field("employer", C.NOT_PERSONAL),
            field("contact_person", C.KEY),
            field("specialist", C.NOT_PERSONAL),
            field("status", C.NOT_PERSONAL),
            field("title", C.NOT_PERSONAL),
            field("occupation", C.NOT_PERSONAL),
            field("tasks", C.NOT_PERSONAL),
            field("provides", C.NOT_PERSONAL),
            field("remote_allowed", C.NOT_PERSONAL),
            field("openings", C.NOT_PERSONAL),
            field("comment", C.NOT_PERSONAL),
            field("submitted_at", C.NOT_PERSONAL),
            field("reviewed_at", C.NOT_PERSONAL),
            field("reviewed_by", C.KEY),
            field("position", C.NOT_PERSONAL),
            field("created_at", C.NOT_PERSONAL),
            field("updated_at", C.NOT_PERSONAL),
        ),
    ),
)
