"""The request bodies of the fleksjob pools (docs/pools.md) as record specs: a pool as its
managers set it up, an application for a place, the visitation unit's decision, a pool job and
its end. The API's schemas derive from them (``api/pools.py``); the write functions of
``pools/actions.py`` give the same verdicts."""

from __future__ import annotations

from fleksjob.core.pools import (
    ELIGIBILITY_MAX,
    END_REASON_MAX,
    MAX_CAP,
    MAX_MIN_WEEKS,
    MAX_MONTHLY_COST,
    MAX_PLACES,
    MOTIVATION_MAX,
    NAME_MAX,
    REASON_MAX,
    WORKPLACE_MAX,
    Kind,
)

from .citizen import hours, text
from .spec import FieldSpec, RecordSpec

DECISIONS = ("approve", "refuse")
POOL_KINDS = tuple(k.value for k in Kind)

POOL = RecordSpec(
    kind="pools",
    model="pools.Pool",
    label_da="fleksjobpulje",
    label_en="fleksjob pool",
    fields=(
        text(
            "name",
            "navn",
            "navn",
            "name (one pool of a name in a municipality)",
            max_length=NAME_MAX,
        ),
        FieldSpec("kind", "choice", "type", "what the pool is for", "type", choices=POOL_KINDS),
        FieldSpec(
            "annual_cap",
            "int",
            "årlig ramme (kr.)",
            "annual cap (kr)",
            "ramme",
            low=0,
            high=MAX_CAP,
        ),
        FieldSpec("places", "int", "pladser", "places", "pladser", low=0, high=MAX_PLACES),
        text(
            "eligibility",
            "maalgruppe",
            "målgruppe",
            "whom the pool is for",
            max_length=ELIGIBILITY_MAX,
            required=False,
            default="",
        ),
        FieldSpec(
            "requires_ledighedsydelse",
            "bool",
            "kun borgere på ledighedsydelse",
            "only citizens on ledighedsydelse",
            "kun_ledighedsydelse",
            required=False,
            default=False,
        ),
        FieldSpec(
            "min_weeks_on_ledighedsydelse",
            "int",
            "mindst uger på ledighedsydelse",
            "weeks on ledighedsydelse at least (0: no such rule)",
            "uger",
            low=0,
            high=MAX_MIN_WEEKS,
            required=False,
            default=0,
        ),
        FieldSpec(
            "active",
            "bool",
            "åben for ansøgninger",
            "open for applications",
            "aaben",
            required=False,
            default=True,
        ),
    ),
)

POOL_APPLICATION = RecordSpec(
    kind="pool_applications",
    model="pools.PoolApplication",
    label_da="ansøgning om puljeplads",
    label_en="application for a pool place",
    fields=(
        text(
            "motivation",
            "begrundelse",
            "begrundelse for ansøgningen",
            "why the citizen applies (no health data)",
            max_length=MOTIVATION_MAX,
        ),
    ),
)

POOL_DECISION = RecordSpec(
    kind="pool_decisions",
    model="pools.PoolApplication",
    label_da="puljeafgørelse",
    label_en="pool decision",
    fields=(
        FieldSpec(
            "decision",
            "choice",
            "afgørelse",
            "decision: approve (the waiting list when the pool is full) or refuse",
            "afgørelse",
            choices=DECISIONS,
        ),
        text(
            "reason",
            "begrundelse",
            "begrundelse for afgørelsen",
            "the reason (required for a refusal)",
            max_length=REASON_MAX,
            required=False,
            default="",
        ),
    ),
)

POOL_JOB = RecordSpec(
    kind="pool_jobs",
    model="pools.PoolPlacement",
    label_da="puljejob",
    label_en="pool job",
    fields=(
        text("workplace", "arbejdsplads", "arbejdsplads", "workplace", max_length=WORKPLACE_MAX),
        hours(
            "weekly_hours",
            "timer",
            "timer pr. uge",
            "hours a week",
            "Timer pr. uge i puljejobbet",
            "15",
            above_zero=True,
        ),
        FieldSpec(
            "monthly_cost",
            "int",
            "lønudgift pr. måned (kr.)",
            "wage cost a month (kr), paid by the pool",
            "loenudgift",
            low=1,
            high=MAX_MONTHLY_COST,
        ),
        FieldSpec("start", "date", "start", "first day", "start"),
    ),
)

POOL_JOB_END = RecordSpec(
    kind="pool_job_ends",
    model="pools.PoolPlacement",
    label_da="puljejobbets ophør",
    label_en="end of a pool job",
    fields=(
        FieldSpec("end", "date", "slutdato", "last day", "slut"),
        text("reason", "aarsag", "årsag til ophør", "why it ended", max_length=END_REASON_MAX),
    ),
)
