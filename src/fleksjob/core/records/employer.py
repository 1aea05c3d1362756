"""The employer record: a company as one municipality's jobcentre works with it."""

from __future__ import annotations

from fleksjob.core.matching.vocabulary import SECTORS, SIZE_BANDS

from . import limits as L
from .citizen import location, text
from .spec import NOT_FOUR_DIGITS, FieldSpec, RecordSpec

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
        # The workplace's address, so that two employers of the same name can be told apart in
        # lists and pickers; optional because records from before it have none.
        text(
            "street",
            "adresse",
            "adresse",
            "street address",
            max_length=L.STREET_MAX,
            required=False,
            default="",
            help="Vejnavn og husnummer",
            example="Algade 1",
        ),
        text(
            "postcode",
            "postnummer",
            "postnummer",
            "postcode",
            max_length=L.POSTCODE_LENGTH,
            pattern="[0-9]{4}",
            pattern_reason=NOT_FOUR_DIGITS,
            required=False,
            default="",
            help="Postnummer, 4 cifre",
            example="4000",
        ),
        text(
            "city",
            "by",
            "by",
            "city",
            max_length=L.CITY_MAX,
            required=False,
            default="",
            help="Postdistrikt",
            example="Roskilde",
        ),
        # Required in a file; the API may leave both out, and the write function then places the
        # employer at the municipality's centre (api/employers.py).
        location("lat"),
        location("lon"),
    ),
)
