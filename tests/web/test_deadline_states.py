"""Issue 14, honest deadlines: the case page, the caseload and the home page show each legal
deadline's state from the case's facts; only overdue ones are red and counted."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from fleksjob.citizens.models import Approval
from fleksjob.core.rules.deadlines import add_months
from fleksjob.followup.models import FollowUpMeeting
from tests.factories import ApprovalFactory

pytestmark = pytest.mark.django_db


def _case(today: dt.date, *, review: bool = False, permanent: bool = False):
    """In fleksjob for 56 months: the review (4½ years) was due two months ago, the temporary
    period ends in four; the 2½-year conversation was held (before its mark)."""
    start = add_months(today, -56)
    approval = ApprovalFactory(
        citizen__municipality_id="350",
        visitation_date=add_months(start, -1),
        first_fleksjob_start=start,
        status="in_fleksjob",
        status_since=start,
        permanent=permanent,
    )
    held = [("follow_up", add_months(start, 29))]
    if review:
        held.append(("review", add_months(today, -3)))
    for kind, day in held:
        FollowUpMeeting.objects.create(
            citizen=approval.citizen, approval=approval, held_on=day, kind=kind, channel="phone"
        )
    return approval


def _deadline_rows(html: str) -> dict[str, str]:
    table = re.search(r'data-testid="deadlines".*?</table>', html, re.S).group(0)
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td></tr>", table, re.S)
    return {label: cell for label, cell in rows}


def test_case_page_shows_met_overdue_and_no_longer_relevant(login):
    today = timezone.localdate()
    held, missed, permanent = _case(today, review=True), _case(today), _case(today, permanent=True)
    client = login("sagsbehandler.lejre")
    page = lambda a: client.get(reverse("citizens:detail", args=[a.citizen_id])).content.decode()  # noqa: E731

    rows = _deadline_rows(page(held))
    assert "overholdt" in rows["Revurdering (4½ år)"]
    assert "badge-error" not in "".join(rows.values())  # today's code: the past review was red

    rows = _deadline_rows(page(missed))
    assert (
        'data-state="overdue"' in rows["Revurdering (4½ år)"]
        and "overskredet" in rows["Revurdering (4½ år)"]
    )
    assert "badge-error" not in rows["Første fleksjob er midlertidigt til"]  # still ahead

    rows = _deadline_rows(page(permanent))
    assert "ikke længere aktuel" in rows["Revurdering (4½ år)"]
    assert "badge-error" not in "".join(rows.values())


def test_home_counts_and_lists_only_overdue_reviews_and_the_caseload_shows_states(login, personas):
    today = timezone.localdate()
    _case(today, review=True)
    missed = _case(today)
    _case(today, permanent=True)
    # The caseworker's own cases: the home page and the caseload are per person (issue 14).
    Approval.objects.update(caseworker=personas["sagsbehandler.lejre"])
    client = login("sagsbehandler.lejre")
    home = client.get(reverse("home")).content.decode()
    figure = re.search(r'data-testid="deadlines-overdue"><span class="value">(\d+)<', home)
    assert figure and figure.group(1) == "1"  # only the missed review
    reviews = re.search(r'data-testid="reviews">(.*?)</ul>', home, re.S).group(1)
    assert reviews.count("<li>") == 1 and f"/borgere/{missed.citizen_id}/" in reviews
    assert "overskredet" in reviews

    caseload = client.get(reverse("citizens:list")).content.decode()
    assert caseload.count('data-state="overdue"') == 1
    assert f"/borgere/{missed.citizen_id}/" in caseload


@pytest.mark.slow
def test_the_municipality_count_reads_only_meetings_that_can_settle_a_deadline(personas):
    # The batch reads jobsamtaler only of cases on ledighedsydelse now and reviews and
    # follow-ups only of cases that have had a fleksjob; every case's deadlines must still be
    # exactly those worked out from all of its citizen's meetings, one case at a time.
    from django.core.management import call_command

    from fleksjob.citizens.casefacts import (
        FOLLOW_UP,
        JOBSAMTALE,
        REVIEW,
        deadlines_of_cases,
        legal_deadlines,
    )
    from fleksjob.citizens.models import BenefitSpell

    today = dt.date(2026, 10, 15)
    call_command("seed", scale="tiny", seed=3, replace=False, today=today)
    cases = Approval.objects.active()
    batch = dict(deadlines_of_cases(cases, today))
    assert len(batch) == cases.count() > 100
    kinds = (REVIEW, FOLLOW_UP, JOBSAMTALE)
    jobsamtaler_unread = 0
    for approval in cases:
        meetings = list(
            FollowUpMeeting.objects.filter(citizen=approval.citizen, kind__in=kinds)
            .order_by("held_on", "pk")
            .values_list("kind", "held_on")
        )
        spell = (
            BenefitSpell.objects.filter(approval=approval, end__isnull=True)
            .values_list("start", flat=True)
            .first()
        )
        jobsamtaler_unread += spell is None and any(k == JOBSAMTALE for k, _ in meetings)
        alone = legal_deadlines(approval, spell, today, meetings)
        assert batch[approval] == alone, approval.pk
    assert jobsamtaler_unread  # the data has meetings the batch leaves out


def test_the_kept_deadline_states_follow_every_change_of_the_facts(personas):
    # The municipality's states are kept per version of the facts read from the data; each kind
    # of change (a new record, a save of some fields, a deletion) must show at once, exactly as
    # a fresh computation gives it.
    from fleksjob.citizens.casefacts import deadlines_of_cases, open_case_deadlines

    user = personas["sagsbehandler.lejre"]
    today = timezone.localdate()
    missed, other = _case(today), _case(today)

    def overdue_reviews() -> set[int]:
        kept = open_case_deadlines(user, today)
        fresh = deadlines_of_cases(Approval.objects.visible_to(user).active(), today)
        assert kept == {a.pk: tuple(found) for a, found in fresh}
        return {pk for pk, found in kept.items() for s in found if s.key == "review" and s.overdue}

    assert overdue_reviews() == {missed.pk, other.pk}
    review = FollowUpMeeting.objects.create(  # a new record
        citizen=missed.citizen, approval=missed, held_on=today, kind="review", channel="phone"
    )
    assert overdue_reviews() == {other.pk}
    review.held_on = add_months(today, -60)  # before the period: meets nothing
    review.save(update_fields=["held_on"])  # a save of one field moves the stamp too
    assert overdue_reviews() == {missed.pk, other.pk}
    other.permanent = True
    other.save(update_fields=["permanent"])
    assert overdue_reviews() == {missed.pk}
    review.held_on = today
    review.save()
    assert overdue_reviews() == set()
    review.delete()  # a deletion
    assert overdue_reviews() == {missed.pk}
