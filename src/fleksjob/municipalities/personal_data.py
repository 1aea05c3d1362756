"""The personal data in the municipalities app's models (docs/personal-data.md)."""

from fleksjob.core.personal_data import Category as C
from fleksjob.core.personal_data import Model, field

MODELS = (
    Model(
        "municipalities.Region",
        fields=(
            field("code", C.NOT_PERSONAL),
            field("name", C.NOT_PERSONAL),
        ),
    ),
    Model(
        "municipalities.Municipality",
        fields=(
            field("code", C.NOT_PERSONAL),
            field("name", C.NOT_PERSONAL),
            field("alt_name", C.NOT_PERSONAL),
            field("region", C.NOT_PERSONAL),
            field("population", C.NOT_PERSONAL),
            field("lat", C.NOT_PERSONAL),
            field("lon", C.NOT_PERSONAL),
        ),
    ),
    Model(
        "municipalities.MonthlyConditions",
        fields=(
            field("id", C.NOT_PERSONAL),
            field("municipality", C.NOT_PERSONAL),
            field("month", C.NOT_PERSONAL),
            field("unemployment_rate", C.NOT_PERSONAL),
            field("share_age_50_plus", C.NOT_PERSONAL),
            field("share_low_education", C.NOT_PERSONAL),
            field("consultants_fte", C.NOT_PERSONAL),
            field("synthetic", C.NOT_PERSONAL),
        ),
    ),
)
