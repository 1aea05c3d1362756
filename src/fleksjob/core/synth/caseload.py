"""Sharing a municipality's open cases out among its caseworkers (case ownership, issue 14).

Synthetic Denmark generates cases, not staff: the demo gives each municipality's cases to the
caseworkers that exist when it is set up (the demo personas), with this deterministic split.
A share stays in the queue of unassigned cases, as new cases do in a jobcentre, so the queue,
the manager's team view and "take a case" have something to show.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

QUEUE_SHARE = 0.15  # of a municipality's open cases left unassigned


def share_out(
    case_ids: Sequence[int],
    holders: Sequence[int],
    *,
    queue_share: float = QUEUE_SHARE,
    seed: int = 1,
) -> dict[int, int | None]:
    """Each case id → the holder it goes to, or None (the queue).

    The same input gives the same split. ``round(queue_share × n)`` cases stay in the queue; the
    rest go round the holders in turn, so caseloads differ by at most one case. Without holders
    every case stays in the queue."""
    if not 0 <= queue_share <= 1:
        raise ValueError("queue_share must lie between 0 and 1")
    order = sorted(case_ids)
    random.Random(seed).shuffle(order)
    queued = round(queue_share * len(order)) if holders else len(order)
    result: dict[int, int | None] = dict.fromkeys(order[:queued])
    people = sorted(holders)
    for turn, case_id in enumerate(order[queued:]):
        result[case_id] = people[turn % len(people)]
    return result
