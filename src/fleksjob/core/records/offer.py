"""An active offer (docs/active-offers.md), its end, and a month of consultant capacity as record
specs: the API's schemas derive from them (``api/offers.py``); the write functions of
``offers/actions.py`` give the same verdicts. The kinds and outcomes are the model's choices
(``offers.models``; a test holds the two lists together)."""

from __future__ import annotations

from typing import Any

from . import limits as L
from .citizen import text
from .spec import RANGE_HOURS, FieldSpec, Order, RecordSpec

OFFER_KINDS = ("practice", "wage_subsidy", "mentor", "guidance", "other")
OFFER_OUTCOMES = ("job", "fleksjob_same", "fleksjob_other", "interrupted", "completed")
PURPOSE_MAX = 2000
MAX_FTE = 500  # consultants of one municipality (full-time equivalents); more is a typing error

ACTIVE_OFFER = RecordSpec(
    kind="active_offers",
    model="offers.ActiveOffer",
    label_da="aktivt tilbud",
    label_en="active offer",
    fields=(
        FieldSpec("kind", "choice", "tilbud", "kind of offer", "tilbud", choices=OFFER_KINDS),
        FieldSpec("start", "date", "start", "first day", "start"),
        FieldSpec("planned_end", "date", "planlagt slut", "planned last day", "planlagt_slut"),
        FieldSpec(
            "weekly_hours",
            "decimal",
            "timer pr. uge",
            "hours a week",
            "timer",
            low=L.MIN_EMPLOYMENT_HOURS,
            high=L.MAX_WEEKLY_HOURS,
            places=L.HOURS_PLACES,
            range_reason=RANGE_HOURS,
        ),
        text(
            "purpose",
            "formaal",
            "formål",
            "purpose",
            max_length=PURPOSE_MAX,
            required=False,
            default="",
        ),
    ),
    orders=(Order("start", "planned_end", "planned_end", "planlagt slut ligger før start"),),
)


def offer_refusals(values: dict[str, Any]) -> list[tuple[str, str]]:
    """Each of an offer's fields (by ``ACTIVE_OFFER``'s names) the spec refuses, as (field,
    Danish reason), in the spec's order, then a planned end before the start. The one rule of
    an offer's values: the write functions refuse by it, the page's form and the API's schema
    check by the same spec (the hours from 0,5 to 37 a week, as every employment's)."""
    found = []
    for spec in ACTIVE_OFFER:
        verdict = spec.check(values.get(spec.name))
        if verdict is not None:
            found.append((spec.name, verdict.text))
    if not found:
        found = [(name, v.text) for name, v in ACTIVE_OFFER.check_orders(values)]
    return found


OFFER_END = RecordSpec(
    kind="active_offer_ends",
    model="offers.ActiveOffer",
    label_da="tilbuddets afslutning",
    label_en="end of an active offer",
    fields=(
        FieldSpec("ended_on", "date", "sidste dag", "last day", "slut"),
        FieldSpec("outcome", "choice", "udfald", "outcome", "udfald", choices=OFFER_OUTCOMES),
    ),
)


def _fte(name: str, da: str, en: str) -> FieldSpec:
    return FieldSpec(name, "decimal", da, en, name, required=False, low=0, high=MAX_FTE, places=2)


CAPACITY_MONTH = RecordSpec(
    kind="consultant_capacity",
    model="offers.ConsultantCapacity",
    label_da="konsulentkapacitet",
    label_en="consultant capacity",
    fields=(
        FieldSpec("month", "int", "måned", "month (1-12)", "maaned", low=1, high=12),
        _fte("consultants_fte", "konsulenter (årsværk)", "consultants (FTE); null clears"),
        _fte("employer_fte", "heraf virksomhedsrettede (årsværk)", "of these employer-facing"),
    ),
    orders=(
        Order(
            "employer_fte",
            "consultants_fte",
            "employer_fte",
            "højst det samlede antal årsværk",
        ),
    ),
)
