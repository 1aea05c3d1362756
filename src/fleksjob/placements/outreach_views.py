"""Outreach that starts from people (issue 14): employers ranked by the waiting citizens they
could take, and one employer's candidates for a visit. The employer-only outreach score stays
on the employers' page (``employers:outreach``)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from fleksjob.accounts.permissions import municipal_role_required
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.core.matching.outreach import rank
from fleksjob.core.matching.taxonomy import ACCOMMODATIONS
from fleksjob.employers.models import Employer
from fleksjob.employers.queries import mark_namesakes
from fleksjob.placements.outreach import municipality_reach, visit_for
from fleksjob.ui.paging import paginate


def _labels(keys) -> list:
    return [ACCOMMODATIONS[k] for k in keys if k in ACCOMMODATIONS]


@municipal_role_required
def ranked(request):
    """Employers with open positions, most candidates who fit first, then most near misses.
    Counts only: no citizen is named here."""
    reaches = rank(municipality_reach(request.user.municipality_id, timezone.localdate()).values())
    context = paginate(request, reaches)
    page = context["page_obj"]
    employers = Employer.objects.visible_to(request.user).select_related("municipality")
    by_pk = employers.in_bulk([int(r.employer) for r in page])
    rows = []
    for r in page:
        employer = by_pk.get(int(r.employer))
        if employer is not None:  # always: the index holds the municipality's own employers
            near = [(ACCOMMODATIONS[k], n) for k, n in r.near_by_provision if k in ACCOMMODATIONS]
            rows.append((employer, r, near))
    mark_namesakes(request.user, [row[0] for row in rows])
    context["rows"] = rows
    return render(request, "placements/outreach.html", context)


@municipal_role_required
def visit(request, pk: int):
    """ "Besøg med kandidater": the employer's matches and near misses, named as the position
    page names candidates (without consent to share the profile, no name)."""
    employer = get_object_or_404(
        Employer.objects.visible_to(request.user).select_related("municipality"), pk=pk
    )
    found = visit_for(employer, timezone.localdate())
    context = paginate(request, found.fits)
    rows = []
    for number, fit in enumerate(context["page_obj"], start=context["page_obj"].start_index()):
        citizen = found.citizens[fit.candidate]
        positions = [found.positions[p] for p in fit.positions]
        rows.append(
            {
                "number": number,
                "citizen": citizen,
                "fit": fit,
                "positions": positions,
                "missing": _labels(fit.missing),
                "borrowed": _labels(fit.borrowed),
            }
        )
    if rows:
        # The list names citizens: one event naming every citizen shown on this page.
        record(
            request.user,
            Action.SEARCH,
            employer,
            citizen_ids=[row["citizen"].pk for row in rows],
            detail="besøg med kandidater",
        )
    mark_namesakes(request.user, [employer])
    context.update(
        {
            "employer": employer,
            "rows": rows,
            "open_positions": list(found.positions.values()),
            "offered": _labels(sorted(found.offered)),
            "matches": sum(f.kind == "match" for f in found.fits),
            "near": sum(f.kind == "near" for f in found.fits),
        }
    )
    return render(request, "placements/visit.html", context)
