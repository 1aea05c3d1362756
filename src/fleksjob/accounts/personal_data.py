"""The personal data in the accounts app's models (docs/personal-data.md)."""

from fleksjob.core.personal_data import Category as C
from fleksjob.core.personal_data import Model, field

MODELS = (
    Model(
        "accounts.User",
        fields=(
            field("id", C.KEY),
            field("password", C.KEY),
            field("last_login", C.CASE),
            field("is_superuser", C.CASE),
            field("username", C.IDENTIFIER),
            field("first_name", C.IDENTIFIER),
            field("last_name", C.IDENTIFIER),
            field("email", C.CONTACT),
            field("is_staff", C.CASE),
            field("is_active", C.CASE),
            field("date_joined", C.CASE),
            field("role", C.CASE),
            field("municipality", C.KEY),
        ),
    ),
    Model(
        "accounts.ApiToken",
        fields=(
            field("id", C.KEY),
            field("user", C.KEY),
            field("name", C.FREE_TEXT),
            field("prefix", C.KEY),
            field("token_hash", C.KEY),
            field("created_at", C.CASE),
            field("last_used_at", C.CASE),
            field("revoked_at", C.CASE),
        ),
    ),
)
