"""The citizen record: the profile a caseworker keeps and the import's citizen columns."""

from __future__ import annotations

from fleksjob.core.matching.competences import COMPETENCES
from fleksjob.core.matching.taxonomy import KEYS as NEED_KEYS
from fleksjob.core.matching.vocabulary import SECTORS, TASK_TYPES

from . import limits as L
from .spec import ABOVE_HOURS, IN_DENMARK, RANGE_HOURS, RANGE_KM, FieldSpec, Order, RecordSpec

EDUCATIONS = ("primary", "upper_secondary", "vocational", "short_tertiary", "bachelor", "master")
GOALS = ("progression", "retention", "education")


def hours(
    name: str, column: str, da: str, en: str, help: str, example: str, *, above_zero=False
) -> FieldSpec:
    """Weekly hours up to full time, one decimal; from 0, or (a job's hours) above 0."""
    span = f"over 0, højst {L.MAX_WEEKLY_HOURS}" if above_zero else f"0-{L.MAX_WEEKLY_HOURS}"
    return FieldSpec(
        name,
        "decimal",
        da,
        en,
        column,
        low=0,
        low_open=above_zero,
        high=L.MAX_WEEKLY_HOURS,
        places=L.HOURS_PLACES,
        range_reason=ABOVE_HOURS if above_zero else RANGE_HOURS,
        help=f"{help} ({span})",
        example=example,
    )


def hours_at_least(example: str, *, above_zero: bool = False) -> FieldSpec:
    """The fewest weekly hours (what a citizen can start with, what a position asks at least)."""
    return hours(
        "hours_min",
        "timer_mindst",
        "timer pr. uge, mindst",
        "hours a week, at least",
        "Timer pr. uge, mindst",
        example,
        above_zero=above_zero,
    )


def location(name: str, *, required: bool = True, help: str = "") -> FieldSpec:
    """Latitude or longitude of an approximate location in Denmark (not an address)."""
    lat = name == "lat"
    return FieldSpec(
        name,
        "float",
        "breddegrad" if lat else "længdegrad",
        "latitude" if lat else "longitude",
        "breddegrad" if lat else "længdegrad",
        low=L.LAT_MIN if lat else L.LON_MIN,
        high=L.LAT_MAX if lat else L.LON_MAX,
        required=required,
        range_reason=IN_DENMARK,
        help=help or "Omtrentlig placering (WGS84)",
        example="55,64" if lat else "11,91",
    )


def text(name: str, column: str, da: str, en: str, *, max_length: int, **kw) -> FieldSpec:
    return FieldSpec(name, "text", da, en, column, max_length=max_length, **kw)


def free_text(name: str, column: str, da: str, en: str, help: str, example: str = ""):
    """Optional free text (skills, notes, tasks), empty unless told."""
    return text(
        name,
        column,
        da,
        en,
        max_length=L.FREE_TEXT_MAX,
        required=False,
        default="",
        help=help,
        example=example,
    )


def key_list(name: str, column: str, da: str, en: str, choices, help: str, example: str):
    """An optional list of vocabulary keys (skånehensyn, sectors, task types), empty unless told."""
    return FieldSpec(
        name,
        "keys",
        da,
        en,
        column,
        required=False,
        default=[],
        choices=tuple(choices),
        help=help,
        example=example,
    )


def remote(name: str, da: str, en: str) -> FieldSpec:
    """Whether home work is possible (the citizen's wish, the position's offer); no unless told."""
    return FieldSpec(
        name,
        "bool",
        da,
        en,
        "hjemmearbejde",
        required=False,
        default=False,
        help="ja/nej; standard nej",
        example="nej",
    )


