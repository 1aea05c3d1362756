"""The employer record: a company as one municipality's jobcentre works with it."""

from __future__ import annotations

from fleksjob.core.matching.vocabulary import SECTORS, SIZE_BANDS

from . import limits as L
from .citizen import location, text
from .spec import FieldSpec, RecordSpec

SECTOR_KEYS = tuple(SECTORS)
SIZE_KEYS = tuple(SIZE_BANDS)


def cvr(help: str) -> FieldSpec:
    return FieldSpec("cvr", "cvr", "CVR-nummer", "CVR number", "cvr", help=help, example="12345678")


EMPLOYER = RecordSpec(
    kind="employers",
    model="employers.Employer",
    label_da="virksomhed",
    label_en="employer",
    fields=(
        cvr("CVR-nummer, 8 cifre"),
        text("name", "navn", "navn", "name", max_length=L.TITLE_MAX, example="Eksempel ApS"),
        FieldSpec(
            "sector",
            "choice",
            "branche",
            "sector",
            "branche",
            choices=SECTOR_KEYS,
            help=", ".join(SECTOR_KEYS),
            example="retail",
        ),
        FieldSpec(
            "size_band",
            "choice",
            "størrelse",
            "size",
            "størrelse",
            choices=SIZE_KEYS,
            help=", ".join(SIZE_KEYS),
            example="small",
        ),
        FieldSpec(
            "is_public",
            "bool",
            "offentlig arbejdsgiver",
            "public employer",
            "offentlig",
            required=False,
            default=False,
            help="Offentlig arbejdsgiver, ja/nej; standard nej",
            example="nej",
        ),
        # Required in a file; the API may leave both out, and the write function then places the
        # employer at the municipality's centre (api/employers.py).
        location("lat"),
        location("lon"),
    ),
)
