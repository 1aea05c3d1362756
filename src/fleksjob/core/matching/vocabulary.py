"""Controlled vocabularies for wishes and employers: sectors and task types.

Sector keys are our own grouping of Danish industries (roughly DB07 sections), with Danish labels.
"""

from __future__ import annotations

SECTORS: dict[str, tuple[str, str]] = {
    "public_admin": ("Offentlig administration", "Public administration"),
    "health_care": ("Sundhed og omsorg", "Health and care"),
    "education": ("Undervisning og dagtilbud", "Education and childcare"),
    "retail": ("Detailhandel", "Retail"),
    "manufacturing": ("Industri og produktion", "Manufacturing"),
    "construction": ("Bygge og anlæg", "Construction"),
    "transport_logistics": ("Transport og lager", "Transport and logistics"),
    "hospitality": ("Hotel og restauration", "Hospitality"),
    "cleaning_facility": ("Rengøring og facility", "Cleaning and facility services"),
    "agriculture_gardening": ("Landbrug og gartneri", "Agriculture and gardening"),
    "it_communication": ("IT og kommunikation", "IT and communication"),
    "finance_business": ("Finans, jura og rådgivning", "Finance, law and consulting"),
    "culture_leisure": ("Kultur, idræt og fritid", "Culture, sport and leisure"),
}

TASK_TYPES: dict[str, tuple[str, str]] = {
    "administrative": ("Administrative opgaver", "Administrative tasks"),
    "practical": ("Praktiske opgaver", "Practical tasks"),
    "customer_service": ("Kundeservice", "Customer service"),
    "care": ("Omsorg og pleje", "Care"),
    "craft": ("Håndværk", "Craft"),
    "it": ("IT-opgaver", "IT tasks"),
    "creative": ("Kreative opgaver", "Creative tasks"),
    "outdoor": ("Udendørs arbejde", "Outdoor work"),
    "professional": ("Faglige specialistopgaver", "Professional specialist tasks"),
}

SIZE_BANDS: dict[str, tuple[str, str]] = {
    "micro": ("1-9 ansatte", "1-9 employees"),
    "small": ("10-49 ansatte", "10-49 employees"),
    "medium": ("50-249 ansatte", "50-249 employees"),
    "large": ("250+ ansatte", "250+ employees"),
}


def check_keys(keys: list[str], vocabulary: dict[str, tuple[str, str]], what: str) -> list[str]:
    """Sorted unique keys, or ValueError naming the first unknown key."""
    for key in keys:
        if key not in vocabulary:
            raise ValueError(f"ukendt {what}: {key!r}")
    return sorted(set(keys))
