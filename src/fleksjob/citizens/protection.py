"""The configured CPR protector (encryption keys and hash key from settings)."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings

from fleksjob.core.protection import Protector
from fleksjob.core.rules import cpr as cpr_rules


@lru_cache(maxsize=4)
def _protector(field_keys: tuple[str, ...], hash_key: str) -> Protector:
    return Protector(field_keys, hash_key)


def protector() -> Protector:
    return _protector(tuple(settings.FIELD_KEYS), settings.HASH_KEY)


def cpr_hash(value: str) -> str:
    """The lookup hash of a CPR number as typed by a user (validated first)."""
    return protector().lookup_hash(cpr_rules.parse(value).digits)
