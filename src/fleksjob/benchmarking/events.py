"""Export of the operational database into the statistics engine's event tables.

The shapes are ``fleksjob.core.stats.schemas.TABLES``; only what the indicators read leaves the
database (ids, dates, municipality, age and sex; no names, CPR or health data).
"""

from __future__ import annotations

import pandas as pd
from django.db.models import Case, F, When

from fleksjob.citizens.models import Approval, BenefitSpell, Citizen
from fleksjob.core.stats.from_synth import staffing, survey_invitations
from fleksjob.core.stats.schemas import TABLES, conform
from fleksjob.employers.models import ContactLogEntry, Employer
from fleksjob.employment.models import Employment, HoursChange
from fleksjob.followup.models import FollowUpMeeting
from fleksjob.municipalities.models import MonthlyConditions, Municipality
from fleksjob.offers.models import ActiveOffer, ConsultantCapacity
from fleksjob.surveys.models import SurveyAnswer, SurveyInvitation

CHUNK = 20_000


def _frame(queryset, *fields: str, names: tuple[str, ...] | None = None) -> pd.DataFrame:
    rows = queryset.values_list(*fields).iterator(chunk_size=CHUNK)
    return pd.DataFrame.from_records(list(rows), columns=list(names or fields))


def event_tables(municipality: str | None = None) -> dict[str, pd.DataFrame]:
    """Every event table, conformed to the agreed schema (raises SchemaError otherwise);
    ``municipality``: only that municipality's cases (for its own breakdowns)."""
    c = {name: tuple(col.name for col in cols) for name, cols in TABLES.items()}
    mine = {} if municipality is None else {"citizen__municipality_id": municipality}
    conditions = MonthlyConditions.objects.order_by("municipality_id", "month")
    capacity = ConsultantCapacity.objects.order_by("municipality_id", "month")
    invited = SurveyInvitation.objects.order_by("pk")
    answered = SurveyAnswer.objects.order_by("municipality_id", "month", "pk")
    if municipality is not None:
        conditions = conditions.filter(municipality_id=municipality)
        capacity = capacity.filter(municipality_id=municipality)
        invited = invited.filter(municipality_id=municipality)
        answered = answered.filter(municipality_id=municipality)
    tables = {
        "municipalities": _frame(
            Municipality.objects.order_by("code").filter(
                **({} if municipality is None else {"code": municipality})
            ),
            "code",
            "name",
            "region_id",
            "region__name",
            names=c["municipalities"],
        ),
        "citizens": _frame(
            Citizen.objects.order_by("pk").filter(
                **({} if municipality is None else {"municipality_id": municipality})
            ),
            "pk",
            "municipality_id",
            "birth_date",
            "sex",
            "education",
            names=c["citizens"],
        ),
        "approvals": _frame(
            Approval.objects.order_by("pk")
            .filter(**mine)
            .annotate(ended=Case(When(status="ended", then=F("status_since")), default=None)),
            "pk",
            "citizen_id",
            "visitation_date",
            "ended",
            names=c["approvals"],
        ),
        "ledighedsydelse": _frame(
            BenefitSpell.objects.order_by("pk").filter(**mine),
            "pk",
            "citizen_id",
            "approval_id",
            "start",
            "end",
            names=c["ledighedsydelse"],
        ),
        "employments": _frame(
            Employment.objects.filter(approval__isnull=False, **mine).order_by("pk"),
            "pk",
            "citizen_id",
            "approval_id",
            "employer_id",
            "kind",
            "start",
            "end",
            names=c["employments"],
        ),
        "hours": _frame(
            HoursChange.objects.filter(
                employment__approval__isnull=False,
                **{f"employment__{k}": v for k, v in mine.items()},
            ).order_by("pk"),
            "employment_id",
            "valid_from",
            "hours_per_week",
            names=c["hours"],
        ),
        "meetings": _frame(
            FollowUpMeeting.objects.order_by("pk").filter(**mine),
            "pk",
            "citizen_id",
            "held_on",
            "kind",
            names=c["meetings"],
        ),
        "employers": _frame(
            Employer.objects.order_by("pk").filter(
                **({} if municipality is None else {"municipality_id": municipality})
            ),
            "pk",
            "municipality_id",
            names=c["employers"],
        ),
        "contacts": _frame(
            ContactLogEntry.objects.order_by("pk").filter(
                **({} if municipality is None else {"employer__municipality_id": municipality})
            ),
            "pk",
            "employer_id",
            "on",
            names=c["contacts"],
        ),
        # The satisfaction surveys (docs/surveys.md): invitations and the answers kept apart.
        "survey_invitations": survey_invitations(
            _frame(invited, "municipality_id", "audience", "sent_on")
        ),
        "survey_answers": _frame(answered, "municipality_id", "audience", "month", "satisfied"),
        "offers": _frame(
            ActiveOffer.objects.order_by("pk").filter(**mine),
            "pk",
            "citizen_id",
            "approval_id",
            "kind",
            "start",
            "ended_on",
            names=c["offers"],
        ),
        # The capacity a municipality entered, else the synthetic monthly conditions' figure.
        "staffing": staffing(
            synthetic=_frame(
                conditions, "municipality_id", "month", "consultants_fte", names=c["staffing"]
            ),
            entered=_frame(
                capacity, "municipality_id", "month", "consultants_fte", names=c["staffing"]
            ),
        ),
        "conditions": _frame(
            conditions,
            "municipality_id",
            "month",
            "unemployment_rate",
            "share_age_50_plus",
            "share_low_education",
            names=c["conditions"],
        ),
    }
    tables["staffing"]["consultants_fte"] = tables["staffing"]["consultants_fte"].astype(float)
    answers = tables["survey_answers"]
    answers["satisfied"] = answers["satisfied"].astype(bool).astype(int)
    for name in (
        "municipalities",
        "citizens",
        "employers",
        "staffing",
        "conditions",
        "survey_invitations",
        "survey_answers",
    ):
        for column in ("municipality_id", "region_id"):
            if column in tables[name]:
                tables[name][column] = tables[name][column].astype(str)
    tables["hours"]["hours_per_week"] = tables["hours"]["hours_per_week"].astype(float)
    return conform(tables)
