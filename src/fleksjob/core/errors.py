"""The errors of the domain: every refusal of a write function is one of a few kinds.

A write function raises a :class:`DomainError` of one kind; callers translate the kind, never the
class: the API answers its ``status`` in the one error body, a page shows the Danish message
(with the same status when no form can show it). Messages are Danish and never repeat a value
the user sent (it may be a name or a CPR number).

- :class:`Refused` (409): the request is well formed, but the record's state does not allow it
  (a hire on an ended case, a move the workflow does not have).
- :class:`InvalidField` (422): a value the use case refuses because of the record it meets; it
  names the field.
- :class:`StaleVersion` (412): someone else changed the record since the caller read it.
- :class:`VersionRequired` (428): an update came without the version it was made from.

:class:`InputError` is the other family: a malformed input file (matching JSONL, statistics CSV,
calculator periods), reported by the command line with its place in the file.
"""

from __future__ import annotations

from typing import ClassVar


class DomainError(Exception):
    """A write the domain refuses. ``status`` is the HTTP status the kind answers with."""

    status: ClassVar[int] = 409


class Refused(DomainError, ValueError):
    """The record's state does not allow the change (409)."""

    status = 409


class InvalidField(DomainError, ValueError):
    """A value a use case refuses because of the record it meets (a hire dated before the case's
    current status): the caller answers 422 naming ``field``."""

    status = 422

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class StaleVersion(DomainError):
    """The expected version is not the record's current one: nothing was written (412)."""

    status = 412

    def __init__(self, message: str = "posten er ændret af en anden siden du hentede den") -> None:
        super().__init__(message)


class VersionRequired(DomainError):
    """An update without the version it was made from (428)."""

    status = 428

    def __init__(self, message: str = "opdateringen mangler postens version") -> None:
        super().__init__(message)


class RowRefused(DomainError):
    """A bulk write function refused one of its rows, so it wrote none of them.

    ``index`` is the row's place in the input (0 = the first), ``error`` what the single write
    function refuses that row with (a domain error, or the model's own ValidationError), and
    ``field`` the field it names ("" for the whole row). The message never repeats a value."""

    def __init__(self, index: int, error: Exception, field: str = "") -> None:
        self.index, self.error = index, error
        self.status = getattr(error, "status", InvalidField.status)
        # Django's ValidationError, duck-typed; "__all__" is its key for the whole record.
        fields = [name for name in getattr(error, "error_dict", {}) if name != "__all__"]
        self.field = field or getattr(error, "field", "") or (fields[0] if fields else "")
        reason = str(error) if isinstance(error, DomainError) else "afvist af postens regler"
        where = f"række {index + 1}" + (f", felt {self.field}" if self.field else "")
        super().__init__(f"{where}: {reason}")


class InputError(ValueError):
    """A malformed input file or record: where it is (file, line), which field, and why."""

    def __init__(self, reason: str, *, field: str | None = None, source: str = "", line: int = 0):
        self.reason, self.field, self.source, self.line = reason, field, source, line
        where = ", ".join(
            part
            for part in (
                source,
                f"line {line}" if line else "",
                f"field '{field}'" if field else "",
            )
            if part
        )
        super().__init__(f"{where}: {reason}" if where else reason)

    def at(self, source: str, line: int) -> InputError:
        """The same error, placed in a file."""
        return InputError(self.reason, field=self.field, source=source, line=line)
