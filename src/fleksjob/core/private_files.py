"""Files and directories that only their owner can read (0600 and 0700), whatever the umask.

The embedded database, the generated demo secrets and backup archives hold personal data or
keys; a permissive umask (0022 is common) would otherwise leave them readable by every local user.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: Path) -> Path:
    """Create ``path`` and any missing parents as 0700; directories that exist are left as the
    operator made them."""
    missing = []
    for directory in (path, *path.parents):
        if directory.exists():
            break
        missing.append(directory)
    for directory in reversed(missing):
        directory.mkdir(exist_ok=True)
        os.chmod(directory, DIR_MODE)  # mkdir's mode is cut by the umask; chmod is not
    return path


def restrict(path: Path) -> None:
    """Take group and other permissions off an existing file of ours (one made by an earlier
    version, or under a wider umask); files owned by someone else are left alone."""
    try:
        status = path.stat()
    except FileNotFoundError:
        return
    if status.st_uid == os.getuid() and status.st_mode & 0o077:
        os.chmod(path, status.st_mode & 0o700)


def create_private(path: Path) -> None:
    """Make sure ``path`` exists as a file only its owner can read: created empty as 0600, or an
    existing one of ours restricted."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        restrict(path)
        return
    os.fchmod(fd, FILE_MODE)
    os.close(fd)


def open_private(path: Path, mode: str = "wb", **kwargs) -> IO:
    """Open ``path`` for writing (created or truncated) as 0600."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    os.fchmod(fd, FILE_MODE)
    return os.fdopen(fd, mode, **kwargs)