CITIZEN = RecordSpec(
    kind="citizens",
    model="citizens.Citizen",
    label_da="borger",
    label_en="citizen",
    fields=(
        FieldSpec(
            "cpr",
            "cpr",
            "CPR-nummer",
            "CPR number",
            "cpr",
            help="CPR-nummer, DDMMÅÅ-XXXX eller 10 cifre",
            example="010203-1234",
            create_only=True,
        ),
        text(
            "first_name", "fornavn", "fornavn", "first name", max_length=L.NAME_MAX, example="Anne"
        ),
        text(
            "last_name",
            "efternavn",
            "efternavn",
            "last name",
            max_length=L.NAME_MAX,
            example="Hansen",
        ),
        FieldSpec(
            "visitation_date",
            "date",
            "visitationsdato",
            "date of visitation",
            "visitationsdato",
            help="Datoen for visitationen til fleksjob (dd-mm-åååå)",
            example="01-03-2025",
            stored_on="citizens.Approval",
            create_only=True,
        ),
        FieldSpec(
            "education",
            "choice",
            "uddannelse",
            "education",
            "uddannelse",
            choices=EDUCATIONS,
            help=", ".join(EDUCATIONS),
            example="vocational",
        ),
        FieldSpec(
            "goal",
            "choice",
            "mål",
            "goal",
            "mål",
            choices=GOALS,
            help=", ".join(GOALS),
            example="progression",
        ),
        hours_at_least("5"),
        hours(
            "hours_capacity",
            "timer_nu",
            "timer pr. uge, kan nu",
            "hours a week, can work now",
            "Timer pr. uge, kan nu",
            "10",
        ),
        hours(
            "hours_target",
            "timer_mål",
            "timer pr. uge, mål",
            "hours a week, goal",
            "Timer pr. uge, mål",
            "15",
        ),
        location("lat"),
        location("lon"),
        FieldSpec(
            "max_commute_km",
            "int",
            "maks. transport (km)",
            "longest commute (km)",
            "maks_transport_km",
            required=False,
            low=0,
            high=L.MAX_COMMUTE_KM,
            default=L.DEFAULT_COMMUTE_KM,
            range_reason=RANGE_KM,
            help=(
                f"Højst så mange km til arbejde (0-{L.MAX_COMMUTE_KM}); "
                f"standard {L.DEFAULT_COMMUTE_KM}"
            ),
            example="25",
        ),
        remote("remote_ok", "kan arbejde hjemmefra", "can work from home"),
        FieldSpec(
            "occupations",
            "occupations",
            "erhverv (DISCO-08)",
            "occupations (DISCO-08)",
            "erhverv",
            required=False,
            default=[],
            max_length=L.MAX_OCCUPATIONS,
            help="DISCO-08-koder (fire cifre), adskilt af komma eller mellemrum",
            example="9112 4110",
        ),
        free_text(
            "skills_text",
            "kompetencer",
            "kompetencer",
            "skills",
            "Fritekst",
            "rengøring og kontorarbejde",
        ),
        key_list(
            "needs",
            "skånehensyn",
            "skånehensyn",
            "accommodation needs",
            NEED_KEYS,
            "Nøgler fra skånehensynstaksonomien, adskilt af komma eller mellemrum",
            "extra_breaks no_heavy_lifting",
        ),
        free_text(
            "needs_note",
            "note_skånehensyn",
            "note om skånehensyn",
            "note on accommodation needs",
            "Fritekst (helbredsoplysninger: kun det nødvendige)",
        ),
        key_list(
            "wishes_sectors",
            "ønskede_brancher",
            "ønskede brancher",
            "preferred sectors",
            SECTORS,
            "Branchenøgler, adskilt af komma eller mellemrum",
            "retail",
        ),
        key_list(
            "wishes_task_types",
            "ønskede_opgavetyper",
            "ønskede opgavetyper",
            "preferred task types",
            TASK_TYPES,
            "Opgavetypenøgler, adskilt af komma eller mellemrum",
            "practical",
        ),
        key_list(
            "competences",
            "kompetencenøgler",
            "kompetencer (til opgaver)",
            "competences (for tasks)",
            COMPETENCES,
            "Kompetencenøgler, adskilt af komma eller mellemrum",
            "office_admin data_entry",
        ),
        FieldSpec(
            "consent_share_profile",
            "bool",
            "samtykke til at dele profil med virksomheder",
            "consent to share the profile with employers",
            "samtykke",
            required=False,
            default=False,
            help="Samtykke til at dele profilen med virksomheder, ja/nej; standard nej",
            example="nej",
        ),
    ),
    orders=(
        Order(
            "hours_min", "hours_capacity", "hours_capacity", "kan ikke være mindre end timer_mindst"
        ),
        Order("hours_min", "hours_target", "hours_target", "kan ikke være mindre end timer_mindst"),
    ),
)
