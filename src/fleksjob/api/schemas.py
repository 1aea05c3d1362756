from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema


class CitizenOut(Schema):
    """A citizen's case profile. CPR is never part of an API response."""

    id: int
    municipality: str
    first_name: str
    last_name: str
    birth_year: int
    sex: str
    education: str
    occupations: list[str]
    skills_text: str
    needs: list[str]
    needs_note: str
    hours_min: Decimal
    hours_capacity: Decimal
    hours_target: Decimal
    max_commute_km: int
    remote_ok: bool
    wishes_sectors: list[str]
    wishes_task_types: list[str]
    goal: str
    consent_share_profile: bool
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
