"""The retention job: anonymise citizens whose case ended the retention period ago.

Bounded (at most ``limit`` citizens a run), batched (each batch one transaction, so a killed run
loses at most the batch in progress), idempotent (anonymised citizens are skipped, and
``anonymise_citizen`` re-checks under a row lock). The decision of who is due is the core's
(``fleksjob.core.casework.retention``); this module feeds it the case facts and writes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import OuterRef, Subquery

from fleksjob.audit.writes import batch
from fleksjob.citizens.models import Approval, StatusTransition
from fleksjob.core.casework.retention import CaseEnd, CitizenCases, due_citizens
from fleksjob.core.rules.case_status import Status
from fleksjob.operations.faults import pause_at
from fleksjob.privacy.anonymise import anonymise_citizen


@dataclass
class RetentionReport:
    due: int = 0  # due in all on the day
    selected: int = 0  # within this run's limit
    anonymised: int = 0
    batches: int = 0
    by_municipality: dict[str, int] = field(default_factory=dict)  # of the selected

    @property
    def remaining(self) -> int:
        return self.due - self.selected


def case_facts() -> Iterator[CitizenCases]:
    """Every not-yet-anonymised citizen's approvals with the day each ended: the ended
    transition's date in the status log, else the approval's status date."""
    ended = StatusTransition.objects.filter(approval=OuterRef("pk"), to_status=Status.ENDED)
    rows = (
        Approval.objects.filter(citizen__anonymised_at__isnull=True)
        .annotate(logged_end=Subquery(ended.order_by("-on").values("on")[:1]))
        .order_by("citizen_id", "pk")
        .values_list(
            "citizen_id", "citizen__municipality_id", "status", "status_since", "logged_end"
        )
    )
    for (citizen_id, municipality), cases in groupby(
        rows.iterator(chunk_size=5000), key=lambda r: (r[0], r[1])
    ):
        yield CitizenCases(
            citizen_id,
            municipality,
            tuple(
                CaseEnd(status, (logged or since) if status == Status.ENDED else None)
                for _, _, status, since, logged in cases
            ),
        )


def apply_retention(
    *,
    as_of: dt.date,
    years: int,
    limit: int,
    batch_size: int = 100,
    dry_run: bool = False,
    on_batch: Callable[[int, int], None] | None = None,
) -> RetentionReport:
    """Anonymise at most ``limit`` due citizens (lowest ids first) in batches of ``batch_size``;
    ``on_batch(batch_number, anonymised_so_far)`` is called after each batch commits."""
    facts = list(case_facts())
    municipality = {c.citizen_id: c.municipality for c in facts}
    due = due_citizens(facts, as_of, years)
    chosen = due[:limit]
    report = RetentionReport(
        due=len(due),
        selected=len(chosen),
        by_municipality=dict(sorted(Counter(municipality[c] for c in chosen).items())),
    )
    if dry_run:
        return report
    for start in range(0, len(chosen), batch_size):
        with batch():  # each batch commits on its own; a kill loses at most one
            for citizen_id in chosen[start : start + batch_size]:
                report.anonymised += anonymise_citizen(citizen_id)
            if report.batches:  # tests only: a kill inside the second batch's transaction
                pause_at("retention.batch")
        report.batches += 1
        if on_batch is not None:
            on_batch(report.batches, report.anonymised)
    return report
