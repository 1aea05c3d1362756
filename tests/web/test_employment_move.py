"""Employment and HoursChange moved from placements to the employment app without touching the
data: rows written under the old app survive the migrations to head, with their keys, links and
content types."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from fleksjob.employment.models import Employment, HoursChange
from fleksjob.placements.models import Placement
from tests.factories import ApprovalFactory, PositionFactory

# Reloads the reference data (municipalities) a transactional test would otherwise flush away.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE_THE_MOVE = [("placements", "0004_open_stages_sorted"), ("employment", None)]


def _migrate(targets) -> None:
    """Migrate to ``targets``; None: the head of every app."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


def test_rows_written_before_the_move_are_intact_after_it():
    approval = ApprovalFactory(status="in_fleksjob")
    position = PositionFactory()
    try:
        _migrate(BEFORE_THE_MOVE)
        old = MigrationExecutor(connection).loader.project_state(BEFORE_THE_MOVE[0]).apps
        # Migrating back gave the content type its old label, as an old installation has it.
        old_type = ContentType.objects.get(app_label="placements", model="employment")
        job = old.get_model("placements", "Employment").objects.create(
            citizen_id=approval.citizen_id,
            approval_id=approval.pk,
            employer_id=position.employer_id,
            position_id=position.pk,
            kind="fleksjob",
            start=dt.date(2025, 2, 3),
            hourly_wage=Decimal("181.25"),
        )
        hours = old.get_model("placements", "HoursChange").objects.create(
            employment_id=job.pk, valid_from=dt.date(2025, 2, 3), hours_per_week=Decimal("12.5")
        )
        placement = old.get_model("placements", "Placement").objects.create(
            citizen_id=approval.citizen_id,
            approval_id=approval.pk,
            position_id=position.pk,
            stage="hired",
            stage_since=dt.date(2025, 2, 1),
            employment_id=job.pk,
        )
    finally:
        _migrate(None)
        ContentType.objects.clear_cache()

    moved = Employment.objects.get(pk=job.pk)
    assert (moved.citizen_id, moved.approval_id, moved.employer_id, moved.position_id) == (
        approval.citizen_id,
        approval.pk,
        position.employer_id,
        position.pk,
    )
    assert (moved.kind, moved.start, moved.hourly_wage) == (
        "fleksjob",
        dt.date(2025, 2, 3),
        Decimal("181.25"),
    )
    assert list(moved.hours_history.values_list("pk", "valid_from", "hours_per_week")) == [
        (hours.pk, dt.date(2025, 2, 3), Decimal("12.5"))
    ]
    assert Placement.objects.get(pk=placement.pk).employment == moved
    assert HoursChange._meta.db_table == "placements_hourschange"
    # Admin log entries and permissions follow the model to its new app.
    assert ContentType.objects.get_for_model(Employment).pk == old_type.pk
