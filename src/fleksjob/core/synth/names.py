"""Danish names from Faker's da_DK lists, sampled with NumPy so common names are common."""

from __future__ import annotations

import zlib
from functools import cache

import numpy as np
from faker.providers.person.da_DK import Provider

# [public] names that Danmarks Statistik's name statistics show as very common among adults
# born 1955–1995; they get the top popularity ranks in that order, the rest of Faker's list
# follows in a fixed pseudo-random order. The skew itself (Zipf-like) is an [assumption].
_COMMON_MALE = (
    "Peter",
    "Jens",
    "Lars",
    "Michael",
    "Henrik",
    "Thomas",
    "Søren",
    "Jan",
    "Niels",
    "Martin",
    "Anders",
    "Morten",
    "Jesper",
    "Christian",
    "Hans",
    "Per",
    "Ole",
    "Rasmus",
    "Mads",
    "Kim",
    "Brian",
    "Allan",
    "Torben",
    "Steen",
    "Bo",
    "Jørgen",
    "Erik",
    "Claus",
    "Kenneth",
    "Carsten",
)
_COMMON_FEMALE = (
    "Anne",
    "Kirsten",
    "Mette",
    "Hanne",
    "Helle",
    "Susanne",
    "Lene",
    "Maria",
    "Marianne",
    "Lone",
    "Camilla",
    "Louise",
    "Pia",
    "Bente",
    "Inge",
    "Tina",
    "Charlotte",
    "Karen",
    "Gitte",
    "Birgitte",
    "Dorthe",
    "Julie",
    "Heidi",
    "Rikke",
    "Anette",
    "Janne",
    "Pernille",
    "Tanja",
    "Trine",
    "Malene",
)


def _ranked(names: tuple[str, ...], common: tuple[str, ...]) -> tuple[str, ...]:
    unique = list(dict.fromkeys(names))
    top = [n for n in common if n in unique]
    rest = sorted((n for n in unique if n not in top), key=lambda n: zlib.crc32(n.encode()))
    return tuple(top + rest)


def _zipf(n: int, offset: float, exponent: float) -> np.ndarray:
    w = 1.0 / (np.arange(n) + offset) ** exponent
    return w / w.sum()


@cache
def _lists() -> dict[str, tuple[tuple[str, ...], np.ndarray]]:
    male = _ranked(Provider.first_names_male, _COMMON_MALE)
    female = _ranked(Provider.first_names_female, _COMMON_FEMALE)
    last = tuple(dict.fromkeys(Provider.last_names))  # Faker lists these by frequency already
    return {
        "M": (male, _zipf(len(male), 4.0, 1.1)),
        "F": (female, _zipf(len(female), 4.0, 1.1)),
        "last": (last, _zipf(len(last), 3.0, 1.0)),
    }


def first_names(rng: np.random.Generator, sexes: np.ndarray) -> list[str]:
    out = np.empty(len(sexes), dtype=object)
    for sex in ("F", "M"):
        names, p = _lists()[sex]
        idx = np.flatnonzero(sexes == sex)
        out[idx] = np.asarray(names, dtype=object)[rng.choice(len(names), size=len(idx), p=p)]
    return out.tolist()


def last_names(rng: np.random.Generator, n: int, double_share: float = 0.08) -> list[str]:
    """Surnames; a few are double surnames ("Holm Jensen")."""
    names, p = _lists()["last"]
    arr = np.asarray(names, dtype=object)
    first = arr[rng.choice(len(names), size=n, p=p)]
    second = arr[rng.choice(len(names), size=n, p=p)]
    double = (rng.random(n) < double_share) & (first != second)
    out = first.copy()
    out[double] = second[double] + " " + first[double]
    return out.tolist()


_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "oe", "ä": "ae"})


def slug(text: str) -> str:
    """Lower-case ASCII for e-mail addresses (æ → ae, ø → oe, å → aa)."""
    s = text.lower().translate(_ASCII)
    out = []
    for ch in s:
        if ch.isascii() and ch.isalnum():
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")
