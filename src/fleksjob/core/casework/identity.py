"""How an employer is told apart from others of the same name: CVR number and address beside
the name, in every list and picker (issue 14)."""

from __future__ import annotations


def address_line(street: str, postcode: str, city: str) -> str:
    """ "Algade 1, 4000 Roskilde"; parts that are not known are left out ("" when none is)."""
    town = " ".join(part for part in (postcode, city) if part)
    return ", ".join(part for part in (street, town) if part)


def picker_label(name: str, cvr: str, address: str) -> str:
    """ "Navn — CVR 12345678, Algade 1, 4000 Roskilde": a select option's text."""
    return f"{name} — CVR {cvr}, {address}" if address else f"{name} — CVR {cvr}"
