"""The API's record schemas (In, Patch, Out), built from the record specs (core.records).

Each body field carries its spec's type, range, choices and length, so the OpenAPI document shows
the same limits the forms and the import apply, and a value outside them is a 422 naming the
field. The handlers then pass the body through the form, whose spec validators give the verdict
again: the API is never looser or stricter than the form.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import create_model

from fleksjob.api.types import Day, Finite, Text
from fleksjob.core.records import FieldSpec, RecordSpec
from fleksjob.core.records.limits import MAX_KEYS

Mode = Literal["in", "patch", "out"]

_OUT_TYPES: dict[str, Any] = {
    "text": str,
    "int": int,
    "decimal": Decimal,
    "float": float,
    "bool": bool,
    "choice": str,
    "keys": list[str],
    "date": dt.date,
    "cpr": str,
    "cvr": str,
    "occupation": str,
    "occupations": list[str],
}


def _bounds(spec: FieldSpec) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if spec.low is not None:
        found["gt" if spec.low_open else "ge"] = spec.low
    if spec.high is not None:
        found["le"] = spec.high
    if spec.places is not None:
        found["decimal_places"] = spec.places
    return found


def body_type(spec: FieldSpec) -> Any:
    """The bounded type of a request body's field."""
    description = spec.label_en
    match spec.kind:
        case "text":
            low = 1 if spec.required else 0
            # An optional text may be empty; otherwise its whole value matches the pattern.
            pattern = (
                f"^(?:{spec.pattern}){'' if spec.required else '?'}$" if spec.pattern else None
            )
            return Annotated[
                Text,
                Field(
                    min_length=low,
                    max_length=spec.max_length,
                    pattern=pattern,
                    description=description,
                ),
            ]
        case "int":
            return Annotated[int, Field(description=description, **_bounds(spec))]
        case "decimal":
            return Annotated[Decimal, Field(description=description, **_bounds(spec))]
        case "float":
            return Annotated[Finite, Field(description=description, **_bounds(spec))]
        case "bool":
            return bool
        case "choice":
            return Literal[spec.choices]  # type: ignore[valid-type]
        case "keys":
            return Annotated[list[str], Field(max_length=MAX_KEYS, description=description)]
        case "date":
            return Day
        case "cvr":
            return Annotated[str, Field(pattern=r"^[1-9][0-9]{7}$", description="8 cifre")]
        case "cpr":  # checked by the form (date, control digits); never echoed in a response
            return Annotated[str, Field(max_length=11, description="10 cifre eller DDMMÅÅ-XXXX")]
        case "occupation":
            return Annotated[str, Field(pattern=r"^[0-9]{4}$", description="DISCO-08, 4 cifre")]
        case "occupations":
            return Annotated[
                list[str], Field(max_length=spec.max_length, description="DISCO-08-koder")
            ]
    raise ValueError(f"no API type for {spec.kind}")


def record_schema(
    name: str,
    record: RecordSpec,
    fields: tuple[str, ...] | list[str],
    mode: Mode,
    *,
    base: type[Schema] = Schema,
    optional: tuple[str, ...] = (),
    doc: str = "",
) -> type[Schema]:
    """A schema of ``record``'s ``fields``: ``in`` (required as the spec says, defaults from
    the spec; ``optional`` fields may be left out, to None, but not sent as null), ``patch``
    (every field optional, only those sent are changed) or ``out`` (plain types, as stored)."""
    definitions: dict[str, Any] = {}
    for field_name in fields:
        spec = record[field_name]
        if mode == "out":
            definitions[field_name] = (_OUT_TYPES[spec.kind], ...)
        elif mode == "patch":
            definitions[field_name] = (body_type(spec) | None, None)
        elif field_name in optional:  # may be left out; sent, it must be a value (not null)
            definitions[field_name] = (body_type(spec), None)
        elif spec.required:
            definitions[field_name] = (body_type(spec), ...)
        else:
            # Left out or null, the field takes the spec's default (as in a form and the import).
            default = list(spec.default) if isinstance(spec.default, list) else spec.default
            definitions[field_name] = (body_type(spec) | None, default)
    schema = create_model(name, __base__=base, __module__=__name__, **definitions)
    schema.__doc__ = doc or base.__doc__
    return schema
