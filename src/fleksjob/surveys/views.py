"""*Svarfordeling*: how the answers to each question spread over the scale, for the
municipality's managers (docs/surveys.md). Aggregates only; small and recoverable counts are
hidden by ``core/survey_spread.py``, for the municipality's own staff too: the answers are
pseudonymous, and a small count could point to a person who answered."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from fleksjob.accounts.permissions import manager_required
from fleksjob.core.survey_spread import spread
from fleksjob.core.surveys import SCALE, load_surveys
from fleksjob.surveys.models import SurveyAnswer, SurveyInvitation
from fleksjob.ui.formats import language


def _year(request, years: list[int]) -> int:
    """The chosen year (``?aar=``) among the years with invitations; else the latest one, or
    this year when there are none."""
    wanted = request.GET.get("aar", "")
    if wanted.isdigit() and int(wanted) in years:
        return int(wanted)
    return years[-1] if years else timezone.localdate().year


@manager_required
def spread_page(request):
    municipality = request.user.municipality_id
    invitations = SurveyInvitation.objects.filter(municipality_id=municipality)
    years = sorted({d.year for d in invitations.dates("sent_on", "year")})
    year = _year(request, years)
    lang = language()
    tables = []
    for survey in load_surveys().values():
        # The current version only: answers to another wording are never mixed in.
        invited = invitations.filter(
            survey_id=survey.id, version=survey.version, sent_on__year=year
        ).count()
        scores = SurveyAnswer.objects.filter(
            municipality_id=municipality,
            survey_id=survey.id,
            version=survey.version,
            month__year=year,
        ).values_list("scores", flat=True)
        result = spread(survey, invited, list(scores))
        texts = {q.id: q.text[lang] for q in survey.questions}
        tables.append(
            {
                "title": survey.title[lang],
                "audience": survey.audience,
                "result": result,
                "rows": [
                    {"text": texts[q.question], "spread": q, "cells": list(q.counts.values())}
                    for q in result.questions
                ],
            }
        )
    context = {
        "year": year,
        "years": years,
        "tables": tables,
        "points": _labels(lang),
    }
    return render(request, "surveys/spread.html", context)


def _labels(lang: str) -> list[str]:
    """The scale's labels (every questionnaire shares the 1–5 scale; the first one's words)."""
    surveys = list(load_surveys().values())
    return [surveys[0].labels[p][lang] for p in SCALE] if surveys else []
