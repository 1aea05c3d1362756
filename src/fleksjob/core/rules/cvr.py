"""CVR numbers (Det Centrale Virksomhedsregister): eight digits with a modulus-11 check."""

from __future__ import annotations

_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


class InvalidCVR(ValueError):
    pass


def is_valid(value: str) -> bool:
    return len(value) == 8 and value.isdigit() and value[0] != "0" and _checksum(value) % 11 == 0


def _checksum(digits: str) -> int:
    return sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=True))


def normalise(value: str) -> str:
    """Strip spaces and an optional 'DK' prefix; raise InvalidCVR when not a valid number."""
    digits = value.replace(" ", "").upper().removeprefix("DK")
    if not is_valid(digits):
        raise InvalidCVR("CVR-nummer skal være 8 cifre med gyldigt kontrolciffer")
    return digits


def complete(first_seven: str) -> str | None:
    """The valid CVR that starts with these seven digits, or None when no check digit fits."""
    partial = sum(int(d) * w for d, w in zip(first_seven, _WEIGHTS[:7], strict=True))
    last = (-partial) % 11
    return None if last == 10 else first_seven + str(last)
