"""Calculators under /api/v1/calc/: the rules engine over HTTP (no personal data involved).

Every calculator takes ``year`` or ``date`` (the rule set in force that day); a period without a
rate table, or a bad number, answers 422 with the reason.
"""

from __future__ import annotations

from typing import Any

from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field, model_validator

from fleksjob.api.errors import errors
from fleksjob.api.types import Amount, Day, Finite, Percent, PositiveAmount, Text, Year
from fleksjob.core import bounds
from fleksjob.core.errors import InvalidField
from fleksjob.core.records.limits import FULL_TIME_HOURS, MAX_WEEKLY_HOURS
from fleksjob.core.rules import (
    RatesNotCovered,
    case_deadlines,
    employer_cost,
    income_by_hours,
    ledighedsydelse,
    rules_for,
    subsidy,
)
from fleksjob.core.rules.income_tax import tax_rates

router = Router(tags=["calc"])
# A result, or 422 for a bad number or a period without a rate table.
CALC = {200: dict[str, Any], **errors(422)}


class When(Schema):
    year: Year | None = Field(None, description="satsår")
    date: Day | None = Field(None, description="dato; regelsættet i kraft den dag")

    @model_validator(mode="after")
    def one_of(self):
        if (self.year is None) == (self.date is None):
            raise ValueError("angiv enten year eller date")
        return self

    def rules(self):
        try:
            return rules_for(self.date or self.year)
        except RatesNotCovered as exc:
            raise HttpError(422, str(exc)) from None


class SubsidyQuery(When):
    wage_income: Amount = Field(..., description="lønindkomst pr. måned inkl. pension")
    wage_ceiling: Amount | None = Field(None, description="lønloft pr. måned")


class HoursQuery(When):
    hourly_wage: PositiveAmount = Field(..., description="timeløn før pension")
    pension_pct: Percent = 0
    fulltime_hours: int = Field(FULL_TIME_HOURS, ge=1, le=bounds.WEEKLY_HOURS_MAX)
    municipality: Text | None = Field(
        None, description="kommunekode (tre cifre); giver nettoindkomst efter skat i hver række"
    )
    church_member: bool = Field(False, description="medlem af folkekirken (kræver municipality)")


class TaxRatesQuery(When):
    municipality: Text | None = Field(None, description="kommunekode (tre cifre)")


class LedighedsydelseQuery(When):
    income: Amount = 0
    low_rate: bool = False
    forsorger: bool = False


class EmployerQuery(When):
    hourly_wage: PositiveAmount
    hours_per_week: Finite = Field(..., gt=0, le=MAX_WEEKLY_HOURS)
    employer_pension_pct: Percent = 0


class DeadlinesQuery(Schema):
    first_fleksjob_start: Day | None = None
    ledighedsydelse_start: Day | None = None


def _checked(compute):
    try:
        return compute()
    except InvalidField:
        raise  # the API's handler answers 422 naming the field
    except ValueError as exc:
        raise HttpError(422, str(exc)) from None


@router.get("/rates", response=CALC, summary="Satser og kilder for et år eller en dato")
def rates(request, q: Query[When]) -> dict[str, Any]:
    return q.rules().as_dict()


@router.get("/subsidy", response=CALC, summary="Fleksløntilskud for en lønindkomst")
def calc_subsidy(request, q: Query[SubsidyQuery]) -> dict[str, Any]:
    rules = q.rules()
    return _checked(lambda: subsidy(rules, q.wage_income, q.wage_ceiling).as_dict())


@router.get(
    "/hours",
    response=CALC,
    summary="Indkomst ved hvert ugentligt timetal (med municipality også efter skat)",
)
def calc_hours(request, q: Query[HoursQuery]) -> dict[str, Any]:
    if q.church_member and q.municipality is None:
        raise InvalidField("church_member", "church_member kræver municipality")
    rules = q.rules()
    return _checked(
        lambda: income_by_hours(
            rules,
            q.hourly_wage,
            q.pension_pct,
            q.fulltime_hours,
            municipality=q.municipality,
            church_member=q.church_member,
        ).as_dict()
    )


@router.get("/tax-rates", response=CALC, summary="Skattesatser for et indkomstår med kilder")
def calc_tax_rates(request, q: Query[TaxRatesQuery]) -> dict[str, Any]:
    return _checked(lambda: tax_rates(q.date or q.year, q.municipality))


@router.get("/ledighedsydelse", response=CALC, summary="Ledighedsydelse efter indtægt")
def calc_ledighedsydelse(request, q: Query[LedighedsydelseQuery]) -> dict[str, Any]:
    rules = q.rules()
    return _checked(
        lambda: ledighedsydelse(
            rules, q.income, high_rate=not q.low_rate, forsorger=q.forsorger
        ).as_dict()
    )


@router.get(
    "/employer-cost", response=CALC, summary="Virksomhedens udgift (kun løn for de arbejdede timer)"
)
def calc_employer(request, q: Query[EmployerQuery]) -> dict[str, Any]:
    rules = q.rules()
    return _checked(
        lambda: employer_cost(rules, q.hourly_wage, q.hours_per_week, q.employer_pension_pct)
    )


@router.get("/deadlines", response=CALC, summary="Frister flyttet til næste arbejdsdag")
def calc_deadlines(request, q: Query[DeadlinesQuery]) -> dict[str, Any]:
    if q.first_fleksjob_start is None and q.ledighedsydelse_start is None:
        raise HttpError(422, "angiv first_fleksjob_start og/eller ledighedsydelse_start")
    found = case_deadlines(q.first_fleksjob_start, q.ledighedsydelse_start)
    return {"deadlines": [d.as_dict() for d in found]}
