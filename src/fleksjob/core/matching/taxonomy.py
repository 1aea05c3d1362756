"""Skånehensyn taxonomy shared by citizens' needs and positions' provisions (DESIGN.md).

A citizen lists ``needs``; a position lists what it can ``provide``. A pair is feasible only if
every need is provided. Keys are stable identifiers; labels are Danish first, English second.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Accommodation:
    key: str
    group: str
    label_da: str
    label_en: str


GROUPS: dict[str, tuple[str, str]] = {
    "working_time": ("Arbejdstid", "Working time"),
    "physical": ("Fysisk", "Physical"),
    "mental": ("Psykisk og kognitivt", "Mental and cognitive"),
    "language": ("Sprog", "Language"),
    "environment": ("Arbejdsmiljø", "Environment"),
}

_ROWS: tuple[tuple[str, str, str, str], ...] = (
    ("short_days", "working_time", "Korte arbejdsdage", "Short working days"),
    ("fixed_days", "working_time", "Faste arbejdsdage", "Fixed working days"),
    ("flexible_start", "working_time", "Fleksibelt mødetidspunkt", "Flexible start time"),
    ("extra_breaks", "working_time", "Ekstra pauser", "Extra breaks"),
    (
        "gradual_increase",
        "working_time",
        "Gradvis optrapning af timer",
        "Gradual increase of hours",
    ),
    (
        "no_evening_night",
        "working_time",
        "Ingen aften- eller natarbejde",
        "No evening or night work",
    ),
    ("no_heavy_lifting", "physical", "Ingen tunge løft", "No heavy lifting"),
    ("limited_standing", "physical", "Begrænset stående arbejde", "Limited standing"),
    ("limited_walking", "physical", "Begrænset gang", "Limited walking"),
    ("no_repetitive_strain", "physical", "Ingen ensidigt gentaget arbejde", "No repetitive strain"),
    ("ergonomic_workstation", "physical", "Ergonomisk arbejdsplads", "Ergonomic workstation"),
    ("wheelchair_access", "physical", "Kørestolsadgang", "Wheelchair access"),
    ("hearing_support", "physical", "Hjælpemidler til hørelse", "Hearing support"),
    ("vision_support", "physical", "Hjælpemidler til syn", "Vision support"),
    ("quiet_environment", "mental", "Roligt arbejdsmiljø", "Quiet environment"),
    ("few_interruptions", "mental", "Få afbrydelser", "Few interruptions"),
    ("clear_instructions", "mental", "Klare instruktioner", "Clear instructions"),
    ("low_time_pressure", "mental", "Lavt tidspres", "Low time pressure"),
    ("limited_customer_contact", "mental", "Begrænset kundekontakt", "Limited customer contact"),
    ("mentor", "mental", "Mentor eller fast kontaktperson", "Mentor"),
    ("language_support", "language", "Sproglig støtte", "Language support"),
    (
        "limited_reading_writing",
        "language",
        "Begrænset læsning og skrivning",
        "Limited reading and writing",
    ),
    (
        "no_allergens_fragrance",
        "environment",
        "Ingen allergener eller parfume",
        "No allergens or fragrance",
    ),
    ("no_outdoor_work", "environment", "Intet udendørs arbejde", "No outdoor work"),
)

ACCOMMODATIONS: dict[str, Accommodation] = {row[0]: Accommodation(*row) for row in _ROWS}
KEYS: frozenset[str] = frozenset(ACCOMMODATIONS)


class UnknownAccommodation(ValueError):
    """A skånehensyn key that is not in the taxonomy."""

    def __init__(self, key: str) -> None:
        super().__init__(f"ukendt skånehensyn: {key!r}")
        self.key = key


def validate_keys(keys: Iterable[str]) -> list[str]:
    """Return the keys sorted and de-duplicated, or raise on the first unknown key."""
    result = set()
    for key in keys:
        if key not in KEYS:
            raise UnknownAccommodation(key)
        result.add(key)
    return sorted(result)


def choices() -> list[tuple[str, str]]:
    """(key, Danish label) pairs in taxonomy order, for forms."""
    return [(a.key, a.label_da) for a in ACCOMMODATIONS.values()]
