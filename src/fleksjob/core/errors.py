"""Domain errors shared by the write functions of several apps."""

from __future__ import annotations


class InvalidField(ValueError):
    """A value a use case refuses because of the record it meets (a hire dated before the case's
    current status): the caller answers 422 naming ``field``. The message is Danish and never
    repeats the value."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
