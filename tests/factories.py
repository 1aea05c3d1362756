"""Factories for municipal records. CPR numbers go through the real encryption and hashing."""

from __future__ import annotations

import datetime as dt

import factory

from fleksjob.citizens.models import (
    Approval,
    BenefitSpell,
    Citizen,
    ConsentChange,
    StatusTransition,
)
from fleksjob.citizens.protection import protector
from fleksjob.core.casework.consent import ITEMS
from fleksjob.core.rules import cpr as cpr_rules
from fleksjob.core.rules.cvr import complete
from fleksjob.employers.models import Employer, Position


def _cpr(n: int) -> str:
    birth = dt.date(1970, 1, 1) + dt.timedelta(days=n * 37 % 12000)
    return cpr_rules.build(birth, n % 500, "F" if n % 2 else "M")


class CitizenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citizen
        skip_postgeneration_save = True

    class Params:
        cpr = factory.Sequence(_cpr)

    municipality_id = "350"
    cpr_encrypted = factory.LazyAttribute(lambda o: protector().encrypt(o.cpr))
    cpr_hash = factory.LazyAttribute(lambda o: protector().lookup_hash(o.cpr))
    birth_date = factory.LazyAttribute(lambda o: cpr_rules.parse(o.cpr).birth_date)
    sex = factory.LazyAttribute(lambda o: cpr_rules.parse(o.cpr).sex)
    first_name = factory.Sequence(lambda n: f"Fornavn{n}")
    last_name = factory.Sequence(lambda n: f"Efternavn{n}")
    lat = 55.6
    lon = 11.9
    education = "vocational"
    occupations = factory.LazyFunction(lambda: ["9112"])
    skills_text = "rengøring og kontorarbejde"
    needs = factory.LazyFunction(lambda: ["extra_breaks", "no_heavy_lifting"])
    hours_min = 5
    hours_capacity = 12
    hours_target = 20
    goal = "progression"

    @factory.post_generation
    def consent(obj, create, extracted, **kwargs):
        """A citizen made with the consent to share the profile has given every item, as
        registration gives them (citizens/actions.py)."""
        if create and obj.consent_share_profile:
            ConsentChange.objects.bulk_create(
                ConsentChange(
                    citizen=obj, item=i, given=True, at=obj.consent_recorded_at, via="registration"
                )
                for i in ITEMS
            )


class ApprovalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Approval
        skip_postgeneration_save = True

    citizen = factory.SubFactory(CitizenFactory)
    visitation_date = dt.date(2024, 3, 1)
    status = "approved_unemployed"
    status_since = dt.date(2024, 3, 1)

    @factory.post_generation
    def log(obj, create, extracted, **kwargs):
        if create:
            StatusTransition.objects.create(
                approval=obj, to_status=obj.status, on=obj.visitation_date
            )


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    cvr = factory.Sequence(
        lambda n: complete(f"{3000000 + n * 13:07d}") or complete(f"{3000000 + n * 13 + 1:07d}")
    )
    name = factory.Sequence(lambda n: f"Virksomhed {n} ApS")
    municipality_id = "350"
    sector = "retail"
    size_band = "small"
    lat = 55.6
    lon = 11.9


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    employer = factory.SubFactory(EmployerFactory)
    title = "Kontorassistent"
    occupation = "4110"
    hours_min = 8
    hours_max = 15
    provides = factory.LazyFunction(
        lambda: ["extra_breaks", "no_heavy_lifting", "quiet_environment"]
    )
    status = "open"
    created_on = dt.date(2026, 1, 5)


def past_fleksjob(approval, employer, i: int):
    """The ``i``-th ended fleksjob of the approval's citizen at ``employer``, 10 hours a week
    (distinct start dates, so lists of many of them have a defined order)."""
    from fleksjob.employment.models import Employment, HoursChange

    job = Employment.objects.create(
        citizen=approval.citizen,
        approval=approval,
        employer=employer,
        kind="fleksjob",
        start=dt.date(2010 + i % 10, 1 + i % 12, 1),
        end=dt.date(2021, 1, 1),
        hourly_wage=180,
    )
    HoursChange.objects.create(employment=job, valid_from=job.start, hours_per_week=10)
    return job


def in_fleksjob_since_2021():
    """A Lejre case in a temporary fleksjob since 1 September 2021: its 4½-year review fell due
    on 2 March 2026."""
    return ApprovalFactory(
        citizen__municipality_id="350",
        visitation_date=dt.date(2021, 5, 3),
        status="in_fleksjob",
        status_since=dt.date(2021, 9, 1),
        first_fleksjob_start=dt.date(2021, 9, 1),
        temporary_until=dt.date(2026, 9, 1),
    )


def unemployed_since_2024():
    """A Lejre case, approved and on ledighedsydelse since 1 March 2024."""
    approval = ApprovalFactory(citizen__municipality_id="350")
    BenefitSpell.objects.create(
        citizen=approval.citizen,
        approval=approval,
        start=dt.date(2024, 3, 1),
        rate_category="dagpenge_89",
    )
    return approval
