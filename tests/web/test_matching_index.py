"""The matching index is versioned from the data: a committed change to what it holds is seen by
the next recommendation in every process, without anyone clearing a cache (there is no call to
clear it any more)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from fleksjob.core.versions import version_of
from fleksjob.employers.actions import save_employer
from fleksjob.employers.models import Position
from fleksjob.placements import matching
from fleksjob.placements.matching import recommendations_for
from tests.factories import ApprovalFactory, PositionFactory

TODAY = dt.date(2026, 3, 2)


def _world():
    citizen = ApprovalFactory(
        citizen__municipality_id="350",
        citizen__occupations=["4110"],
        citizen__needs=[],
        citizen__hours_min=6,
        citizen__hours_capacity=12,
        citizen__max_commute_km=25,
        citizen__remote_ok=False,
    ).citizen
    position = PositionFactory(
        employer__municipality_id="350", occupation="4110", hours_min=8, hours_max=15, provides=[]
    )
    return citizen, position


def _recommended(citizen) -> list[int]:
    return [r.position.pk for r in recommendations_for(citizen, TODAY)]


def test_no_caller_clears_the_index():
    assert not hasattr(matching, "forget_index")


@pytest.mark.django_db
def test_an_employer_that_moves_away_is_no_longer_recommended(personas):
    citizen, position = _world()
    assert _recommended(citizen) == [position.pk]  # the index is built and cached
    employer = position.employer
    user = personas["sagsbehandler.lejre"]
    # Skagen is far beyond the citizen's 25 km: the new coordinates must reach the index.
    save_employer(user, employer, expected_version=version_of(employer), lat=57.72, lon=10.58)
    assert _recommended(citizen) == []
    save_employer(
        user,
        employer,
        expected_version=version_of(type(employer).objects.get(pk=employer.pk)),
        lat=55.6,
        lon=11.9,
    )
    assert _recommended(citizen) == [position.pk]


@pytest.mark.django_db
def test_an_edit_committed_by_another_process_is_seen(personas):
    citizen, position = _world()
    assert _recommended(citizen) == [position.pk]
    # Another process's write: the rows change in the database and nothing in this process is
    # told (no call, no signal). Its write function saved the row, so updated_at moved.
    Position.objects.filter(pk=position.pk).update(
        hours_min=20, hours_max=30, updated_at=timezone.now()
    )
    assert _recommended(citizen) == []
