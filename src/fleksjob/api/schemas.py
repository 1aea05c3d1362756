from __future__ import annotations

import datetime as dt

from ninja import Schema

from fleksjob.api.specs import record_schema
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

    @staticmethod
    def resolve_status(obj) -> str | None:
        return getattr(obj, "case_status", None)


CITIZEN_OUT_FIELDS = (
    "first_name",
    "last_name",
    "education",
    "occupations",
    "skills_text",
    "needs",
    "needs_note",
    "hours_min",
    "hours_capacity",
    "hours_target",
    "max_commute_km",
    "remote_ok",
    "wishes_sectors",
    "wishes_task_types",
    "goal",
    "consent_share_profile",
)
CitizenOut = record_schema("CitizenOut", CITIZEN, CITIZEN_OUT_FIELDS, "out", base=_CitizenOutBase)
