"""The personal data in the benchmarking app's models (docs/personal-data.md)."""

from fleksjob.core.personal_data import Category as C
from fleksjob.core.personal_data import Model, field

MODELS = (
    Model(
        "benchmarking.ImportBatch",
        fields=(
            field("id", C.NOT_PERSONAL),
            field("source", C.NOT_PERSONAL),
            field("table", C.NOT_PERSONAL),
            field("file_name", C.NOT_PERSONAL),
            field("rows", C.NOT_PERSONAL),
            field("imported_at", C.NOT_PERSONAL),
            field("imported_by", C.IDENTIFIER),
        ),
    ),
    Model(
        "benchmarking.ImportedFigure",
        fields=(
            field("id", C.NOT_PERSONAL),
            field("batch", C.NOT_PERSONAL),
            field("source", C.NOT_PERSONAL),
            field("table", C.NOT_PERSONAL),
            field("area", C.NOT_PERSONAL),
            field("level", C.NOT_PERSONAL),
            field("municipality", C.NOT_PERSONAL),
            field("period", C.NOT_PERSONAL),
            field("measure", C.NOT_PERSONAL),
            field("label", C.NOT_PERSONAL),
            field("dimensions", C.NOT_PERSONAL),
            field("dimensions_key", C.NOT_PERSONAL),
            field("value", C.NOT_PERSONAL),
        ),
    ),
    Model(
        "benchmarking.IndicatorRun",
        fields=(
            field("id", C.NOT_PERSONAL),
            field("started_at", C.NOT_PERSONAL),
            field("finished_at", C.NOT_PERSONAL),
            field("first_month", C.NOT_PERSONAL),
            field("last_month", C.NOT_PERSONAL),
            field("rows", C.NOT_PERSONAL),
            field("seconds", C.NOT_PERSONAL),
            field("extras", C.NOT_PERSONAL),
        ),
    ),
    Model(
        "benchmarking.IndicatorValue",
        fields=(
            field("id", C.NOT_PERSONAL),
            field("run", C.NOT_PERSONAL),
            field("indicator", C.NOT_PERSONAL),
            field("unit_level", C.NOT_PERSONAL),
            field("unit_id", C.NOT_PERSONAL),
            field("unit_name", C.NOT_PERSONAL),
            field("period", C.NOT_PERSONAL),
            field("numerator", C.NOT_PERSONAL),
            field("denominator", C.NOT_PERSONAL),
            field("value", C.NOT_PERSONAL),
            field("suppressed", C.NOT_PERSONAL),
            field("denominator_suppressed", C.NOT_PERSONAL),
        ),
    ),
)
