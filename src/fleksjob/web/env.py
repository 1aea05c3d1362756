"""Reading settings from the environment: every bad value fails loudly, naming the variable."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

MODES = ("production", "demo", "test")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def get_str(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"{name} must be set")
        return default
    return value


def get_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0/true/false/yes/no/on/off, not {value!r}")


def get_int(name: str, default: int, *, minimum: int = 0) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}")
    return number


def get_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def get_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    value = os.environ.get(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def generated_secrets(data_dir: Path) -> dict[str, str]:
    """Demo mode only: secrets generated once into the data directory and reused after."""
    from fleksjob.core.private_files import open_private, private_dir, restrict
    from fleksjob.core.protection import new_field_key

    path = data_dir / "demo-secrets.json"
    if path.exists():
        restrict(path)
        return json.loads(path.read_text())
    private_dir(data_dir)
    values = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FLEKSJOB_FIELD_KEYS": new_field_key(),
        "FLEKSJOB_HASH_KEY": secrets.token_urlsafe(48),
    }
    with open_private(path, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(values))
    return values
