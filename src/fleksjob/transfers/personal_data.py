"""The personal data in the transfers app's models (docs/personal-data.md)."""

from fleksjob.core.personal_data import Category as C
from fleksjob.core.personal_data import Model, field

MODELS = (
    Model(
        "transfers.CaseTransfer",
        fields=(
            field("id", C.KEY),
            field("requesting_municipality", C.KEY),
            field("requested_by", C.KEY),
            field("requested_at", C.CASE),
            field("release_by", C.CASE),
            field("cpr_hash", C.KEY),
            field("cpr_encrypted", C.IDENTIFIER, encrypted=True),
            field("status", C.CASE),
            field("closed_at", C.CASE),
        ),
    ),
    Model(
        "transfers.CaseTransferAnswer",
        fields=(
            field("id", C.KEY),
            field("transfer", C.KEY),
            field("municipality", C.KEY),
            field("answer", C.CASE),
            field("reason", C.FREE_TEXT),
            field("answered_by", C.KEY),
            field("answered_at", C.CASE),
        ),
    ),
)
