"""The demo's case ownership: each municipality's open cases shared out among its caseworkers
(``fleksjob.core.synth.caseload``), so that ``sagsbehandler.lejre`` sees their own cases, the
queue holds some, and the managers' team view has caseloads to show."""

from __future__ import annotations

from collections import defaultdict

from fleksjob.accounts.models import Role, User
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.audit.writes import batch
from fleksjob.citizens.models import Approval
from fleksjob.core.synth.caseload import share_out

DEMO_ACTOR = "system:demo"


def assign_demo_caseloads(*, seed: int = 1) -> dict[str, int]:
    """Share out the open cases of every municipality where no case has a caseworker yet (so a
    second run, and a manager's later fordeling, are left alone); a consultant named in the
    demo becomes the fleksjobformidler of every third of their municipality's assigned cases.
    Returns the number of cases given out per municipality. Seeding, not casework: one audit
    event per municipality names the demo set-up as the actor."""
    workers: dict[str, list[int]] = defaultdict(list)
    brokers: dict[str, list[int]] = defaultdict(list)
    staff = User.objects.filter(is_active=True, role__in=(Role.CASEWORKER, Role.CONSULTANT))
    for pk, role, code in staff.values_list("pk", "role", "municipality_id").order_by("pk"):
        (workers if role == Role.CASEWORKER else brokers)[code].append(pk)
    given: dict[str, int] = {}
    for code in sorted(workers):
        cases = Approval.objects.active().filter(citizen__municipality_id=code)
        if cases.filter(caseworker__isnull=False).exists():
            continue
        ids = list(cases.values_list("pk", flat=True).order_by("pk"))
        if not ids:
            continue
        split = share_out(ids, workers[code], seed=seed)
        by_holder: dict[int, list[int]] = defaultdict(list)
        for case_id, holder in split.items():
            if holder is not None:
                by_holder[holder].append(case_id)
        with batch():
            for holder, own in sorted(by_holder.items()):
                Approval.objects.filter(pk__in=own).update(caseworker_id=holder)
                for broker in brokers.get(code, [])[:1]:
                    Approval.objects.filter(pk__in=sorted(own)[::3]).update(consultant_id=broker)
            given[code] = sum(len(own) for own in by_holder.values())
            record(
                None,
                Action.UPDATE,
                actor=DEMO_ACTOR,
                municipality=code,
                detail=f"demo: {given[code]} sager fordelt på {len(workers[code])} sagsbehandlere",
            )
    return given
