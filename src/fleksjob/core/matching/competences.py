"""Competences: the skills a citizen has and a position's task needs, as stable keys.

One controlled list serves both sides, so a task's needs can be checked against a citizen's
profile exactly (job crafting, docs/matching.md). Keys are stable identifiers; labels are Danish
first, English second. The list is deliberately coarse: a caseworker picks from it in a minute.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

COMPETENCES: dict[str, tuple[str, str]] = {
    "office_admin": ("Kontor og administration", "Office administration"),
    "filing_archive": ("Journalisering og arkiv", "Filing and archiving"),
    "data_entry": ("Dataregistrering", "Data entry"),
    "bookkeeping": ("Bogføring og regnskab", "Bookkeeping and accounts"),
    "payroll_hr": ("Løn og personale (HR)", "Payroll and HR"),
    "law_contracts": ("Jura og kontrakter", "Law and contracts"),
    "writing": ("Skriftlig formidling", "Writing"),
    "translation": ("Oversættelse og sprog", "Translation and languages"),
    "customer_service": ("Kundeservice og telefon", "Customer service and telephone"),
    "sales": ("Salg og butik", "Sales and retail"),
    "it_support": ("IT-support", "IT support"),
    "programming": ("Programmering", "Programming"),
    "graphic_design": ("Grafisk arbejde", "Graphic design"),
    "teaching": ("Undervisning og vejledning", "Teaching and guidance"),
    "childcare": ("Pasning af børn", "Childcare"),
    "care": ("Omsorg og pleje", "Care"),
    "cleaning": ("Rengøring", "Cleaning"),
    "kitchen": ("Køkken og madlavning", "Kitchen and cooking"),
    "warehouse": ("Lager og pakning", "Warehouse and packing"),
    "driving": ("Kørsel (kørekort B)", "Driving (category B licence)"),
    "gardening": ("Have og grønne områder", "Gardening and green spaces"),
    "maintenance": ("Pedel og vedligehold", "Caretaking and maintenance"),
    "craft": ("Håndværk", "Craft"),
    "machine_operation": ("Maskinbetjening", "Machine operation"),
    "project_coordination": ("Planlægning og koordinering", "Planning and coordination"),
}
KEYS: frozenset[str] = frozenset(COMPETENCES)


@dataclass(frozen=True)
class Competence:
    key: str
    label_da: str
    label_en: str


def labelled(keys: Iterable[str]) -> list[Competence]:
    """The known keys with their labels, in the list's order (for pages)."""
    wanted = set(keys)
    return [Competence(k, da, en) for k, (da, en) in COMPETENCES.items() if k in wanted]
