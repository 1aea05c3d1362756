"""Uploaded files waiting for the background job that imports them.

A file uploaded on an import page may hold CPR numbers and health-related needs. Between the
request that checked it and the job that writes it, it is kept encrypted with the field keys
(Fernet, as the CPR column) in a file only the service's user can read, under a random name that
says nothing about its content; the job removes it when it has finished, whatever the outcome.
A worker killed mid-job leaves it for the next attempt of the same job.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from django.conf import settings

from fleksjob.core.private_files import open_private, private_dir
from fleksjob.core.protection import Protector

_TOKEN = re.compile(r"[0-9a-f]{32}")


def _protector() -> Protector:
    return Protector(settings.FIELD_KEYS, settings.HASH_KEY)


def _path(token: str) -> Path:
    if not _TOKEN.fullmatch(token):  # the token comes back from the job's stored params
        raise ValueError("not an upload token")
    return private_dir(Path(settings.DATA_DIR) / "spool" / "imports") / f"{token}.fernet"


def keep(data: bytes) -> str:
    """Store ``data`` encrypted; the token that finds it again."""
    token = uuid.uuid4().hex
    with open_private(_path(token)) as file:
        file.write(_protector().encrypt_bytes(data))
    return token


def read(token: str) -> bytes:
    return _protector().decrypt_bytes(_path(token).read_bytes())


def discard(token: str) -> None:
    _path(token).unlink(missing_ok=True)
