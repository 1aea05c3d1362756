"""Bounded types for the API's parameters and bodies, from ``fleksjob.core.bounds``.

Every number, date, id and free text a client sends is one of these, so a value outside its
bounds is a 422 naming the field (never an overflow, a 5xx or an ``Infinity`` in the answer).
Numeric bounds appear in the OpenAPI schema as ``minimum``/``maximum``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, Field

from fleksjob.core import bounds

Day = Annotated[
    dt.date,
    AfterValidator(bounds.check_date),
    Field(description=f"ÅÅÅÅ-MM-DD, {bounds.DATE_MIN} – {bounds.DATE_MAX}"),
]
Year = Annotated[int, Field(ge=bounds.YEAR_MIN, le=bounds.YEAR_MAX)]
# A finite float (never NaN or ±infinity); use with the field's own bounds.
Finite = Annotated[float, Field(allow_inf_nan=False)]
Amount = Annotated[Finite, Field(ge=0, le=bounds.AMOUNT_MAX, description="kr.")]
PositiveAmount = Annotated[Finite, Field(gt=0, le=bounds.AMOUNT_MAX, description="kr.")]
Percent = Annotated[Finite, Field(ge=0, le=bounds.PERCENT_MAX)]
# A reference to a record by its id (a filter or a body field); path ids stay plain ints so an
# id beyond the range is a 404 like any id that does not exist.
Id = Annotated[int, Field(ge=1, le=bounds.ID_MAX)]
Text = Annotated[str, AfterValidator(bounds.check_text)]
