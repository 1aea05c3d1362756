"""Flex positions companies proposed on their own pages, for the consultant's review, under
/api/v1/position-submissions/: those waiting for review (list), one (GET with its ETag), approve
(an open position assembled from its tasks) or return it with a comment (POST, If-Match). The
write functions of ``employers.submissions`` lock, compare versions, assemble and audit; another
municipality's proposal is 404 like one that does not exist. Schemas come from the position and
task specs."""

import datetime as dt

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from fleksjob.api.auth import MUNICIPAL
from fleksjob.api.common import api_channel, paged
from fleksjob.api.errors import errors
from fleksjob.api.etag import IF_MATCH_DOC, if_match, set_etag
from fleksjob.api.specs import record_schema
from fleksjob.api.types import Text
from fleksjob.core.records import POSITION, POSITION_TASK
from fleksjob.employers.models import PositionSubmission, SubmissionStatus
from fleksjob.employers.submissions import approve_submission, return_submission
from fleksjob.employers.tasks import TASK_FIELDS

router = Router(auth=MUNICIPAL)

COMMENT_MAX = 2000  # as the review page's comment

SubmittedTaskOut = record_schema("SubmittedTaskOut", POSITION_TASK, TASK_FIELDS, "out")


class _SubmissionOutBase(Schema):
    id: int
    employer: int
    employer_label: str = Field(description="Navn — CVR 12345678, Vejnavn 1, 4000 By")
    contact_person: str | None = Field(description="the contact person who proposed it")
    specialist: bool
    status: str = Field(description="draft, submitted (waiting for review), returned, approved")
    tasks: list[SubmittedTaskOut]
    comment: str = Field(description="the consultant's comment when it was returned")
    submitted_at: dt.datetime | None
    reviewed_at: dt.datetime | None
    position: int | None = Field(description="the position made when it was approved")

    @staticmethod
    def resolve_employer(obj) -> int:
        return obj.employer_id

    @staticmethod
    def resolve_employer_label(obj) -> str:
        return obj.employer.picker_label

    @staticmethod
    def resolve_contact_person(obj) -> str | None:
        return obj.contact_person.name if obj.contact_person_id else None

    @staticmethod
    def resolve_position(obj) -> int | None:
        return obj.position_id


_FIELDS = ("title", "occupation", "provides", "remote_allowed", "openings")
SubmissionOut = record_schema("SubmissionOut", POSITION, _FIELDS, "out", base=_SubmissionOutBase)


class ReturnIn(Schema):
    comment: Text = Field(..., min_length=1, max_length=COMMENT_MAX)


def _submissions(request):
    return PositionSubmission.objects.visible_to(request.auth).select_related(
        "employer__municipality", "contact_person"
    )


def _submission(request, submission_id: int) -> PositionSubmission:
    return get_object_or_404(_submissions(request), pk=submission_id)


@router.get(
    "/position-submissions/",
    response={200: list[SubmissionOut], **errors(403, 422)},
    tags=["position submissions"],
    summary="Flex positions your municipality's companies proposed, waiting for review, "
    "oldest first",
)
@paged
def list_submissions(request):
    return (
        _submissions(request)
        .filter(status=SubmissionStatus.SUBMITTED)
        .order_by("submitted_at", "pk")
    )


@router.get(
    "/position-submissions/{submission_id}",
    response={200: SubmissionOut, **errors(403, 404)},
    tags=["position submissions"],
    summary="A company's proposed flex position, with its ETag",
)
def get_submission(request, submission_id: int, response: HttpResponse):
    found = _submission(request, submission_id)
    set_etag(response, found)
    return found


@router.post(
    "/position-submissions/{submission_id}/approve",
    response={200: SubmissionOut, **errors(403, 404, 409, 412, 422, 428)},
    tags=["position submissions"],
    summary="Approve it: an open position assembled from its tasks (`position`); If-Match "
    "required, 409 when it is not waiting for review",
    openapi_extra=IF_MATCH_DOC,
)
@api_channel
def approve(request, submission_id: int, response: HttpResponse):
    found = _submission(request, submission_id)
    approve_submission(request.auth, found, expected_version=if_match(request))
    found = _submission(request, submission_id)
    set_etag(response, found)
    return found


@router.post(
    "/position-submissions/{submission_id}/return",
    response={200: SubmissionOut, **errors(403, 404, 409, 412, 422, 428)},
    tags=["position submissions"],
    summary="Send it back to the company with a comment they see (If-Match required)",
    openapi_extra=IF_MATCH_DOC,
)
@api_channel
def send_back(request, submission_id: int, payload: ReturnIn, response: HttpResponse):
    found = _submission(request, submission_id)
    return_submission(
        request.auth, found, comment=payload.comment, expected_version=if_match(request)
    )
    found = _submission(request, submission_id)
    set_etag(response, found)
    return found
