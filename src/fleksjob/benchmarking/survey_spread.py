"""*Svarfordeling*: how the answers to each question spread over the scale, for the
municipality's managers (docs/surveys.md). Aggregates only, counted over the months whose
survey indicator counts the latest benchmarking run publishes for the municipality (so the
page's totals are sums of published figures and no hidden month comes back as a year total
minus the shown months); small and recoverable counts are hidden by
``core/survey_spread.py``, for the municipality's own staff too: the answers are pseudonymous,
and a small count could point to a person who answered."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import render
from django.utils import timezone

from fleksjob.accounts.permissions import manager_required
from fleksjob.benchmarking.compute import latest_run
from fleksjob.benchmarking.models import IndicatorValue
from fleksjob.core.survey_spread import (
    Answered,
    Invited,
    MonthCounts,
    audience_spread,
    indicators_of,
)
from fleksjob.core.surveys import SCALE, load_surveys
from fleksjob.surveys.models import Audience, SurveyAnswer, SurveyInvitation
from fleksjob.ui.formats import language


def _year(request, years: list[int]) -> int:
    """The chosen year (``?aar=``) among the years with invitations; else the latest one, or
    this year when there are none."""
    wanted = request.GET.get("aar", "")
    if wanted.isdigit() and int(wanted) in years:
        return int(wanted)
    return years[-1] if years else timezone.localdate().year


def published(municipality: str, year: int, audience: str) -> dict[dt.date, MonthCounts]:
    """The municipality's survey indicator counts of ``audience`` per month of ``year`` as
    the latest run publishes them (None where hidden); a month the run lacks is missing."""
    run = latest_run()
    if run is None:
        return {}
    rate, share = indicators_of(audience)
    rows = IndicatorValue.objects.filter(
        run=run,
        unit_level="municipality",
        unit_id=municipality,
        period__year=year,
        indicator__in=[rate, share],
    ).values_list(
        "indicator", "period", "numerator", "denominator", "suppressed", "denominator_suppressed"
    )
    seen: dict[dt.date, dict[str, int | None]] = {}
    for indicator, period, x, n, hide_x, hide_n in rows:
        month = seen.setdefault(period, {"invitations": None, "answers": None, "satisfied": None})
        if indicator == rate:
            month["answers"] = None if hide_x or hide_n else round(x)
            month["invitations"] = None if hide_n else round(n)
        else:
            month["satisfied"] = None if hide_x or hide_n else round(x)
    return {m: MonthCounts(**counts) for m, counts in seen.items()}


@manager_required
def spread_page(request):
    municipality = request.user.municipality_id
    invitations = SurveyInvitation.objects.filter(municipality_id=municipality)
    years = sorted({d.year for d in invitations.dates("sent_on", "year")})
    year = _year(request, years)
    lang = language()
    surveys = list(load_surveys().values())
    blocks = []
    for audience, label in Audience.choices:
        group = [s for s in surveys if s.audience == audience]
        if not group:
            continue
        invited = [
            Invited(survey_id, version, sent_on.replace(day=1))
            for survey_id, version, sent_on in invitations.filter(
                audience=audience, sent_on__year=year
            ).values_list("survey_id", "version", "sent_on")
        ]
        answered = [
            Answered(*row)
            for row in SurveyAnswer.objects.filter(
                municipality_id=municipality, audience=audience, month__year=year
            ).values_list("survey_id", "version", "month", "scores", "satisfied")
        ]
        result = audience_spread(group, invited, answered, published(municipality, year, audience))
        titles = {s.id: s.title[lang] for s in group}
        texts = {(s.id, q.id): q.text[lang] for s in group for q in s.questions}
        blocks.append(
            {
                "key": audience,
                "audience": label,
                "months": result.months,
                "tables": [
                    {
                        "title": titles[r.survey],
                        "result": r,
                        "rows": [
                            {
                                "text": texts[(r.survey, q.question)],
                                "spread": q,
                                "cells": list(q.counts.values()),
                            }
                            for q in r.questions
                        ],
                    }
                    for r in result.tables
                ],
            }
        )
    context = {"year": year, "years": years, "blocks": blocks, "points": _labels(lang)}
    return render(request, "surveys/spread.html", context)


def _labels(lang: str) -> list[str]:
    """The scale's labels (every questionnaire shares the 1–5 scale; the first one's words)."""
    surveys = list(load_surveys().values())
    return [surveys[0].labels[p][lang] for p in SCALE] if surveys else []
