from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from fleksjob.api.specs import record_schema
from fleksjob.citizens.forms import ProfileForm
from fleksjob.core.records import CITIZEN


class _CitizenOutBase(Schema):
    """A citizen's case profile. CPR is never part of an API response."""

    id: int
    municipality: str
    birth_year: int
    sex: str
    status: str | None
    updated_at: dt.datetime

    @staticmethod
    def resolve_municipality(obj) -> str:
        return obj.municipality_id

    @staticmethod
    def resolve_birth_year(obj) -> int:
        return obj.birth_date.year

    caseworker: str | None = Field(
        None, description="user name of the active case's responsible caseworker (null: none)"
    )
    consultant: str | None = Field(
        None, description="user name of the active case's named consultant (fleksjobformidler)"
    )

    @staticmethod
    def resolve_status(obj) -> str | None:
        return getattr(obj, "case_status", None)

    @staticmethod
    def resolve_caseworker(obj) -> str | None:
        return getattr(obj, "case_caseworker", None)

    @staticmethod
    def resolve_consultant(obj) -> str | None:
        return getattr(obj, "case_consultant", None)


# The profile as the caseworker keeps it (the form's fields) beside the case facts above.
CitizenOut = record_schema(
    "CitizenOut", CITIZEN, ProfileForm.Meta.fields, "out", base=_CitizenOutBase
)
