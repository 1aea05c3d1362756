"""Seeding synthetic Denmark into the database: complete, consistent, protected, all-or-nothing."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fleksjob.citizens.models import Approval, Citizen
from fleksjob.citizens.protection import protector
from fleksjob.core import synth
from fleksjob.core.rules import cpr as cpr_rules
from fleksjob.demo.personas import PERSONAS
from fleksjob.employers.models import Employer, Position
from fleksjob.employment.models import Employment

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


def _seed(**kwargs):
    call_command(
        "seed",
        scale="tiny",
        seed=7,
        today=TODAY,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        **kwargs,
    )


def test_seed_loads_every_generated_row_and_protects_cpr():
    _seed()
    dataset = synth.generate("tiny", 7, TODAY)
    from django.apps import apps

    for name, table in dataset.tables.items():
        assert apps.get_model(name).objects.count() == len(table.rows), name
    generated = {row[0]: row for row in dataset.tables["citizens.Citizen"].rows}
    cpr_index = dataset.tables["citizens.Citizen"].columns.index("cpr")
    for citizen in Citizen.objects.order_by("pk")[:50]:
        digits = protector().decrypt(citizen.cpr_encrypted)
        assert digits == generated[citizen.pk][cpr_index]
        assert cpr_rules.parse(digits).birth_date == citizen.birth_date
        assert citizen.cpr_hash == protector().lookup_hash(digits)


def test_every_persona_municipality_has_citizens_employers_positions():
    _seed()
    for _, _, code, _, _ in PERSONAS:
        if code is None:
            continue
        assert Approval.objects.filter(citizen__municipality_id=code).active().exists(), code
        assert Employer.objects.filter(municipality_id=code).exists(), code
        assert Position.objects.filter(employer__municipality_id=code, status="open").exists(), code


def test_seeded_fleksjobs_are_consistent_with_case_status():
    _seed()
    in_job = Approval.objects.filter(status="in_fleksjob")
    open_jobs = Employment.objects.filter(kind="fleksjob", end__isnull=True)
    assert in_job.count() == open_jobs.values("approval").distinct().count()
    assert not Employment.objects.filter(old_scheme=True, start__gte=dt.date(2013, 1, 1)).exists()


def test_seed_refuses_a_seeded_database_and_replace_reseeds():
    _seed()
    count = Citizen.objects.count()
    with pytest.raises(CommandError, match="already holds citizens"):
        _seed()
    _seed(replace=True)
    assert Citizen.objects.count() == count


def test_seeding_leaves_the_query_planner_statistics():
    """Without them SQLite picked the status index and read the whole country's unemployed
    citizens to count one municipality's; PostgreSQL would wait for autovacuum."""
    from django.db import connection

    _seed()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        else:
            cursor.execute("SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL")
        analysed = {row[0] for row in cursor.fetchall()}
    assert {"citizens_citizen", "citizens_approval", "employers_position"} <= analysed
