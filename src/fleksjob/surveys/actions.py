"""The surveys' two writes (docs/surveys.md): the daily run that invites the people a trigger
concerns, and a person's answer. Both are write functions (docs/writes.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from fleksjob.audit.log import event as audit_event
from fleksjob.audit.log import record, record_all
from fleksjob.audit.models import Action
from fleksjob.audit.writes import write
from fleksjob.core.errors import InvalidField, Refused
from fleksjob.core.surveys import Survey, SurveyError, load_surveys
from fleksjob.employers.models import Channel, ContactLogEntry, ContactPerson
from fleksjob.employment.models import Employment, EmploymentKind
from fleksjob.followup.models import FollowUpMeeting
from fleksjob.surveys.models import SurveyAnswer, SurveyInvitation

SYSTEM_SURVEYS = "system:surveys"
WINDOW_DAYS = 14  # a trigger is still invited up to this many days after its sending day
LIMIT = 10_000  # at most this many invitations per run; the rest wait for the next run


class SurveyRefused(Refused):
    """An invitation that is answered or closed (409)."""


@dataclass
class SendReport:
    invited: dict[str, int] = field(default_factory=dict)
    without_recipient: int = 0
    remaining: int = 0  # due invitations left to the next run by the limit


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _first_contacts(employer_ids) -> dict[int, int]:
    """The first registered contact person of each employer (lowest id)."""
    first: dict[int, int] = {}
    rows = ContactPerson.objects.filter(employer_id__in=set(employer_ids)).order_by("pk")
    for pk, employer_id in rows.values_list("pk", "employer_id"):
        first.setdefault(employer_id, pk)
    return first


def _candidates(survey: Survey, first: dt.date, last: dt.date) -> list[dict]:
    """The triggers whose trigger day lies in first…last, as invitation fields."""
    out = []
    if survey.trigger == "meeting_held":
        rows = FollowUpMeeting.objects.filter(
            held_on__range=(first, last), citizen__anonymised_at__isnull=True
        ).values_list("pk", "held_on", "citizen_id", "citizen__municipality_id")
        for pk, on, citizen, muni in rows.order_by("pk"):
            out.append(
                dict(source_id=pk, triggered_on=on, citizen_id=citizen, municipality_id=muni)
            )
    elif survey.trigger == "placement_started":
        rows = Employment.objects.filter(
            kind=EmploymentKind.FLEKSJOB,
            start__range=(first, last),
            citizen__anonymised_at__isnull=True,
        ).values_list("pk", "start", "citizen_id", "citizen__municipality_id")
        for pk, on, citizen, muni in rows.order_by("pk"):
            out.append(
                dict(source_id=pk, triggered_on=on, citizen_id=citizen, municipality_id=muni)
            )
    elif survey.trigger == "placement_ended":
        rows = list(
            Employment.objects.filter(kind=EmploymentKind.FLEKSJOB, end__range=(first, last))
            .values_list("pk", "end", "employer_id", "employer__municipality_id")
            .order_by("pk")
        )
        contact = _first_contacts(r[2] for r in rows)
        for pk, on, employer, muni in rows:
            out.append(
                dict(
                    source_id=pk,
                    triggered_on=on,
                    contact_person_id=contact.get(employer),
                    municipality_id=muni,
                )
            )
    elif survey.trigger == "visit_logged":
        rows = list(
            ContactLogEntry.objects.filter(channel=Channel.VISIT, on__range=(first, last))
            .values_list(
                "pk", "on", "contact_person_id", "employer_id", "employer__municipality_id"
            )
            .order_by("pk")
        )
        contact = _first_contacts(r[3] for r in rows if r[2] is None)
        for pk, on, person, employer, muni in rows:
            out.append(
                dict(
                    source_id=pk,
                    triggered_on=on,
                    contact_person_id=person or contact.get(employer),
                    municipality_id=muni,
                )
            )
    return out


@write
def send_invitations(
    *,
    today: dt.date,
    window_days: int = WINDOW_DAYS,
    limit: int = LIMIT,
    on_survey: Callable[[int, int], None] | None = None,
) -> SendReport:
    """Invite everyone a trigger concerns whose sending day (trigger day + the questionnaire's
    ``send_after_days``) lies in the last ``window_days`` days up to ``today``. One invitation
    per trigger (a unique key): a second run the same day, or a run after missed days, invites
    nobody twice. A trigger without a recipient (an employer with no contact person) is
    counted and skipped. At most ``limit`` invitations (oldest triggers first within each
    questionnaire); the rest are counted as ``remaining`` and invited by the next run while
    they are in its window. ``on_survey(done, total)`` hears each questionnaire finished."""
    report = SendReport()
    surveys = list(load_surveys().values())
    room = limit
    for number, survey in enumerate(surveys, start=1):
        last = today - dt.timedelta(days=survey.send_after_days)
        first = last - dt.timedelta(days=window_days - 1)
        found = _candidates(survey, first, last)
        done = set(
            SurveyInvitation.objects.filter(
                trigger=survey.trigger, source_id__in=[f["source_id"] for f in found]
            ).values_list("source_id", flat=True)
        )
        new = []
        for fields in found:
            if fields["source_id"] in done:
                continue
            if survey.audience == "employer" and fields.get("contact_person_id") is None:
                report.without_recipient += 1
                continue
            sent = fields["triggered_on"] + dt.timedelta(days=survey.send_after_days)
            new.append(
                SurveyInvitation(
                    survey_id=survey.id,
                    version=survey.version,
                    audience=survey.audience,
                    trigger=survey.trigger,
                    sent_on=sent,
                    open_until=sent + dt.timedelta(days=survey.open_days - 1),
                    **fields,
                )
            )
        new.sort(key=lambda i: (i.triggered_on, i.source_id))
        report.remaining += max(0, len(new) - room)
        new = new[:room]
        room -= len(new)
        SurveyInvitation.objects.bulk_create(new, batch_size=2000)
        report.invited[survey.id] = len(new)
        if on_survey:
            on_survey(number, len(surveys))
    record_all(
        [
            audit_event(
                None,
                Action.CREATE,
                actor=SYSTEM_SURVEYS,
                detail=f"survey invitations {survey_id}: {count}",
            )
            for survey_id, count in sorted(report.invited.items())
            if count
        ]
    )
    return report


@write
def answer_invitation(user, token: str, scores: dict, *, today: dt.date | None = None) -> None:
    """Store the answer apart from the invitation and mark the invitation answered. The answer
    row holds the municipality, the questionnaire, the month it was sent and the scores; the
    audit event names the invitation, never the answer."""
    day = today or timezone.localdate()
    invitation = SurveyInvitation.objects.select_for_update().get(token=token)
    if invitation.answered_at is not None:
        raise SurveyRefused("Spørgeskemaet er allerede besvaret. Tak for dit svar.")
    if invitation.open_until < day or invitation.sent_on > day:
        raise SurveyRefused("Spørgeskemaet er lukket.")
    survey = load_surveys().get(invitation.survey_id)
    if survey is None or survey.version != invitation.version:
        raise SurveyRefused("Spørgeskemaet er lukket.")
    try:
        checked = survey.check_scores(scores)
    except SurveyError:
        raise InvalidField(survey.headline.id, "Vælg et svar på skalaen.") from None
    SurveyAnswer.objects.create(
        municipality_id=invitation.municipality_id,
        survey_id=survey.id,
        version=survey.version,
        audience=survey.audience,
        trigger=survey.trigger,
        month=_month(invitation.sent_on),
        scores=checked,
        satisfied=survey.satisfied(checked[survey.headline.id]),
    )
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["answered_at"])
    if invitation.citizen_id is not None:
        record(
            user, Action.UPDATE, invitation, citizen=invitation.citizen, detail="survey answered"
        )
    else:
        record(
            user,
            Action.UPDATE,
            invitation,
            municipality=invitation.municipality_id,
            detail="survey answered",
        )
