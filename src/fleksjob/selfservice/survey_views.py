"""*Hvad synes du?*: the satisfaction questionnaire of an open invitation (docs/surveys.md), for
the citizen on Mit fleksjob and for the employer's contact person on the company's pages. Only
the login's own open invitations: another's token, or one already answered or closed, is 404
like one that does not exist. The answer is stored apart from the invitation (pseudonymous)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fleksjob.core.errors import InvalidField, Refused
from fleksjob.core.surveys import SCALE, load_surveys
from fleksjob.selfservice.access import citizen_required, employer_required
from fleksjob.surveys.actions import answer_invitation
from fleksjob.surveys.models import SurveyInvitation


def open_invitations(**owner) -> list[dict]:
    """The login's open invitations with their questionnaire's title in the page's language."""
    lang = _lang()
    found = SurveyInvitation.objects.open_on(timezone.localdate()).filter(**owner)
    surveys = load_surveys()
    return [
        {"token": i.token, "title": surveys[i.survey_id].title[lang], "open_until": i.open_until}
        for i in found.order_by("sent_on", "pk")
        if i.survey_id in surveys and surveys[i.survey_id].version == i.version
    ]


def _lang() -> str:
    return "en" if (get_language() or "da").startswith("en") else "da"


def _answer(request, token: str, owner: dict, back: str):
    invitation = (
        SurveyInvitation.objects.open_on(timezone.localdate()).filter(token=token, **owner).first()
    )
    survey = load_surveys().get(invitation.survey_id) if invitation else None
    if survey is None or survey.version != invitation.version:
        raise Http404
    error = None
    if request.method == "POST":
        scores = {q.id: request.POST.get(q.id, "") for q in survey.questions}
        try:
            answer_invitation(request.user, invitation.token, scores)
        except Refused as exc:
            messages.error(request, str(exc))
            return redirect(back)
        except InvalidField:
            error = _("Vælg et svar på det første spørgsmål.")
        else:
            messages.success(request, _("Tak for dit svar."))
            return redirect(back)
    lang = _lang()
    chosen = request.POST if request.method == "POST" else {}
    context = {
        "title": survey.title[lang],
        "intro": survey.intro[lang],
        "questions": [
            {
                "id": q.id,
                "text": q.text[lang],
                "required": q.headline,
                "choices": [
                    {
                        "value": p,
                        "label": survey.labels[p][lang],
                        "checked": chosen.get(q.id) == str(p),
                    }
                    for p in SCALE
                ],
            }
            for q in survey.questions
        ],
        "error": error,
        "back": back,
    }
    return render(request, "selfservice/survey.html", context, status=422 if error else 200)


@citizen_required
def citizen_survey(request, token: str):
    return _answer(request, token, {"citizen": request.citizen}, "selfservice:home")


@employer_required
def employer_survey(request, token: str):
    owner = {"contact_person": request.contact_person}
    return _answer(request, token, owner, "selfservice:employer_home")
