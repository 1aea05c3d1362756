"""The event tables the indicators engine reads: one definition, shared by every producer.

The operational database is exported into exactly these tables (and ``tables_from_synth``
builds them from synthetic Denmark). Each is a pandas DataFrame (or anything DuckDB reads from
Python, e.g. an Arrow table) with at least these columns; more are ignored. Dates are dates
(``datetime64`` or ``datetime.date``), an end date is the last day something held (inclusive)
and missing when it still holds. Ids are integers except municipality codes (text, "101").
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "int", "str", "date", "float"
    nullable: bool = False
    doc: str = ""


TABLES: dict[str, tuple[Column, ...]] = {
    "municipalities": (
        Column("municipality_id", "str", doc="kommunekode, e.g. '101'"),
        Column("name", "str"),
        Column("region_id", "str", doc="region code, e.g. '1084'"),
        Column("region", "str", doc="region name"),
    ),
    "citizens": (
        Column("citizen_id", "int"),
        Column("municipality_id", "str", doc="the municipality responsible for the case"),
        Column("birth_date", "date"),
        Column("sex", "str", doc="'F' or 'M'"),
        Column("education", "str", doc="highest completed education"),
    ),
    "approvals": (
        Column("approval_id", "int"),
        Column("citizen_id", "int"),
        Column("visitation_date", "date", doc="approved for fleksjob (visiteret) on"),
        Column("ended_on", "date", nullable=True, doc="first day no longer approved"),
    ),
    "ledighedsydelse": (
        Column("spell_id", "int"),
        Column("citizen_id", "int"),
        Column("approval_id", "int"),
        Column("start", "date"),
        Column("end", "date", nullable=True, doc="last day of ledighedsydelse"),
    ),
    "employments": (
        Column("employment_id", "int"),
        Column("citizen_id", "int"),
        Column("approval_id", "int"),
        Column("employer_id", "int", nullable=True),
        Column("kind", "str", doc="'fleksjob' (others are ignored by the indicators)"),
        Column("start", "date"),
        Column("end", "date", nullable=True, doc="last day employed"),
    ),
    "hours": (
        Column("employment_id", "int"),
        Column("valid_from", "date"),
        Column("hours_per_week", "float"),
    ),
    "meetings": (
        Column("meeting_id", "int"),
        Column("citizen_id", "int"),
        Column("held_on", "date"),
        Column("kind", "str", doc="'jobsamtale', 'follow_up', 'review', 'other'"),
    ),
    "employers": (
        Column("employer_id", "int"),
        Column("municipality_id", "str"),
    ),
    "contacts": (
        Column("contact_id", "int"),
        Column("employer_id", "int"),
        Column("contacted_on", "date", doc="consultant contact log entry date"),
    ),
    "offers": (
        Column("offer_id", "int"),
        Column("citizen_id", "int"),
        Column("approval_id", "int"),
        Column("kind", "str", doc="'practice', 'wage_subsidy', 'mentor', 'guidance', 'other'"),
        Column("start", "date"),
        Column("end", "date", nullable=True, doc="last day of the offer; missing while it runs"),
    ),
    "survey_invitations": (
        Column("municipality_id", "str"),
        Column("audience", "str", doc="'citizen' or 'employer'"),
        Column("month", "date", doc="first day of the month the invitation was sent"),
    ),
    "survey_answers": (
        Column("municipality_id", "str"),
        Column("audience", "str", doc="'citizen' or 'employer'"),
        Column("month", "date", doc="first day of the month the invitation was sent"),
        Column("satisfied", "int", doc="1 when the overall score is 4 or 5 of 5, else 0"),
    ),
    "staffing": (
        Column("municipality_id", "str"),
        Column("month", "date", doc="first day of the month"),
        Column(
            "consultants_fte",
            "float",
            doc="consultants, full-time equivalents: the municipality's own entry "
            "(ConsultantCapacity), else the synthetic figure",
        ),
    ),
    "conditions": (
        Column("municipality_id", "str"),
        Column("month", "date", doc="first day of the month"),
        Column("unemployment_rate", "float", doc="local unemployment, fraction"),
        Column("share_age_50_plus", "float"),
        Column("share_low_education", "float"),
    ),
}


class SchemaError(ValueError):
    """An event table does not have the agreed shape; the message names table, column, row."""


def _bad_row(frame: pd.DataFrame, mask) -> str:
    position = int(mask.to_numpy().nonzero()[0][0])
    return f"row {position + 1}"


def conform(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Check every table against TABLES and return copies with exactly the agreed columns and
    types (dates as datetime64[us], ids as int64 / str). Raises SchemaError."""
    out = {}
    for name, columns in TABLES.items():
        if name not in tables:
            raise SchemaError(f"event table {name!r} is missing")
        frame = tables[name]
        if not isinstance(frame, pd.DataFrame):
            frame = frame.to_pandas()  # Arrow
        missing = [c.name for c in columns if c.name not in frame.columns]
        if missing:
            raise SchemaError(f"table {name}: missing column(s) {', '.join(missing)}")
        cols = {}
        for col in columns:
            s = frame[col.name]
            null = s.isna()
            if not col.nullable and null.any():
                raise SchemaError(
                    f"table {name}, {_bad_row(frame, null)}, column {col.name}: empty"
                )
            try:
                if col.kind == "date":
                    s = pd.to_datetime(s, errors="raise").astype("datetime64[us]")
                elif col.kind == "int":
                    s = s.astype("Int64" if col.nullable else "int64")
                elif col.kind == "float":
                    s = s.astype(float)
                else:
                    s = s.astype(object).where(~null, None)
                    s = s.map(lambda v: v if v is None else str(v))
            except (ValueError, TypeError, OverflowError):
                raise SchemaError(
                    f"table {name}, column {col.name}: not all values are of type {col.kind}"
                ) from None
            cols[col.name] = s.reset_index(drop=True)
        out[name] = pd.DataFrame(cols)
    _check_rules(out)
    return out


# Ranges must not run backwards, and hours change at most once a day per employment (else
# "the hours in force on a day" would be ambiguous).
_ORDER = (
    ("approvals", "visitation_date", "ended_on"),
    ("ledighedsydelse", "start", "end"),
    ("employments", "start", "end"),
    ("offers", "start", "end"),
)


def _check_rules(out: dict[str, pd.DataFrame]) -> None:
    for name, first, last in _ORDER:
        frame = out[name]
        bad = frame[last].notna() & (frame[last] < frame[first])
        if bad.any():
            raise SchemaError(
                f"table {name}, {_bad_row(frame, bad)}, column {last}: before {first}"
            )
    twice = out["hours"].duplicated(["employment_id", "valid_from"])
    if twice.any():
        raise SchemaError(
            f"table hours, {_bad_row(out['hours'], twice)}, column valid_from: "
            "a second change for the same employment on the same day"
        )
