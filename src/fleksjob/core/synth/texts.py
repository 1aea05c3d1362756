"""Skånehensyn mixes and the short Danish texts of synthetic records (all our own wording)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NeedsProfile:
    """A typical background for a visitation and the skånehensyn it tends to bring."""

    name: str
    weight: float  # share of citizens with this as main profile  [assumption]
    keys: tuple[tuple[str, float], ...]  # (skånehensyn, probability)
    notes: tuple[str, ...]


# [assumption] mental and musculoskeletal conditions dominate fleksjob visitations ([public]
# STAR describes them as the two largest groups); the other profiles are smaller.
NEEDS_PROFILES: tuple[NeedsProfile, ...] = (
    NeedsProfile(
        "musculoskeletal",
        0.38,
        (
            ("no_heavy_lifting", 0.85),
            ("limited_standing", 0.45),
            ("no_repetitive_strain", 0.5),
            ("ergonomic_workstation", 0.4),
            ("extra_breaks", 0.35),
            ("limited_walking", 0.2),
            ("short_days", 0.3),
            ("no_outdoor_work", 0.1),
        ),
        (
            "Kroniske rygsmerter; kan ikke løfte over 10 kg.",
            "Slidgigt i knæ og hofter; tåler ikke lang tids gang eller stående arbejde.",
            "Skulder- og nakkesmerter efter arbejdsskade; undgå ensidigt gentaget arbejde.",
            "Diskusprolaps; behov for at skifte stilling ofte.",
        ),
    ),
    NeedsProfile(
        "mental",
        0.34,
        (
            ("quiet_environment", 0.6),
            ("few_interruptions", 0.55),
            ("low_time_pressure", 0.6),
            ("flexible_start", 0.45),
            ("short_days", 0.45),
            ("clear_instructions", 0.3),
            ("limited_customer_contact", 0.3),
            ("mentor", 0.35),
            ("gradual_increase", 0.35),
            ("no_evening_night", 0.2),
        ),
        (
            "Langvarig stressbelastning; skal have ro og overskuelige opgaver.",
            "Tilbagevendende depression; trives med faste rammer og en fast kontaktperson.",
            "Angst; undgår mange mennesker og uforudsete situationer.",
            "ADHD; har brug for klare aftaler og få afbrydelser.",
        ),
    ),
    NeedsProfile(
        "chronic_fatigue",
        0.14,
        (
            ("short_days", 0.8),
            ("extra_breaks", 0.6),
            ("flexible_start", 0.5),
            ("gradual_increase", 0.4),
            ("low_time_pressure", 0.3),
            ("fixed_days", 0.3),
            ("no_evening_night", 0.3),
        ),
        (
            "Kronisk træthed efter sygdom; orker korte dage med pauser.",
            "Fibromyalgi; svingende dagsform, behov for fleksibel mødetid.",
            "Følger efter kræftbehandling; nedsat energi.",
        ),
    ),
    NeedsProfile(
        "cognitive",
        0.06,
        (
            ("clear_instructions", 0.8),
            ("few_interruptions", 0.6),
            ("mentor", 0.6),
            ("limited_reading_writing", 0.35),
            ("low_time_pressure", 0.5),
            ("quiet_environment", 0.4),
            ("fixed_days", 0.3),
        ),
        (
            "Erhvervet hjerneskade; hukommelsen svigter ved mange opgaver på én gang.",
            "Kognitive vanskeligheder; lærer bedst ved mesterlære og faste rutiner.",
        ),
    ),
    NeedsProfile(
        "sensory_mobility",
        0.05,
        (
            ("wheelchair_access", 0.35),
            ("limited_walking", 0.6),
            ("hearing_support", 0.3),
            ("vision_support", 0.3),
            ("ergonomic_workstation", 0.5),
            ("no_outdoor_work", 0.3),
        ),
        (
            "Bruger kørestol; kræver niveaufri adgang og handicaptoilet.",
            "Nedsat hørelse; bruger høreapparat og har brug for ro i lokalet.",
            "Svagsynet; skal have forstørrelsesprogram på computeren.",
        ),
    ),
    NeedsProfile(
        "allergy_environment",
        0.03,
        (("no_allergens_fragrance", 0.9), ("no_outdoor_work", 0.5), ("extra_breaks", 0.2)),
        ("Svær astma og parfumeallergi.", "Eksem og allergi; tåler ikke rengøringsmidler."),
    ),
)
SECOND_PROFILE_SHARE = 0.3  # [assumption] several conditions are common
LANGUAGE_SUPPORT_SHARE = 0.06  # [assumption] citizens who need language support

TRANSITION_REASONS: dict[tuple[str, str], tuple[str, ...]] = {
    ("", "approved_unemployed"): ("Visiteret til fleksjob",),
    ("", "in_fleksjob"): ("Visiteret til fleksjob på nuværende arbejdsplads",),
    ("approved_unemployed", "in_fleksjob"): ("Ansat i fleksjob", "Start i fleksjob efter match"),
    ("in_fleksjob", "approved_unemployed"): (
        "Fleksjobbet ophørte",
        "Opsagt pga. arbejdsmangel",
        "Fleksjobbet ophørte efter aftale",
    ),
    ("approved_unemployed", "paused"): ("Sygemeldt", "Barselsorlov", "Uddannelsesforløb"),
    ("paused", "approved_unemployed"): ("Raskmeldt", "Tilbage efter orlov"),
}
END_REASON_TEXTS: dict[str, str] = {
    "state_pension": "Overgang til folkepension",
    "disability_pension": "Tilkendt førtidspension",
    "ordinary_job": "Ordinær ansættelse",
    "no_longer_eligible": "Opfylder ikke længere betingelserne",
    "moved_abroad": "Fraflyttet til udlandet",
    "deceased": "Død",
    "other": "Afsluttet af anden årsag",
}

MEETING_TEXTS: dict[str, tuple[str, ...]] = {
    "jobsamtale": (
        "Vi gennemgik dine ønsker og søger stillinger inden for kontor og service.",
        "Du søger mindst to fleksjob inden næste samtale.",
        "Virksomhedskonsulenten kontakter to lokale arbejdsgivere med dig som kandidat.",
        "Vi aftalte en virksomhedspraktik på 8 timer om ugen i fire uger.",
        "Vi opdaterede din profil og dine skånehensyn.",
        "Du deltager i jobcafé i næste måned.",
        "Vi talte om hvor mange timer du kan nu, og hvordan det kan øges.",
    ),
    "follow_up": (
        "Opfølgning på arbejdspladsen: timerne fungerer, ingen ændringer.",
        "Aftalt at øge med to timer om ugen fra næste måned.",
        "Arbejdsgiveren er tilfreds; vi følger op om et år.",
        "Skånehensynene overholdes; behov for ny kontorstol.",
        "Borgeren oplever mere smerte; timerne fastholdes.",
    ),
    "review": (
        "Revurdering: betingelserne er fortsat opfyldt.",
        "Revurdering efter 4½ år gennemført; sagen indstilles til permanent fleksjob.",
    ),
    "other": ("Telefonisk afklaring af praktiske spørgsmål.",),
}

CONTACT_NOTES: dict[str, tuple[str, ...]] = {
    "no_need": (
        "Ingen behov lige nu; kontakt igen efter sommerferien.",
        "Virksomheden har travlt og kan ikke tage en fleksjobber nu.",
    ),
    "interested": (
        "Interesseret i en fleksjobber til lettere opgaver.",
        "Lederen vil gerne høre mere om fleksløntilskud.",
    ),
    "position_created": (
        "Vi udskilte opgaver til et fleksjob på 12 timer.",
        "Ny stilling oprettet efter besøg.",
    ),
    "follow_up": ("Aftalt opfølgning på ansat fleksjobber.", "Opfølgning på praktikforløb aftalt."),
    "not_reached": ("Ingen svar; prøver igen.", "Lagt besked på telefonsvarer."),
}

PLAN_TEXTS: dict[str, tuple[str, ...]] = {
    "more_hours": (
        "Timerne øges gradvist efter aftale med arbejdsgiveren.",
        "Målet er flere timer, når helbredet tillader det.",
    ),
    "foothold": (
        "Fokus er at fastholde det nuværende fleksjob.",
        "Vi holder fast i timetallet og følger op på trivsel.",
    ),
    "education": (
        "Afklaring af et kursus, der kan give nye muligheder.",
        "Aftalt AMU-kursus i IT som led i omskoling.",
    ),
}

CONTACT_TITLES: tuple[str, ...] = (
    "Indehaver",
    "Daglig leder",
    "HR-chef",
    "HR-konsulent",
    "Driftsleder",
    "Afdelingsleder",
    "Personalechef",
    "Butikschef",
    "Centerleder",
    "Værkfører",
)

# Parts for employer names.
PLACE_WORDS: tuple[str, ...] = (
    "Egebakken",
    "Lindegården",
    "Bøgely",
    "Skovbrynet",
    "Fjordblik",
    "Solsikken",
    "Møllehuset",
    "Engly",
    "Birkelunden",
    "Havbakken",
    "Kastanjehaven",
    "Rosenhaven",
    "Åkanden",
    "Kildebo",
    "Strandvejen",
    "Bakkehuset",
    "Nørremarken",
    "Vestervang",
    "Søndergård",
    "Østergården",
)
BRAND_WORDS: tuple[str, ...] = (
    "Nordlys",
    "Kompas",
    "Fyrtårn",
    "Anker",
    "Spire",
    "Horisont",
    "Trekløver",
    "Milepæl",
    "Bølge",
    "Klippe",
    "Lærke",
    "Ravn",
    "Ugle",
    "Kvist",
)
EMPLOYER_PATTERNS: dict[str, tuple[str, ...]] = {
    "public_admin": ("{town} Forsyning", "{town} Vej og Park", "Borgerservice {town}"),
    "health_care": (
        "Plejecenter {place}",
        "{town} Sundhedscenter",
        "{town} Fysioterapi",
        "Tandlægerne i {town}",
        "Bostedet {place}",
    ),
    "education": ("{place}skolen", "Børnehuset {place}", "{town} Gymnasium", "{town} Sprogcenter"),
    "retail": (
        "{last}s Supermarked",
        "Købmand {last}",
        "{town} Byggemarked",
        "{brand} Boligtekstil",
        "{town} Cykler",
    ),
    "manufacturing": (
        "{last} Maskinfabrik A/S",
        "{town} Metal ApS",
        "{brand} Emballage A/S",
        "{last} Plast ApS",
        "{town} Mejeri",
    ),
    "construction": (
        "{last} Tømrer & Snedker ApS",
        "{town} VVS ApS",
        "{last} & Søn Entreprise",
        "{last}s Murerforretning",
    ),
    "transport_logistics": (
        "{town} Vognmandsforretning",
        "{last} Transport ApS",
        "{brand} Lager & Logistik",
    ),
    "hospitality": ("Restaurant {brand}", "{town} Kro", "Hotel {place}", "Café {first}"),
    "cleaning_facility": ("{town} Rengøring ApS", "{last} Service & Facility", "{brand} Facility"),
    "agriculture_gardening": ("{last}s Gartneri", "{place} Planteskole", "{last} Landbrug I/S"),
    "it_communication": ("{brand} Data ApS", "{last} IT", "{brand}Soft ApS", "{town} Medier"),
    "finance_business": (
        "Advokatfirmaet {last} & {last2}",
        "{last} Revision",
        "{brand} Rådgivning",
        "{town} Bogføringsservice",
    ),
    "culture_leisure": (
        "{town} Idrætscenter",
        "{town} Museum",
        "{town} Bibliotek",
        "Kulturhuset {brand}",
    ),
}

# Common Danish street names for the synthetic employers' addresses (no postcode table is kept,
# so synthetic addresses have a street and a town only).
STREET_NAMES = (
    "Algade",
    "Bygaden",
    "Industrivej",
    "Hovedgaden",
    "Stationsvej",
    "Skolevej",
    "Kirkevej",
    "Møllevej",
    "Havnegade",
    "Nørregade",
    "Søndergade",
    "Østergade",
    "Vestergade",
    "Engvej",
    "Fabriksvej",
    "Erhvervsvej",
)
